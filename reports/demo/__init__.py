"""Demo report data: the 2026 periods, a narrative, a draft's communication plan and Ia Tơi's annual plan.

Only data: the forms of communication are the catalogue `outreach.setup` made (`setup_portal`).
Idempotent: running it again changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction

from outreach.models import CommunicationForm
from policies.models import DraftPage, Unit
from reports.demo.reviews import seed_reviews
from reports.models import (
    AnnualPlan,
    AnnualPlanItem,
    CommunicationPlan,
    CommunicationPlanItem,
    ReportNarrative,
    ReportPeriod,
)

YEAR = 2026

# The Justice Office's text around the half-year figures (all units).
NARRATIVE = {
    "results": (
        "Các cơ quan, đơn vị đã đăng tải dự thảo trên Cổng thông tin điện tử, phát trên loa truyền thanh "
        "cơ sở và niêm yết tại nhà văn hóa thôn, làng.\n"
        "Góp ý của người dân được tiếp nhận, tổng hợp và giải trình công khai."
    ),
    "difficulties": "Một số thôn, làng ở xa, sóng điện thoại yếu; kinh phí truyền thông còn hạn chế.",
    "proposals": "Đề nghị Sở Tư pháp tổ chức tập huấn kỹ năng truyền thông chính sách cho cán bộ cấp xã.",
}


@dataclass(frozen=True)
class PlanItem:
    """One line of a draft's communication plan, held in each of the plan's communes."""

    stage: str
    form: str
    activity: str
    audiences: str
    sessions: int
    budget: int


# The communication plan of the open draft, led by its drafting unit with the two communes.
PLAN_DRAFT = "DT-2026-01"
PLAN_COMMUNES = ["ia-toi", "ia-dal"]
PLAN_NOTES = "Dự toán theo đơn giá năm 2026."
PLAN_ITEMS = [
    PlanItem(
        stage="proposal",
        form="Loa truyền thanh cơ sở",
        activity="Đọc tin trên loa truyền thanh",
        audiences="Người dân các thôn, làng",
        sessions=6,
        budget=600000,
    ),
    PlanItem(
        stage="draft",
        form="Hội nghị",
        activity="Hội nghị lấy ý kiến tại xã",
        audiences="Hộ nông dân, hợp tác xã",
        sessions=2,
        budget=3000000,
    ),
    PlanItem(
        stage="adoption",
        form="Loa truyền thanh cơ sở",
        activity="Thông tin kết quả tiếp thu",
        audiences="Người dân các thôn, làng",
        sessions=2,
        budget=200000,
    ),
]

# Ia Tơi's annual plan: each of these forms twice a quarter, 500,000 đồng each time.
ANNUAL_PLAN_UNIT = "ia-toi"
ANNUAL_PLAN = {"trainings": 2, "training_budget": 8000000}
ANNUAL_PLAN_FORMS = ["Loa truyền thanh cơ sở", "Niêm yết bảng tin", "Hội nghị"]


@transaction.atomic
def seed_reports():
    # Both periods take the default cut-off dates (ReportPeriod.fill_default_dates).
    half_year = ReportPeriod.objects.get_or_create(kind=ReportPeriod.Kind.HALF_YEAR, year=YEAR)[0]
    ReportPeriod.objects.get_or_create(kind=ReportPeriod.Kind.ANNUAL, year=YEAR)
    ReportNarrative.objects.get_or_create(period=half_year, unit=None, defaults=NARRATIVE)
    # Looked up, never created: setup_portal owns the forms of communication.
    forms = {form.name: form for form in CommunicationForm.objects.all()}
    seed_communication_plan(forms)
    seed_annual_plan(forms)
    seed_reviews()  # older years, so the mid-term review has columns to compare


def seed_communication_plan(forms):
    draft = DraftPage.objects.filter(code=PLAN_DRAFT).first()
    if draft is None:
        return
    plan, created = CommunicationPlan.objects.get_or_create(
        draft=draft, defaults={"lead_unit": draft.drafting_unit, "notes": PLAN_NOTES}
    )
    if not created:
        return
    communes = list(Unit.objects.filter(code__in=PLAN_COMMUNES))
    plan.coordinating_units.set(communes)
    plan.save()
    for record in PLAN_ITEMS:
        item = CommunicationPlanItem.objects.create(
            plan=plan,
            stage=record.stage,
            form=forms[record.form],
            activity=record.activity,
            audiences=record.audiences,
            sessions=record.sessions,
            budget=record.budget,
        )
        item.communes.set(communes)


def seed_annual_plan(forms):
    unit = Unit.objects.filter(code=ANNUAL_PLAN_UNIT).first()
    if unit is None:
        return
    plan, created = AnnualPlan.objects.get_or_create(unit=unit, year=YEAR, defaults=ANNUAL_PLAN)
    if not created:
        return
    for quarter in (1, 2, 3, 4):
        for name in ANNUAL_PLAN_FORMS:
            form = forms[name]
            AnnualPlanItem.objects.create(
                plan=plan, form=form, quarter=quarter, activity=str(form), sessions=2, budget=500000
            )
