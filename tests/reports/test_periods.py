import datetime

from django.core.exceptions import ValidationError

import pytest

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
