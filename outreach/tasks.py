"""Large imports in the background worker (django_tasks: immediate in tests, `db_worker` in production).

Each task works on one ImportJob and leaves it in a final state the clerk's page shows:
previewed (with the report), done (with the batch) or failed (with the reason).
"""

from contextlib import contextmanager

from django.utils.translation import gettext as _

from django_tasks import task

from outreach import importing
from outreach.models import ImportJob
from outreach.spreadsheets import SheetError

PREVIEW_ERRORS_KEPT = 500  # the page lists this many; the count says how many more


def preview_summary(report):
    """What the preview page shows, as JSON (the same names the inline preview template reads)."""
    parsed = report.parsed
    return {
        "file_name": report.file_name,
        "parsed": {
            "sheet_name": parsed.sheet_name,
            "header_row": parsed.header_row,
            "extra_columns": parsed.extra_columns,
            "ignored_columns": parsed.ignored_columns,
        },
        "total": report.total,
        "new": report.new,
        "unchanged": report.unchanged,
        "error_rows": report.error_rows,
        "error_count": len(report.errors),
        "errors": [str(error) for error in report.errors[:PREVIEW_ERRORS_KEPT]],
        "default_unit": {"name": report.default_unit.name} if report.default_unit else None,
        "sample": report.sample,
        "rest": report.rest,
        "unknown": report.unknown,
        "unknown_more": report.unknown_more,
    }


@task()
def preview_import(job_id):
    job = ImportJob.objects.select_related("owner").get(pk=job_id)

    def progress(done, total):
        ImportJob.objects.filter(pk=job_id).update(progress=done, total=total)

    with _failure_recorded(job_id, content=b""):
        report = importing.preview(bytes(job.content), job.file_name, user=job.owner, progress=progress)
        _finish(
            job_id,
            state=ImportJob.State.PREVIEWED,
            progress=report.total,
            total=report.total,
            preview=preview_summary(report),
            pending=report.pending.as_json() if report.pending and report.new else None,
            # Kept while a name is unknown, so a mapping made on the job's page can preview it again.
            content=bytes(job.content) if report.unknown else b"",
        )


@task()
def confirm_import(job_id):
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    with _failure_recorded(job_id, pending=None):
        report = importing.confirm(importing.PendingImport.from_json(job.pending), user=job.owner)
        _finish(job_id, state=ImportJob.State.DONE, batch=report.batch, pending=None)


@contextmanager
def _failure_recorded(job_id, **cleanup):
    """A refused sheet fails the job with its reason; anything else fails it too, then reaches the worker's log."""
    try:
        yield
    except SheetError as error:
        _finish(job_id, state=ImportJob.State.FAILED, error=str(error), **cleanup)
    except Exception:
        _finish(
            job_id,
            state=ImportJob.State.FAILED,
            error=_("Lỗi không lường trước khi xử lý bảng tính; chưa có dòng nào được nhập. Hãy tải lên lại."),
            **cleanup,
        )
        raise


def _finish(job_id, **fields):
    job = ImportJob.objects.get(pk=job_id)
    for name, value in fields.items():
        setattr(job, name, value)
    job.save()
