"""The plan's forms of communication, with the names commune sheets use for them (idempotent)."""

from outreach.models import CommunicationForm

# The form a broadcast recorded from a draft's loudspeaker script page gets (outreach/broadcast.py).
LOUDSPEAKER_FORM_NAME = "Loa truyền thanh cơ sở"

# canonical name, aliases (one per line) — the plan's forms, and what commune sheets write for them
FORMS = [
    (LOUDSPEAKER_FORM_NAME, "Loa truyền thanh\nLoa phát thanh\nĐài truyền thanh xã\nPhát thanh"),
    ("Niêm yết bảng tin", "Bảng tin\nNiêm yết\nNiêm yết tại bảng tin\nNiêm yết công khai"),
    ("Hội nghị", "Hội nghị tuyên truyền\nHọp dân\nHội nghị lấy ý kiến"),
    ("Đối thoại trực tiếp", "Đối thoại\nĐối thoại trực tiếp với Nhân dân"),
    ("Đối thoại trực tuyến", "Trực tuyến\nHội nghị trực tuyến"),
    ("Cổng/Trang thông tin điện tử", "Trang thông tin điện tử\nCổng thông tin điện tử\nTrang TTĐT\nWebsite"),
    ("Mạng xã hội", "Facebook\nZalo\nFanpage"),
    ("Tài liệu in (tờ gấp)", "Tờ gấp\nTờ rơi\nTài liệu in\nPhát tờ gấp"),
    ("Lồng ghép sinh hoạt văn hóa", "Lồng ghép\nLồng ghép hoạt động văn hóa\nSinh hoạt văn hóa cơ sở"),
    ("Báo, đài", "Báo\nĐài\nBáo chí\nPhát thanh, truyền hình\nBáo, đài phát thanh"),
    ("Khác", "Hình thức khác"),
]


def run():
    setup_forms()


def setup_forms():
    forms = {}
    for order, (name, aliases) in enumerate(FORMS):
        forms[name] = CommunicationForm.objects.get_or_create(
            name=name, defaults={"aliases": aliases, "sort_order": order}
        )[0]
    return forms
