"""The ad hoc report's date range, typed into the admin's date widgets in Chromium, is read day first.

REPORT_DATE_FORMS lists the report screens' plain (GET) forms with dates; tests/test_date_formats.py fails
when an admin form with a date is missing from it or from test_admin_dates.ADMIN_DATE_FORMS.
"""

from django.urls import reverse

import pytest
from playwright.sync_api import expect

from tests.browser.test_admin_dates import admin_page, type_into  # noqa: F401 - admin_page is a fixture

REPORT_DATE_FORMS = {"reports.review_forms.DateRangeForm": {"start", "end"}}


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
