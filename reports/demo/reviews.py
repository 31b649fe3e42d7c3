"""Demo data for the scheme's mid-term review (2022–2024): older drafts, their activities, the review's text.

The older drafts are the drafting offices' records of past years, kept unpublished (they were consulted on
before the portal existed); the KPI counts them all the same. In 2022 one of the two in-scope drafts misses
its adoption stage (50 %, under the 70 % target); 2023 and 2024 reach 100 %.
Only data; idempotent: running it again changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from outreach.models import ActivityRecord, CommunicationForm
from policies.models import DocumentType, DraftIndexPage, DraftPage, Unit
from reports.models import ReportNarrative, ReportPeriod

D = datetime.date


@dataclass(frozen=True)
class OldDraft:
    code: str
    title: str
    slug: str
    summary: str
    unit: str
    document_type: str
    proposal_opens: datetime.date | None
    proposal_closes: datetime.date | None
    consultation_opens: datetime.date | None
    consultation_closes: datetime.date | None
    submitted_on: datetime.date
    adopted_on: datetime.date
    adopted_reference: str


@dataclass(frozen=True)
class OldActivity:
    date: datetime.date
    unit: str
    commune: str
    form: str
    content: str
    sessions: int
    participants: int = 0
    cost: int = 0
    draft: str = ""


OLD_DRAFTS = [
    OldDraft(
        code="DT-2022-03",
        title="Nghị quyết quy định mức hỗ trợ tiền ăn cho học sinh bán trú",
        slug="dt-2022-03-ho-tro-hoc-sinh-ban-tru",
        summary="Mức hỗ trợ tiền ăn hằng tháng cho học sinh bán trú ở thôn, làng đặc biệt khó khăn.",
        unit="phong-gd-dt",
        document_type="Nghị quyết của Hội đồng nhân dân cấp tỉnh",
        proposal_opens=None,
        proposal_closes=None,
        consultation_opens=D(2022, 4, 1),
        consultation_closes=D(2022, 4, 30),
        submitted_on=D(2022, 6, 1),
        adopted_on=D(2022, 7, 15),
        adopted_reference="12/2022/NQ-HĐND",
    ),
    OldDraft(
        code="DT-2022-05",
        title="Nghị quyết quy định mức thu phí sử dụng bến bãi chợ",
        slug="dt-2022-05-phi-ben-bai-cho",
        summary="Mức phí cho xe chở hàng vào bến bãi chợ trung tâm.",
        unit="phong-tc-kh",
        document_type="Nghị quyết của Hội đồng nhân dân cấp tỉnh",
        proposal_opens=D(2022, 8, 1),
        proposal_closes=D(2022, 8, 31),
        consultation_opens=D(2022, 10, 1),
        consultation_closes=D(2022, 10, 30),
        submitted_on=D(2022, 11, 20),
        adopted_on=D(2022, 12, 10),
        adopted_reference="25/2022/NQ-HĐND",
    ),
    OldDraft(
        code="DT-2023-02",
        title="Quyết định ban hành quy chế quản lý nghĩa trang nhân dân xã",
        slug="dt-2023-02-quy-che-nghia-trang",
        summary="Quy chế an táng, giữ gìn vệ sinh và đóng góp chăm sóc nghĩa trang nhân dân.",
        unit="ia-toi-cu",
        document_type="Quyết định của Ủy ban nhân dân cấp xã",
        proposal_opens=None,
        proposal_closes=None,
        consultation_opens=D(2023, 3, 1),
        consultation_closes=D(2023, 3, 31),
        submitted_on=D(2023, 5, 1),
        adopted_on=D(2023, 6, 15),
        adopted_reference="08/2023/QĐ-UBND",
    ),
    OldDraft(
        code="DT-2024-04",
        title="Quyết định quy định giờ hoạt động loa truyền thanh cơ sở",
        slug="dt-2024-04-gio-loa-truyen-thanh",
        summary="Khung giờ phát thanh trên loa của thôn, làng để không làm phiền giờ nghỉ của người dân.",
        unit="ia-dal-cu",
        document_type="Quyết định của Ủy ban nhân dân cấp xã",
        proposal_opens=None,
        proposal_closes=None,
        consultation_opens=D(2024, 5, 1),
        consultation_closes=D(2024, 5, 31),
        submitted_on=D(2024, 7, 1),
        adopted_on=D(2024, 8, 20),
        adopted_reference="05/2024/QĐ-UBND",
    ),
]

# The forms of communication, by their catalogue names (outreach.setup).
LOA, BOARD, MEETING, DIALOGUE = "Loa truyền thanh cơ sở", "Niêm yết bảng tin", "Hội nghị", "Đối thoại trực tiếp"

OLD_ACTIVITIES = [
    # 2022: both stages of DT-2022-03; DT-2022-05 at the proposal and draft stages, not while awaiting adoption.
    OldActivity(D(2022, 4, 10), "ia-dom", "ia-dom", LOA, "Đọc dự thảo trên loa", 8, 0, 400000, "DT-2022-03"),
    OldActivity(D(2022, 6, 10), "ia-toi-cu", "ia-toi-cu", BOARD, "Niêm yết tờ trình", 1, 0, 0, "DT-2022-03"),
    OldActivity(D(2022, 8, 15), "ia-dal-cu", "ia-dal-cu", LOA, "Đọc đề nghị trên loa", 4, 0, 200000, "DT-2022-05"),
    OldActivity(
        D(2022, 10, 10), "phong-tc-kh", "ia-dal-cu", MEETING, "Hội nghị tiểu thương", 1, 70, 1500000, "DT-2022-05"
    ),
    # 2023
    OldActivity(D(2023, 3, 10), "ia-toi-cu", "ia-toi-cu", MEETING, "Hội nghị tại thôn", 2, 120, 2000000, "DT-2023-02"),
    OldActivity(D(2023, 5, 10), "ia-toi-cu", "ia-toi-cu", LOA, "Thông tin dự thảo trình", 6, 0, 300000, "DT-2023-02"),
    OldActivity(D(2023, 9, 5), "ia-dal-cu", "ia-dal-cu", BOARD, "Niêm yết tài liệu pháp luật", 3),
    # 2024
    OldActivity(
        D(2024, 5, 15), "ia-dal-cu", "ia-dal-cu", DIALOGUE, "Đối thoại với già làng", 1, 45, 900000, "DT-2024-04"
    ),
    OldActivity(D(2024, 7, 10), "ia-dal-cu", "ia-dal-cu", LOA, "Thông tin dự thảo trình", 5, 0, 250000, "DT-2024-04"),
    OldActivity(D(2024, 10, 2), "ia-toi-cu", "ia-toi-cu", MEETING, "Hội nghị phổ biến pháp luật", 1, 90, 1800000),
]

# The Justice Office's text of the mid-term review (all units).
MID_TERM_NARRATIVE = {
    "number_symbol": "48/BC-PTP",
    "issued_on": D(2024, 12, 20),
    "results": (
        "Sau ba năm thực hiện Đề án, các dự thảo chính sách thuộc phạm vi đều được truyền thông bằng loa truyền "
        "thanh cơ sở, niêm yết tại nhà văn hóa thôn, làng và hội nghị tại xã.\n"
        "Từ năm 2023, tỷ lệ dự thảo được truyền thông ở mọi giai đoạn đạt chỉ tiêu 100 %."
    ),
    "difficulties": (
        "Năm 2022 chưa đạt chỉ tiêu 70 %: một dự thảo không được truyền thông ở giai đoạn trình thông qua "
        "do thời gian từ khi trình đến khi thông qua ngắn và chưa có kế hoạch truyền thông từng dự thảo."
    ),
    "lessons": (
        "Lập kế hoạch truyền thông ngay khi được giao chủ trì soạn thảo, ghi rõ hoạt động của từng giai đoạn.\n"
        "Đọc loa bằng tiếng Jrai, Ba Na giúp đồng bào ở thôn, làng xa hiểu và góp ý nhiều hơn."
    ),
    "proposals": "Đề nghị Sở Tư pháp bố trí kinh phí cho hoạt động truyền thông ở giai đoạn trình, thông qua.",
}


def seed_reviews():
    index = DraftIndexPage.objects.first()
    if index is None:
        return
    units = {unit.code: unit for unit in Unit.objects.all()}
    types = {item.name: item for item in DocumentType.objects.all()}
    drafts = {}
    for record in OLD_DRAFTS:
        draft = DraftPage.objects.filter(code=record.code).first()
        if draft is None:
            draft = _old_draft(record, units, types)
            index.add_child(instance=draft)
        drafts[record.code] = draft
    forms = {form.name: form for form in CommunicationForm.objects.all()}
    for record in OLD_ACTIVITIES:
        unit = units[record.unit]
        if ActivityRecord.objects.filter(date=record.date, unit=unit, content=record.content).exists():
            continue
        ActivityRecord.objects.create(
            date=record.date,
            unit=unit,
            commune=units[record.commune],
            draft=drafts.get(record.draft),
            form=forms[record.form],
            content=record.content,
            sessions=record.sessions,
            participants=record.participants,
            cost=record.cost,
            funding_source="Ngân sách xã",
        )
    kind = ReportPeriod.Kind.MID_TERM
    period = ReportPeriod.objects.get_or_create(kind=kind, year=ReportPeriod.REVIEW_YEARS[kind][1])[0]
    ReportNarrative.objects.get_or_create(period=period, unit=None, defaults=MID_TERM_NARRATIVE)


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))) if day else None


def _old_draft(record, units, types):
    return DraftPage(
        title=record.title,
        slug=record.slug,
        code=record.code,
        summary=record.summary,
        drafting_unit=units[record.unit],
        document_type=types.get(record.document_type),
        stage=DraftPage.Stage.ADOPTED,
        criterion_requires_proposal=True,
        criterion_rights_obligations=True,
        criterion_sensitive=True,
        criterion_wide_impact=True,
        proposal_opens=record.proposal_opens,
        proposal_closes=record.proposal_closes,
        consultation_opens=_at(record.consultation_opens, 7),
        consultation_closes=_at(record.consultation_closes, 17),
        submitted_on=record.submitted_on,
        adopted_on=record.adopted_on,
        adopted_reference=record.adopted_reference,
        live=False,
    )
