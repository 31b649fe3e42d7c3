"""The columns of an activity sheet: one canonical heading each, and the variants clerks write."""

from django.utils.translation import gettext_lazy as _

from policies.naming import fold

# key, canonical heading (what exports and the template write), variants seen in real sheets
COLUMNS = [
    (
        "date",
        "Ngày thực hiện",
        ["Ngày", "Ngày tổ chức", "Thời gian thực hiện", "Thời gian", "Ngày thực hiện (dd/mm/yyyy)"],
    ),
    (
        "unit",
        "Đơn vị thực hiện",
        ["Đơn vị", "Cơ quan thực hiện", "Đơn vị báo cáo", "Cơ quan, đơn vị", "Đơn vị tổ chức"],
    ),
    ("commune", "Địa bàn (xã)", ["Địa bàn", "Xã", "Xã, phường", "Địa bàn thực hiện", "Xã, phường, thị trấn"]),
    (
        "draft",
        "Dự thảo chính sách",
        ["Dự thảo", "Tên dự thảo", "Chính sách", "Mã dự thảo", "Dự thảo chính sách (mã hoặc tên)"],
    ),
    ("form", "Hình thức truyền thông", ["Hình thức", "Hình thức tuyên truyền", "Hình thức TT"]),
    ("content", "Nội dung", ["Nội dung truyền thông", "Nội dung tuyên truyền", "Nội dung hoạt động"]),
    ("sessions", "Số buổi/lượt", ["Số buổi", "Số lượt", "Số buổi, lượt", "Số cuộc", "Số buổi/lượt phát"]),
    ("participants", "Số người tham dự", ["Số người", "Số lượt người", "Số người nghe", "Số người tham gia"]),
    ("cost", "Kinh phí (đồng)", ["Kinh phí", "Kinh phí (VNĐ)", "Kinh phí (vnd)", "Số tiền", "Kinh phí (nghìn đồng)"]),
    ("funding_source", "Nguồn kinh phí", ["Nguồn", "Nguồn kinh phí sử dụng"]),
    ("notes", "Ghi chú", ["Ghi chú khác"]),
]
# Columns recognised and deliberately not read (numbering, a database id someone added).
IGNORED = {"stt", "tt", "so thu tu", "id", "ma ban ghi"}
# A commune's own sheet often has no unit column: its rows are then the clerk's own unit's.
REQUIRED = ("date", "form")
HEADINGS = {key: heading for key, heading, _variants in COLUMNS}
EXPORT_HEADINGS = ["STT", *HEADINGS.values()]

_VARIANTS = {}
for _key, _heading, _variants in COLUMNS:
    for _text in (_heading, *_variants):
        _VARIANTS[fold(_text)] = _key


def column_key(heading):
    """The column a heading names ('Số buổi / lượt' → 'sessions'), 'ignored', or None."""
    folded = fold(heading)
    if not folded:
        return None
    if folded in IGNORED:
        return "ignored"
    return _VARIANTS.get(folded)


def accepted_headings():
    return ", ".join(f"“{heading}”" for key, heading, _v in COLUMNS if key in REQUIRED)


HEADER_NOT_FOUND = _(
    "Không tìm thấy dòng tiêu đề cột. Bảng tính cần có ít nhất các cột %(columns)s "
    "(viết hoa, thường, có dấu hay không đều được)."
)
