"""The ad hoc report's date range, typed into the admin's date widgets in Chromium, is read day first.

REPORT_DATE_FORMS lists the report screens' plain (GET) forms with dates; tests/test_date_formats.py fails
when an admin form with a date is missing from it or from test_admin_dates.ADMIN_DATE_FORMS.
"""

from django.urls import reverse

import pytest
from playwright.sync_api import expect

from tests.browser.test_admin_dates import admin_page, type_into  # noqa: F401 - admin_page is a fixture

REPORT_DATE_FORMS = {
    "reports.review_forms.DateRangeForm": {"start", "end"},
    "outreach.recognition_views.ActivityRangeForm": {"tu_ngay", "den_ngay"},
}


@pytest.mark.django_db(transaction=True)
class TestAdHocRange:
    def test_a_range_typed_as_shown_is_the_report_range(self, admin_page, live_server):  # noqa: F811
        page = admin_page
        page.goto(live_server.url + reverse("reports_ad_hoc"))
        type_into(page, "input[name=start]", "05/11/2025")
        type_into(page, "input[name=end]", "25/11/2026")
        with page.expect_navigation():
            page.locator("form.report-form button[type=submit]").click()
        expect(page.locator("h2", has_text="Từ ngày 05/11/2025 đến ngày 25/11/2026")).to_have_count(1)
        # The typed values stay in the fields, as typed.
        assert page.locator("input[name=start]").input_value() == "05/11/2025"
        assert page.locator("input[name=end]").input_value() == "25/11/2026"


@pytest.mark.django_db(transaction=True)
class TestGoodPracticeActivityRange:
    def test_the_range_to_pick_activities_from_is_read_day_first(self, admin_page, live_server):  # noqa: F811
        import datetime

        from tests.factories import ActivityRecordFactory, GoodPracticeFactory, UnitFactory

        unit = UnitFactory()
        practice = GoodPracticeFactory(unit=unit)
        ActivityRecordFactory(unit=unit, date=datetime.date(2025, 11, 5), content="Trong khoảng NGAY-5-THANG-11")
        # Read month first, "05/11/2025" would start on 11 May and take this one in too.
        ActivityRecordFactory(unit=unit, date=datetime.date(2025, 11, 4), content="Ngoài khoảng NGAY-4-THANG-11")
        page = admin_page
        page.goto(live_server.url + reverse("outreach_practice_activities", args=[practice.pk]))
        # Plain text fields with a dd/mm/yyyy placeholder, no picker: typed key by key.
        page.locator("input[name=tu_ngay]").fill("")
        page.locator("input[name=tu_ngay]").press_sequentially("05/11/2025")
        page.locator("input[name=den_ngay]").fill("")
        page.locator("input[name=den_ngay]").press_sequentially("25/11/2026")
        with page.expect_navigation():
            page.locator("form.report-form button[type=submit]").click()
        expect(page.get_by_text("NGAY-5-THANG-11")).to_have_count(1)
        expect(page.get_by_text("NGAY-4-THANG-11")).to_have_count(0)
        assert page.locator("input[name=tu_ngay]").input_value() == "05/11/2025"
