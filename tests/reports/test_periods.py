import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from policies import roles
from reports.dashboard import dashboard_context
from reports.models import ReportPeriod


@pytest.mark.django_db
class TestReportPeriod:
    def test_half_year_defaults_to_15_december_to_14_june(self):
        period = ReportPeriod.objects.create(kind=ReportPeriod.Kind.HALF_YEAR, year=2026)
        assert (period.start, period.end) == (datetime.date(2025, 12, 15), datetime.date(2026, 6, 14))
        assert period.code == "2026-H1"
        assert str(period) == "6 tháng đầu năm 2026"

    def test_annual_defaults_to_15_december_to_14_december(self):
        period = ReportPeriod.objects.create(kind=ReportPeriod.Kind.ANNUAL, year=2026)
        assert (period.start, period.end) == (datetime.date(2025, 12, 15), datetime.date(2026, 12, 14))
        assert period.code == "2026"

    def test_boundary_days_fall_where_the_dates_say(self):
        period = ReportPeriod(kind=ReportPeriod.Kind.HALF_YEAR, year=2026)
        period.fill_default_dates()
        assert period.contains(datetime.date(2025, 12, 15))
        assert not period.contains(datetime.date(2025, 12, 14))
        assert period.contains(datetime.date(2026, 6, 14))
        assert not period.contains(datetime.date(2026, 6, 15))

    def test_edited_dates_are_kept(self):
        period = ReportPeriod.objects.create(kind="half_year", year=2026, start=datetime.date(2026, 1, 1))
        assert period.start == datetime.date(2026, 1, 1)
        assert period.end == datetime.date(2026, 6, 14)

    def test_end_before_start_is_refused(self):
        period = ReportPeriod(kind="annual", year=2026, start=datetime.date(2026, 5, 1), end=datetime.date(2026, 1, 1))
        with pytest.raises(ValidationError):
            period.full_clean()

    @pytest.mark.parametrize(
        "code,kind,year",
        [
            ("2026-H1", "half_year", 2026),
            ("2026", "annual", 2026),
            ("2025-h1", "half_year", 2025),
            (" 2026 - 6T ", "half_year", 2026),
        ],
    )
    def test_from_code(self, code, kind, year):
        period = ReportPeriod.from_code(code)
        assert (period.kind, period.year) == (kind, year)
        assert period.start and period.end

    @pytest.mark.parametrize("code", ["", "H1-2026", "2026-H3", "năm nay", "20261"])
    def test_bad_code_gives_vietnamese_error(self, code):
        with pytest.raises(ValueError, match="không hợp lệ"):
            ReportPeriod.from_code(code)

    def test_from_code_prefers_the_saved_period(self):
        ReportPeriod.objects.create(kind="annual", year=2026, end=datetime.date(2026, 11, 30))
        assert ReportPeriod.from_code("2026").end == datetime.date(2026, 11, 30)


D = datetime.date


@pytest.mark.django_db
class TestCurrentPeriod:
    """Today's period comes from ReportPeriod: the dates staff gave it, else the model's default cut-offs."""

    @pytest.mark.parametrize(
        "today,code",
        [
            (D(2026, 1, 1), "2026-H1"),
            (D(2026, 6, 14), "2026-H1"),
            (D(2026, 6, 15), "2026"),
            (D(2026, 12, 14), "2026"),
            (D(2026, 12, 15), "2027-H1"),
        ],
    )
    def test_a_period_not_stored_yet_runs_on_the_default_cut_offs(self, today, code):
        period = ReportPeriod.current(today)
        assert period.code == code
        assert period.pk is None
        assert (period.start, period.end) == ReportPeriod.default_dates(period.kind, period.year)

    def test_an_edited_end_keeps_the_six_month_period_current(self):
        ReportPeriod.objects.create(kind="half_year", year=2026, end=D(2026, 6, 30))
        period = ReportPeriod.current(D(2026, 6, 20))
        assert (period.code, period.end) == ("2026-H1", D(2026, 6, 30))
        assert ReportPeriod.current(D(2026, 7, 1)).code == "2026"

    def test_an_edited_start_opens_the_next_period_earlier(self):
        ReportPeriod.objects.create(kind="half_year", year=2027, start=D(2026, 12, 1))
        ReportPeriod.objects.create(kind="annual", year=2026, end=D(2026, 11, 30))
        assert ReportPeriod.current(D(2026, 12, 1)).code == "2027-H1"
        assert ReportPeriod.current(D(2026, 11, 30)).code == "2026"

    def test_a_day_left_outside_every_period_gets_the_nearest(self):
        ReportPeriod.objects.create(kind="annual", year=2026, end=D(2026, 11, 30))
        assert ReportPeriod.current(D(2026, 12, 3)).code == "2026"  # ended 3 days ago
        assert ReportPeriod.current(D(2026, 12, 12)).code == "2027-H1"  # starts in 3 days

    def test_report_page_and_dashboard_open_on_the_edited_period(self, client, make_user):
        ReportPeriod.objects.create(kind="half_year", year=2026, end=D(2026, 6, 30))
        justice = make_user(role=roles.JUSTICE_OFFICE)
        client.force_login(justice)
        noon = timezone.make_aware(datetime.datetime(2026, 6, 20, 12))
        with time_machine.travel(noon, tick=False):
            response = client.get(reverse("reports_report"))
            assert response.context["period"].code == "2026-H1"
            assert response.context["period"].end == D(2026, 6, 30)
            # A code the page cannot read falls back to the same period.
            assert client.get(reverse("reports_report"), {"period": "x"}).context["period"].code == "2026-H1"
        assert dashboard_context(justice, now=noon)["period"].end == D(2026, 6, 30)
