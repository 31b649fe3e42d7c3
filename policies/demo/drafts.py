"""Four published drafts in different states, under the /du-thao/ page `setup_portal` made.

Dates are whole days from the day the loader runs (`DaysFromToday`), so the drafts' states stay
meaningful whenever the demo is seeded: one open for comments, one closed and submitted, one still
at the proposal stage, one adopted. Document types and fields are the catalogues from `policies.setup`.
"""

import datetime
from dataclasses import asdict, dataclass

from django.utils import timezone

from policies.demo.audio import demo_recording
from policies.models import DocumentType, DraftIndexPage, DraftPage, PolicyField, Unit

DaysFromToday = int

# The index page's contact box, filled only while an administrator has left it empty.
INDEX_CONTACT = {
    "contact_address": "Phòng Tư pháp, Ủy ban nhân dân xã Ia Tơi (bộ phận một cửa)",
    "contact_hotline": "0260 3 800 000",
}


@dataclass(frozen=True)
class Section:
    """A chapter or article of the draft text, with the anchor its address ends in."""

    kind: str
    number: str
    heading: str
    anchor: str
    body: str


@dataclass(frozen=True)
class Change:
    """What the draft adds (`new`), amends or repeals, against the current rule."""

    change: str
    title: str
    explanation: str = ""
    current_rule: str = ""
    contested: bool = False


@dataclass(frozen=True)
class Draft:
    """A demo draft. Units are codes from `units.UNITS`; consultation windows open at 07:00 and
    close at 17:00 Vietnam time; the four criteria say why the draft is in the plan's scope."""

    code: str
    title: str
    slug: str
    unit: str
    coordinating: tuple[str, ...]
    document_type: str
    fields: tuple[str, ...]
    stage: str
    summary: str
    necessity: str
    purpose: str
    scope: str
    basic_content: str
    changes: tuple[Change, ...]
    sections: tuple[Section, ...]
    requires_proposal: bool
    rights_obligations: bool
    sensitive: bool
    wide_impact: bool
    proposal_opens: DaysFromToday
    proposal_closes: DaysFromToday
    consultation_opens: DaysFromToday
    consultation_closes: DaysFromToday
    original_closes: DaysFromToday | None = None
    extension_reason: str = ""
    submitted_on: DaysFromToday | None = None
    adopted_on: DaysFromToday | None = None
    adopted_reference: str = ""
    # A committed file in policies/demo/audio/; without one the script relies on the synthetic reading.
    loudspeaker_recording: str = ""


