import pytest

from reports.demo import seed_reports
from reports.models import AnnualPlan, AnnualPlanItem, CommunicationPlanItem, ReportNarrative, ReportPeriod


@pytest.mark.django_db
def test_demo_seeds_periods_and_plans_once(demo_data):
    seed_reports()
    assert sorted(period.code for period in ReportPeriod.objects.all()) == ["2026", "2026-H1", "mid-term-2022-2024"]
    assert ReportNarrative.objects.count() == 2
    assert CommunicationPlanItem.objects.filter(plan__draft__code="DT-2026-01").count() == 3
    assert AnnualPlan.objects.get(year=2026).unit.code == "ia-toi"
    assert AnnualPlanItem.objects.count() == 12
