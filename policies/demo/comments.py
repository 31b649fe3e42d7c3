"""Comments in every state on the open draft, and a published synthesis on the closed one (issue 3)."""

from dataclasses import dataclass

from django.utils import timezone

from policies.forms import CONSENT_NOTICE_VERSION, consent_notice
from policies.models import Comment as CommentModel
from policies.models import ConsentRecord, ConsultationStatus, DraftPage, Synthesis


@dataclass(frozen=True)
class Comment:
    """A demo comment; its receipt is GY-DEMO- plus the draft's letter and `number`.

    `section` is the index of the draft section it is about (None: the whole draft).
    """

    number: str
    body: str
    state: str
    publish_as: str = "anonymous"
    source: str = "online"
    name: str = ""
    organisation: str = ""
    section: int | None = None
    handling: str = ""
    response: str = ""
    hidden_reason: str = ""


OPEN_DRAFT_COMMENTS = [
    Comment(
        number="01",
        state="pending",
        publish_as="name",
        name="Nguyễn Văn Hùng",
        organisation="Thôn 1, xã Ia Tơi",
        section=0,
        body="Đề nghị nói rõ hộ nào được hỗ trợ, thủ tục đăng ký ở đâu và trong bao lâu.",
    ),
    Comment(
        number="02",
        state="pending",
        body="Nên thông báo bằng tiếng Ba Na và tiếng Gia Rai trên loa của thôn.",
    ),
    Comment(
        number="03",
        state="approved",
        publish_as="name",
        name="Rơ Châm Thị H'Lan",
        organisation="Hội Liên hiệp Phụ nữ xã Ia Đal",
        section=1,
        body="Đồng ý với dự thảo, đề nghị ưu tiên phụ nữ làm chủ hộ.",
        handling="taken_in",
        response="Cơ quan soạn thảo tiếp thu, bổ sung đối tượng ưu tiên tại Điều 2.",
    ),
    Comment(
        number="04",
        state="approved",
        body="Mức hỗ trợ còn thấp so với giá cả hiện nay.",
        handling="explained",
        response="Mức hỗ trợ được tính theo khả năng cân đối ngân sách năm 2026; sẽ xem xét điều chỉnh hằng năm.",
    ),
    Comment(number="05", state="approved", body="Mức hỗ trợ còn thấp so với giá cả hiện nay!"),
    Comment(
        number="06",
        state="approved",
        publish_as="private",
        name="Trần Thị Lựu",
        body="Gia đình tôi thuộc diện cận nghèo nhưng chưa được rà soát.",
        handling="not_taken",
        response="Nội dung thuộc thẩm quyền rà soát hộ nghèo của UBND xã, đã chuyển để giải quyết.",
    ),
    Comment(
        number="07",
        state="hidden",
        publish_as="name",
        name="Khách",
        body="Nội dung có lời lẽ xúc phạm cán bộ (đã ẩn).",
        hidden_reason="Lời lẽ xúc phạm cá nhân.",
    ),
    Comment(number="08", state="spam", body="Mua bán đất giá rẻ, liên hệ ngay!!!"),
    Comment(
        number="09",
        state="approved",
        publish_as="name",
        source="meeting",
        name="Y Blih",
        organisation="Thôn 3, xã Ia Tơi",
        section=0,
        body="Tại hội nghị thôn, bà con đề nghị hướng dẫn cụ thể cách làm hồ sơ.",
        handling="taken_in",
        response="Sẽ in tờ gấp hướng dẫn và phát tại nhà văn hóa thôn.",
    ),
]

CLOSED_DRAFT_COMMENTS = [
    Comment(
        number="21",
        state="approved",
        publish_as="name",
        source="letter",
        name="Phòng Tài chính - Kế hoạch",
        organisation="Phòng Tài chính - Kế hoạch",
        section=0,
        body="Đề nghị làm rõ nguồn kinh phí thực hiện.",
        handling="taken_in",
        response="Đã bổ sung nguồn kinh phí tại Điều 4.",
    ),
    Comment(
        number="22",
        state="approved",
        body="Cần quy định thời hạn giải quyết hồ sơ.",
        handling="taken_in",
        response="Đã quy định thời hạn 10 ngày làm việc.",
    ),
    Comment(
        number="23",
        state="approved",
        publish_as="name",
        source="hotline",
        name="A Thuận",
        organisation="Làng Ia Dom",
        body="Đề nghị mở rộng cho cả hộ mới tách.",
        handling="explained",
        response="Hộ mới tách đã thuộc đối tượng tại khoản 2 Điều 2.",
    ),
]

# The closed draft's published report on how its comments were handled.
SYNTHESIS = {
    "number_symbol": "15/BC-PGDĐT",
    "bodies_consulted": 14,
    "people_consulted": 230,
    "introduction": "Thực hiện kế hoạch lấy ý kiến, cơ quan soạn thảo đã đăng tải dự thảo trên cổng "
    "thông tin, tổ chức hội nghị tại các thôn và nhận ý kiến qua đường dây nóng.",
    "signer_title": "Trưởng phòng",
    "signer_name": "Trần Văn Bình",
    "recipients": "- UBND huyện;\n- Phòng Tư pháp;\n- Lưu: VT.",
    "published": True,
}


def seed_comments():
    """Comments on the first open draft, comments and a published synthesis on the first closed one.

    Drafts are found by their window, so this works whatever drafts exist; with none it creates nothing.
    Returns how many comments it created.
    """
    open_draft, closed_draft = _open_and_closed_drafts()
    created = 0
    if open_draft is not None:
        created += _seed_draft_comments(open_draft, OPEN_DRAFT_COMMENTS, "O")
    if closed_draft is not None:
        created += _seed_draft_comments(closed_draft, CLOSED_DRAFT_COMMENTS, "C")
        Synthesis.objects.get_or_create(draft=closed_draft, defaults=SYNTHESIS)
    return created


def _open_and_closed_drafts():
    now = timezone.now()
    drafts = list(DraftPage.objects.live().order_by("path"))
    open_draft = next((d for d in drafts if d.consultation_status(now) == ConsultationStatus.OPEN), None)
    closed_draft = next((d for d in drafts if d.consultation_status(now) == ConsultationStatus.CLOSED), None)
    return open_draft, closed_draft


def _seed_draft_comments(draft, records, letter):
    sections = [anchor for anchor, _label in (getattr(draft, "section_choices", lambda: [])() or [])]
    created = 0
    for record in records:
        receipt = f"GY-DEMO-{letter}{record.number}"
        if CommentModel.objects.filter(receipt=receipt).exists():
            continue
        online = record.source == "online"
        comment = CommentModel.objects.create(
            draft=draft,
            receipt=receipt,
            body=record.body,
            name=record.name,
            organisation=record.organisation,
            contact=f"demo{record.number}@example.invalid" if online and record.name else "",
            section=sections[record.section] if record.section is not None and record.section < len(sections) else "",
            publish_as=record.publish_as,
            source=record.source,
            state=record.state,
            hidden_reason=record.hidden_reason,
            handling=record.handling,
            response=record.response,
            moderated_at=timezone.now() if record.state != "pending" else None,
            handled_at=timezone.now() if record.handling else None,
        )
        if online:
            ConsentRecord.objects.create(
                comment=comment, notice_version=CONSENT_NOTICE_VERSION, notice_text=consent_notice(draft)
            )
        created += 1
    return created