DRAFTS = [
    Draft(
        code="DT-2026-01",
        title="Quy định mức hỗ trợ học sinh dân tộc thiểu số vùng đặc biệt khó khăn",
        slug="ho-tro-hoc-sinh-dan-toc-thieu-so",
        unit="phong-gd-dt",
        coordinating=("phong-tc-kh", "ia-toi"),
        document_type="Nghị quyết của Hội đồng nhân dân cấp tỉnh",
        fields=("Giáo dục",),
        stage="draft",
        summary=(
            "Hỗ trợ tiền ăn, tiền nhà ở và gạo cho học sinh dân tộc thiểu số ở thôn, làng đặc biệt khó khăn "
            "phải ở lại trường, để các em đi học đều và không bỏ học giữa chừng."
        ),
        necessity=(
            "Nhiều học sinh ở các thôn xa trường trên 4 km phải ở lại trường trong tuần nhưng mức hỗ trợ "
            "hiện hành thấp, chưa đủ tiền ăn; tỷ lệ bỏ học ở cấp trung học cơ sở còn cao."
        ),
        purpose=(
            "Bảo đảm học sinh dân tộc thiểu số được học tập đầy đủ; hỗ trợ đúng đối tượng, công khai, "
            "không trùng lặp với chính sách của Trung ương."
        ),
        scope=(
            "Học sinh tiểu học và trung học cơ sở là người dân tộc thiểu số, có nhà ở thôn, làng đặc biệt "
            "khó khăn, học tại các trường trên địa bàn; các trường và Ủy ban nhân dân cấp xã."
        ),
        basic_content=(
            "Hỗ trợ tiền ăn mỗi tháng bằng 40% mức lương cơ sở; hỗ trợ tiền nhà ở bằng 10% mức lương cơ sở "
            "nếu em phải tự thuê chỗ ở; hỗ trợ 15 kg gạo mỗi tháng, tối đa 9 tháng một năm học."
        ),
        changes=(
            Change(
                change="amended",
                title="Nâng mức hỗ trợ tiền ăn từ 30% lên 40% mức lương cơ sở",
                explanation="Mỗi em được thêm khoảng 234.000 đồng mỗi tháng.",
                current_rule="Nghị quyết số 12/2021 của HĐND tỉnh",
            ),
            Change(
                change="new",
                title="Hỗ trợ cả học sinh ở thôn cách trường từ 3 km (trước đây 4 km)",
                explanation="Thêm khoảng 300 em được hưởng.",
                contested=True,
            ),
            Change(
                change="repealed",
                title="Bỏ yêu cầu giấy xác nhận hộ nghèo khi đăng ký",
                explanation="Nhà trường lập danh sách theo nơi cư trú.",
                current_rule="Điều 4 Nghị quyết số 12/2021",
            ),
        ),
        sections=(
            Section(
                kind="chapter",
                number="Chương I",
                heading="Quy định chung",
                anchor="chuong-1",
                body="Phạm vi điều chỉnh và đối tượng áp dụng.",
            ),
            Section(
                kind="article",
                number="Điều 1",
                heading="Phạm vi điều chỉnh",
                anchor="dieu-1",
                body="Nghị quyết này quy định mức hỗ trợ...",
            ),
            Section(
                kind="article",
                number="Điều 2",
                heading="Đối tượng áp dụng",
                anchor="dieu-2",
                body="Học sinh là người dân tộc thiểu số...",
            ),
            Section(
                kind="chapter",
                number="Chương II",
                heading="Mức hỗ trợ",
                anchor="chuong-2",
                body="Các khoản hỗ trợ và thời gian hưởng.",
            ),
            Section(
                kind="article",
                number="Điều 3",
                heading="Mức hỗ trợ tiền ăn, nhà ở và gạo",
                anchor="dieu-3",
                body="Mỗi học sinh được hỗ trợ...",
            ),
            Section(
                kind="article",
                number="Điều 4",
                heading="Thủ tục và thời gian chi trả",
                anchor="dieu-4",
                body="Nhà trường lập danh sách...",
            ),
        ),
        requires_proposal=True,
        rights_obligations=True,
        sensitive=True,
        wide_impact=True,
        proposal_opens=-60,
        proposal_closes=-40,
        consultation_opens=-5,
        consultation_closes=20,
        loudspeaker_recording="loa-dt-2026-01.mp3",
    ),
    Draft(
        code="DT-2026-02",
        title="Chính sách hỗ trợ phát triển sản xuất nông nghiệp giai đoạn 2026 - 2030",
        slug="ho-tro-san-xuat-nong-nghiep-2026-2030",
        unit="phong-tc-kh",
        coordinating=("ia-toi", "ia-dal"),
        document_type="Nghị quyết của Hội đồng nhân dân cấp tỉnh",
        fields=("Nông nghiệp", "Đất đai"),
        stage="submitted",
        summary=(
            "Hỗ trợ giống cây, con giống, phân bón và lãi suất vay cho hộ dân, hợp tác xã trồng cây ăn quả, "
            "cà phê, chăn nuôi bò trên đất đai sản xuất nông nghiệp tại các xã."
        ),
        necessity="Sản xuất nông nghiệp còn nhỏ lẻ, năng suất thấp; nhiều diện tích đất đai bỏ hoang.",
        purpose="Nâng thu nhập của hộ dân, hình thành vùng sản xuất tập trung, bền vững.",
        scope="Hộ gia đình, cá nhân, tổ hợp tác, hợp tác xã sản xuất nông nghiệp trên địa bàn.",
        basic_content=(
            "Hỗ trợ 50% tiền giống, tối đa 20 triệu đồng một hộ; hỗ trợ lãi suất vay trong 2 năm đầu; "
            "ưu tiên hộ nghèo, hộ đồng bào dân tộc thiểu số."
        ),
        changes=(
            Change(change="new", title="Hỗ trợ lãi suất vay cho hợp tác xã liên kết tiêu thụ", contested=True),
            Change(
                change="amended",
                title="Tăng mức hỗ trợ giống từ 30% lên 50%",
                current_rule="Quyết định số 08/2022 của UBND",
            ),
        ),
        sections=(
            Section(
                kind="article",
                number="Điều 1",
                heading="Phạm vi và đối tượng",
                anchor="dieu-1",
                body="Chính sách áp dụng cho...",
            ),
            Section(
                kind="article",
                number="Điều 2",
                heading="Nội dung và mức hỗ trợ",
                anchor="dieu-2",
                body="Hỗ trợ giống, phân bón...",
            ),
        ),
        requires_proposal=True,
        rights_obligations=True,
        sensitive=False,
        wide_impact=True,
        proposal_opens=-120,
        proposal_closes=-100,
        consultation_opens=-60,
        consultation_closes=-30,
        original_closes=-35,
        extension_reason="Kéo dài để tổ chức thêm hội nghị lấy ý kiến tại xã Ia Đal sau mùa mưa lũ.",
        submitted_on=-10,
    ),
    Draft(
        code="DT-2026-03",
        title="Quy định quản lý chợ và trật tự công cộng tại trung tâm xã",
        slug="quan-ly-cho-va-trat-tu-cong-cong",
        unit="ia-toi",
        coordinating=("trung-tam-vh",),
        document_type="Quyết định của Ủy ban nhân dân cấp xã",
        fields=("Thương mại, chợ", "Trật tự công cộng"),
        stage="proposal",
        summary=(
            "Sắp xếp lại chỗ bán hàng ở chợ trung tâm xã, giờ họp chợ, nơi để xe và giữ vệ sinh, "
            "trật tự lòng đường quanh chợ."
        ),
        necessity="Chợ trung tâm xã chật, hàng hóa lấn ra đường gây mất an toàn giao thông.",
        purpose="Chợ gọn gàng, an toàn; người bán có chỗ ổn định; người mua đi lại thuận tiện.",
        scope="Người bán hàng, ban quản lý chợ, người dân đến chợ trung tâm xã Ia Tơi.",
        basic_content="Chia khu bán hàng; giờ họp chợ từ 5 giờ đến 18 giờ; cấm bày hàng dưới lòng đường.",
        changes=(Change(change="new", title="Cấm bày bán hàng dưới lòng đường quanh chợ", contested=True),),
        sections=(
            Section(
                kind="article",
                number="Điều 1",
                heading="Khu vực bán hàng",
                anchor="dieu-1",
                body="Chợ chia thành các khu...",
            ),
            Section(
                kind="article", number="Điều 2", heading="Giờ họp chợ", anchor="dieu-2", body="Chợ họp từ 5 giờ..."
            ),
        ),
        requires_proposal=False,
        rights_obligations=True,
        sensitive=True,
        wide_impact=False,
        proposal_opens=-3,
        proposal_closes=10,
        consultation_opens=15,
        consultation_closes=45,
    ),
    Draft(
        code="DT-2025-07",
        title="Chính sách miễn, giảm thuế và phí chợ cho hộ kinh doanh nhỏ",
        slug="mien-giam-thue-phi-ho-kinh-doanh-nho",
        unit="phong-tc-kh",
        coordinating=("ia-toi", "mttq-huyen"),
        document_type="Nghị quyết của Hội đồng nhân dân cấp xã",
        fields=("Thuế, phí", "Thương mại, chợ"),
        stage="adopted",
        summary=(
            "Miễn phí chợ 12 tháng và hướng dẫn thủ tục giảm thuế cho hộ kinh doanh nhỏ mới ra kinh doanh "
            "tại chợ trung tâm xã."
        ),
        necessity="Nhiều hộ buôn bán nhỏ chưa đăng ký kinh doanh vì lo chi phí.",
        purpose="Khuyến khích hộ kinh doanh đăng ký, buôn bán ổn định.",
        scope="Hộ kinh doanh nhỏ có doanh thu dưới 100 triệu đồng một năm.",
        basic_content="Miễn phí chợ 12 tháng đầu; cán bộ thuế hỗ trợ kê khai tại xã mỗi tháng một lần.",
        changes=(Change(change="new", title="Miễn phí chợ 12 tháng đầu cho hộ mới đăng ký"),),
        sections=(
            Section(
                kind="article",
                number="Điều 1",
                heading="Đối tượng được miễn, giảm",
                anchor="dieu-1",
                body="Hộ kinh doanh...",
            ),
        ),
        requires_proposal=True,
        rights_obligations=True,
        sensitive=True,
        wide_impact=True,
        proposal_opens=-300,
        proposal_closes=-280,
        consultation_opens=-240,
        consultation_closes=-210,
        submitted_on=-180,
        adopted_on=-150,
        adopted_reference="07/2025/NQ-HĐND",
    ),
]


