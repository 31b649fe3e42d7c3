"""Demo report data: the 2026 periods, a narrative, a draft's communication plan and Ia Tơi's annual plan.

Idempotent: running it again changes nothing.
"""

from django.db import transaction


@transaction.atomic
def seed_reports():
    from outreach.models import CommunicationForm
    from policies.models import DraftPage, Unit
    from reports.models import (
        AnnualPlan,
        AnnualPlanItem,
        CommunicationPlan,
        CommunicationPlanItem,
        ReportNarrative,
        ReportPeriod,
    )

    half_year = ReportPeriod.objects.get_or_create(kind=ReportPeriod.Kind.HALF_YEAR, year=2026)[0]
    ReportPeriod.objects.get_or_create(kind=ReportPeriod.Kind.ANNUAL, year=2026)
    ReportNarrative.objects.get_or_create(
        period=half_year,
        unit=None,
        defaults={
            "results": (
                "Các cơ quan, đơn vị đã đăng tải dự thảo trên Cổng thông tin điện tử, phát trên loa truyền thanh "
                "cơ sở và niêm yết tại nhà văn hóa thôn, làng.\n"
                "Góp ý của người dân được tiếp nhận, tổng hợp và giải trình công khai."
            ),
            "difficulties": "Một số thôn, làng ở xa, sóng điện thoại yếu; kinh phí truyền thông còn hạn chế.",
            "proposals": "Đề nghị Sở Tư pháp tổ chức tập huấn kỹ năng truyền thông chính sách cho cán bộ cấp xã.",
        },
    )
    forms = list(CommunicationForm.objects.order_by("sort_order", "name")[:3])
    if not forms:
        return
    draft = DraftPage.objects.filter(code="DT-2026-01").first()
    if draft is not None:
        plan, created = CommunicationPlan.objects.get_or_create(
            draft=draft, defaults={"lead_unit": draft.drafting_unit, "notes": "Dự toán theo đơn giá năm 2026."}
        )
        if created:
            communes = list(Unit.objects.filter(code__in=["ia-toi", "ia-dal"]))
            plan.coordinating_units.set(communes)
            plan.save()
            for stage, form, activity, audiences, sessions, budget in [
                ("proposal", forms[0], "Đọc tin trên loa truyền thanh", "Người dân các thôn, làng", 6, 600000),
                ("draft", forms[-1], "Hội nghị lấy ý kiến tại xã", "Hộ nông dân, hợp tác xã", 2, 3000000),
                ("adoption", forms[0], "Thông tin kết quả tiếp thu", "Người dân các thôn, làng", 2, 200000),
            ]:
                item = CommunicationPlanItem.objects.create(
                    plan=plan,
                    stage=stage,
                    form=form,
                    activity=activity,
                    audiences=audiences,
                    sessions=sessions,
                    budget=budget,
                )
                item.communes.set(communes)
    ia_toi = Unit.objects.filter(code="ia-toi").first()
    if ia_toi is not None:
        plan, created = AnnualPlan.objects.get_or_create(
            unit=ia_toi, year=2026, defaults={"trainings": 2, "training_budget": 8000000}
        )
        if created:
            for quarter in (1, 2, 3, 4):
                for form in forms:
                    AnnualPlanItem.objects.create(
                        plan=plan, form=form, quarter=quarter, activity=str(form), sessions=2, budget=500000
                    )
