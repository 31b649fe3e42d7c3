"""A large sheet goes through the worker: upload → progress → preview → confirm → progress → result → undo."""

import re

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from outreach.admin_views import BACKGROUND_ROWS
from outreach.models import ActivityRecord, ImportBatch, ImportJob
from outreach.spreadsheets import limits
from tests.outreach.sheets import raw_activity_xlsx, row

ROWS = BACKGROUND_ROWS + 500
SHOWN_ROWS = f"{ROWS:,}".replace(",", ".")  # as people read it: 2.500
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def large_sheet(rows=ROWS, **cells):
    return raw_activity_xlsx(row(content=f"Hội nghị thôn {n}", number=n, **cells) for n in range(1, rows + 1))


def upload(client, content, name="bao-cao-ca-nam.xlsx"):
    return client.post(reverse("outreach_import"), {"file": SimpleUploadedFile(name, content)})


def job_url(job):
    return reverse("outreach_import_job", args=[job.pk])


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.fixture
def staff_client(client, commune_staff):
    client.force_login(commune_staff)
    return client


@pytest.fixture
def committed_staff_client(transactional_db, demo_snapshot):
    """Commune staff signed in, on demo data committed for the worker (as the browser tests restore it)."""
    demo_snapshot.restore(everything=True)
    client = Client()
    client.force_login(get_user_model().objects.get(username="xaiatoi"))
    return client


@pytest.mark.django_db(transaction=True)  # the worker commits, as it does in production
@override_settings(TASKS=DB_TASKS)
def test_clerk_imports_a_large_sheet_through_the_worker_and_undoes_it(committed_staff_client):
    staff_client = committed_staff_client
    commune_staff = get_user_model().objects.get(username="xaiatoi")
    response = upload(staff_client, large_sheet())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)

    page = staff_client.get(job_url(job)).content.decode()
    assert "Đang kiểm tra bảng tính" in page
    assert re.search(r"<progress[ >]", page) and '<meta http-equiv="refresh" content="2">' in page
    assert not ActivityRecord.objects.filter(batch__isnull=False).exists()

    run_worker()
    job.refresh_from_db()
    assert (job.state, job.progress, job.total, bytes(job.content)) == ("previewed", ROWS, ROWS, b"")
    page = staff_client.get(job_url(job)).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert f"Mới: <strong>{SHOWN_ROWS}</strong>" in page
    assert f"Xác nhận nhập {SHOWN_ROWS} hoạt động mới" in page
    assert not ActivityRecord.objects.filter(batch__isnull=False).exists()

    response = staff_client.post(reverse("outreach_import_job_confirm", args=[job.pk]))
    assert response["Location"] == job_url(job)
    staff_client.post(reverse("outreach_import_job_confirm", args=[job.pk]))  # a second click queues nothing
    page = staff_client.get(job_url(job)).content.decode()
    assert "Đang nhập các hoạt động" in page and re.search(r"<progress[ >]", page)

    run_worker()
    page = staff_client.get(job_url(job)).content.decode()
    assert "Đã nhập xong" in page and f"Đã nhập mới: <strong>{SHOWN_ROWS}</strong>" in page
    batch = ImportBatch.objects.get()
    assert ActivityRecord.objects.filter(batch=batch).count() == ROWS
    entry = ModelLogEntry.objects.get(action="outreach.import")
    assert entry.user == commune_staff and entry.object_id == str(batch.pk)
    assert entry.data == {
        "file_name": "bao-cao-ca-nam.xlsx",
        "rows": ROWS,
        "new": ROWS,
        "unchanged": 0,
        "batch": batch.pk,
    }
    assert (
        entry.message
        == f"Đã nhập “bao-cao-ca-nam.xlsx”: {SHOWN_ROWS} dòng, {SHOWN_ROWS} hoạt động mới (lần nhập số {batch.pk})"
    )
    assert entry.formatter.label == "Nhập bảng tính hoạt động"

    assert reverse("outreach_import_undo", args=[batch.pk]) in page
    staff_client.post(reverse("outreach_import_undo", args=[batch.pk]))
    assert not ActivityRecord.objects.filter(batch=batch).exists()
    undo = ModelLogEntry.objects.get(action="outreach.import_undo")
    assert (undo.user, undo.data["deleted"]) == (commune_staff, ROWS)
    assert undo.formatter.label == "Hoàn tác lần nhập bảng tính"
    assert "Lần nhập này đã được hoàn tác" in staff_client.get(job_url(job)).content.decode()


