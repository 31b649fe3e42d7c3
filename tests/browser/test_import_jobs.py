"""A large activity sheet imported through the worker, in Chromium: the pages refresh themselves, no script needed."""

import re

from django.core.management import call_command
from django.test import override_settings

from wagtail.models import ModelLogEntry

import pytest

from outreach.admin_views import BACKGROUND_ROWS
from outreach.models import ActivityRecord, ImportBatch
from tests.browser.admin_session import sign_in
from tests.outreach.sheets import raw_activity_xlsx, row

ROWS = BACKGROUND_ROWS + 500
SHOWN_ROWS = f"{ROWS:,}".replace(",", ".")  # as people read it: 2.500


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_clerk_follows_a_large_import_from_upload_to_undo(page, live_server, site_data, tmp_path):
    sheet = tmp_path / "hoat-dong-ca-nam.xlsx"
    sheet.write_bytes(raw_activity_xlsx(row(content=f"Hội nghị thôn {n}", number=n) for n in range(1, ROWS + 1)))
    sign_in(page, live_server, "xaiatoi", viewport=(1280, 900))
    page.goto(live_server.url + "/admin/hoat-dong/nhap/")
    page.set_input_files("input[name=file]", str(sheet))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_url(re.compile(r"/admin/hoat-dong/nhap/viec/\d+/$"))
    assert "Đang kiểm tra bảng tính" in page.locator("main").inner_text()
    assert page.locator("progress").count() == 1

    run_worker()  # the page refreshes itself into the preview
    report = page.wait_for_selector(".import-report")
    assert f"Mới: {SHOWN_ROWS}" in report.inner_text()
    page.get_by_role("button", name=f"Xác nhận nhập {SHOWN_ROWS} hoạt động mới").click()
    page.wait_for_selector("progress")
    assert "Đang nhập các hoạt động" in page.locator("main").inner_text()
    assert not ActivityRecord.objects.filter(batch__isnull=False).exists()

    run_worker()  # and into the result
    result = page.wait_for_selector(".import-result")
    assert f"Đã nhập mới: {SHOWN_ROWS}" in result.inner_text()
    batch = ImportBatch.objects.get()
    assert ActivityRecord.objects.filter(batch=batch).count() == ROWS

    page.get_by_role("link", name="Hoàn tác…").click()
    page.get_by_role("button", name="Xóa các hoạt động của lần nhập này").click()
    page.wait_for_url(re.compile(r"/admin/hoat-dong/nhap/cac-lan/$"))
    assert f"xóa {SHOWN_ROWS} hoạt động" in page.locator("body").inner_text()
    assert not ActivityRecord.objects.filter(batch=batch).exists()
    actions = set(ModelLogEntry.objects.filter(object_id=str(batch.pk)).values_list("action", "user__username"))
    assert actions == {("outreach.import", "xaiatoi"), ("outreach.import_undo", "xaiatoi")}