def seed_drafts(index):
    """Publish the drafts that do not exist yet under `index`, looked up by code. Returns {code: DraftPage}."""
    DraftIndexPage.objects.filter(pk=index.pk, contact_address="").update(**INDEX_CONTACT)
    units = {unit.code: unit for unit in Unit.objects.all()}
    # Catalogues are looked up, never created: setup_portal owns them.
    types = {document_type.name: document_type for document_type in DocumentType.objects.all()}
    fields = {field.name: field for field in PolicyField.objects.all()}
    clock = _Clock(timezone.now().replace(second=0, microsecond=0))
    drafts = {}
    for record in DRAFTS:
        draft = DraftPage.objects.filter(code=record.code).first()
        if draft is None:
            draft = _new_draft(record, clock, units, types[record.document_type])
            draft.coordinating_units = [units[code] for code in record.coordinating]
            draft.policy_fields = [fields[name] for name in record.fields]
            index.add_child(instance=draft)
            draft.save_revision().publish()
        drafts[record.code] = draft
    return drafts


class _Clock:
    """Turns `DaysFromToday` into the dates and office hours of the day the loader runs."""

    def __init__(self, now):
        self.today = now.date()
        self.local = timezone.localtime(now)

    def day(self, days):
        return None if days is None else self.today + datetime.timedelta(days=days)

    def at(self, days, hour):
        if days is None:
            return None
        moment = self.local + datetime.timedelta(days=days)
        return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _new_draft(record, clock, units, document_type):
    return DraftPage(
        title=record.title,
        slug=record.slug,
        code=record.code,
        summary=record.summary,
        drafting_unit=units[record.unit],
        document_type=document_type,
        stage=record.stage,
        necessity=_rich(record.necessity),
        purpose=_rich(record.purpose),
        scope_and_subjects=_rich(record.scope),
        basic_content=_rich(record.basic_content),
        changes=[("item", asdict(change)) for change in record.changes],
        sections=[("section", {**asdict(section), "body": _rich(section.body)}) for section in record.sections],
        criterion_requires_proposal=record.requires_proposal,
        criterion_rights_obligations=record.rights_obligations,
        criterion_sensitive=record.sensitive,
        criterion_wide_impact=record.wide_impact,
        proposal_opens=clock.day(record.proposal_opens),
        proposal_closes=clock.day(record.proposal_closes),
        consultation_opens=clock.at(record.consultation_opens, 7),
        consultation_closes=clock.at(record.consultation_closes, 17),
        original_closes=clock.at(record.original_closes, 17),
        extension_reason=record.extension_reason,
        submitted_on=clock.day(record.submitted_on),
        adopted_on=clock.day(record.adopted_on),
        adopted_reference=record.adopted_reference,
        loudspeaker_audio=demo_recording(record.loudspeaker_recording),
    )


def _rich(text):
    return f"<p>{text}</p>"