@pytest.mark.django_db
class TestLargeSheetWithImmediateTasks:
    """Test settings run tasks at once: the redirect lands on the finished step."""

    def test_row_errors_of_a_large_sheet_show_on_its_page_without_a_confirm_button(self, staff_client, outreach_data):
        response = upload(staff_client, large_sheet(unit="UBND xã Ia Đal"), "khac-don-vi.xlsx")
        page = staff_client.get(response["Location"]).content.decode()
        assert "không thuộc đơn vị của bạn" in page
        assert f"… và {ROWS - 500:,} lỗi khác".replace(",", ".") in page  # 2.000, as people read it
        assert "Xác nhận nhập" not in page
        assert ImportJob.objects.get().pending is None
        assert not ImportBatch.objects.exists()
        batches = staff_client.get(reverse("outreach_import_batches")).content.decode()
        assert f'<a href="{response["Location"]}">khac-don-vi.xlsx</a> – chờ xác nhận' in batches

    def test_a_large_sheet_refused_while_parsing_shows_the_reason(self, staff_client, outreach_data):
        rows = [row(number=n) for n in range(1, ROWS)] + [row(content="x" * (limits.MAX_CELL_CHARS + 1))]
        response = upload(staff_client, raw_activity_xlsx(rows))
        page = staff_client.get(response["Location"]).content.decode()
        job = ImportJob.objects.get()
        assert job.state == "failed" and bytes(job.content) == b""
        assert f"Ô G{ROWS + 1} có hơn 10000 ký tự" in page
        assert reverse("outreach_import") in page

    def test_confirm_writes_the_rows_and_shows_the_result(self, staff_client, outreach_data):
        response = upload(staff_client, large_sheet())
        job = ImportJob.objects.get()
        staff_client.post(reverse("outreach_import_job_confirm", args=[job.pk]))
        page = staff_client.get(job_url(job)).content.decode()
        assert "Đã nhập xong" in page
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == ROWS
        assert response["Location"] == job_url(job)

    def test_a_small_sheet_still_previews_in_the_request(self, staff_client, outreach_data):
        response = upload(staff_client, large_sheet(rows=BACKGROUND_ROWS - 10))
        assert response.status_code == 200 and response.context["report"].new == BACKGROUND_ROWS - 10
        assert not ImportJob.objects.exists()

    def test_another_clerks_job_is_not_found(self, staff_client, justice, outreach_data):
        upload(staff_client, large_sheet())
        job = ImportJob.objects.get()
        other = Client()
        other.force_login(justice)
        assert other.get(job_url(job)).status_code == 404
        assert other.post(reverse("outreach_import_job_confirm", args=[job.pk])).status_code == 404
        assert not ImportBatch.objects.exists()

    def test_users_without_import_permission_are_refused(self, staff_client, outreach_data):
        upload(staff_client, large_sheet())
        job = ImportJob.objects.get()
        trainer = Client()
        trainer.force_login(get_user_model().objects.get(username="taphuan"))
        response = trainer.get(job_url(job))
        assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_small_import_and_its_undo_through_the_admin_are_audited(staff_client, commune_staff, outreach_data):
    response = upload(staff_client, large_sheet(rows=3), "nho.xlsx")
    staff_client.post(reverse("outreach_import_confirm"), {"token": response.context["confirm_form"].initial["token"]})
    batch = ImportBatch.objects.get()
    staff_client.post(reverse("outreach_import_undo", args=[batch.pk]))
    entries = ModelLogEntry.objects.filter(object_id=str(batch.pk)).order_by("timestamp")
    assert [(entry.action, entry.user) for entry in entries] == [
        ("outreach.import", commune_staff),
        ("outreach.import_undo", commune_staff),
    ]
    assert entries[1].message == f"Đã hoàn tác lần nhập số {batch.pk} (“nho.xlsx”): xóa 3 hoạt động"
