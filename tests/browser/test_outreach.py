"""Importing the district's activity sheet through the admin, in Chromium.

The sample sheet is the district's consolidation: rows of five units. Commune
staff of Ia Tơi may import only their own rows (Ia Dom merged into Ia Tơi, so
its rows are theirs too), so they are shown the full sample's row errors, and
import the sample's own-unit rows; the Justice Office imports the full sample.
"""

import re

from django.contrib.auth import get_user_model

import openpyxl
import pytest

from outreach.models import ActivityRecord
from policies.admin_lookup import visible_to
from tests.browser.admin_session import sign_in
from tests.factories import sample_drafts
from tests.outreach.conftest import SAMPLE_XLSX

OWN_UNITS = {"UBND xã Ia Tơi", "UBND xã Ia Dom"}


@pytest.fixture
def drafts(site_data):
    return sample_drafts()


def own_rows_sheet(path):
    """The sample sheet with only the rows of Ia Tơi's own units (title, header and total rows kept)."""
    workbook = openpyxl.load_workbook(SAMPLE_XLSX)
    sheet = workbook.active
    for number in range(sheet.max_row, 4, -1):
        unit = sheet.cell(row=number, column=3).value
        if unit and unit not in OWN_UNITS:
            sheet.delete_rows(number)
    workbook.save(path)
    return path


def upload(page, live_server, path):
    page.goto(live_server.url + "/admin/hoat-dong/nhap/")
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_selector(".import-report")
    return page.locator(".import-report")


def count(report, name):
    return int(report.locator(f"[data-count={name}] strong").inner_text())


@pytest.mark.django_db(transaction=True)
class TestCommuneStaffImport:
    def test_full_district_sheet_shows_row_errors_for_other_units_and_imports_nothing(self, page, live_server, drafts):
        sign_in(page, live_server, "xaiatoi", viewport=(1280, 900))
        report = upload(page, live_server, SAMPLE_XLSX)
        assert (count(report, "total"), count(report, "new"), count(report, "errors")) == (40, 15, 25)
        errors = report.locator(".import-errors li")
        assert errors.count() == 25
        assert errors.first.inner_text().startswith("Dòng 5, cột “Đơn vị thực hiện”, giá trị “Phòng Tư pháp”")
        assert report.get_by_role("button", name=re.compile("Xác nhận")).count() == 0
        assert not ActivityRecord.objects.filter(batch__isnull=False).exists()

    def test_own_rows_preview_confirm_listing_and_second_upload(self, page, live_server, drafts, tmp_path):
        sheet = own_rows_sheet(tmp_path / "hoat-dong-xa-ia-toi.xlsx")
        sign_in(page, live_server, "xaiatoi", viewport=(1280, 900))
        report = upload(page, live_server, sheet)
        assert (count(report, "total"), count(report, "new"), count(report, "unchanged")) == (15, 15, 0)
        assert count(report, "errors") == 0
        report.get_by_role("button", name=re.compile("Xác nhận nhập 15 hoạt động mới")).click()
        page.wait_for_url(re.compile(r"/admin/outreach/activityrecord/"))
        assert "Đã nhập 15 hoạt động mới" in page.locator("body").inner_text()
        assert ActivityRecord.objects.filter(batch__isnull=False, unit__code="ia-toi").count() == 15
        clerk = get_user_model().objects.get(username="xaiatoi")
        # 15 imported + the demo's own, the commune's predecessors' records included (the one scope rule).
        visible = visible_to(clerk, ActivityRecord.objects.all()).count()
        assert page.locator("table.listing tbody tr").count() == visible
        assert "Xã Ia Tơi" in page.locator("table.listing").inner_text()

        again = upload(page, live_server, sheet)
        assert (count(again, "new"), count(again, "unchanged")) == (0, 15)
        assert "Không có gì mới để nhập" in again.inner_text()
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 15


@pytest.mark.django_db(transaction=True)
class TestJusticeOfficeImport:
    def test_full_sample_imports_and_a_second_upload_reports_nothing_new(self, page, live_server, drafts):
        sign_in(page, live_server, "tuphap", viewport=(1280, 900))
        report = upload(page, live_server, SAMPLE_XLSX)
        assert (count(report, "total"), count(report, "new"), count(report, "errors")) == (40, 40, 0)
        assert "STT" in report.inner_text()  # the numbering column is named as not read
        report.get_by_role("button", name=re.compile("Xác nhận nhập 40")).click()
        page.wait_for_url(re.compile(r"/admin/outreach/activityrecord/"))
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 40
        assert "Phòng Tư pháp huyện Ia H'Drai" in page.locator("table.listing").inner_text()
        again = upload(page, live_server, SAMPLE_XLSX)
        assert (count(again, "new"), count(again, "unchanged")) == (0, 40)
