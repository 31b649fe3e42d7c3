"""Admin views for importing activity sheets: upload → preview → confirm, template, batches, undo.

A sheet of up to BACKGROUND_ROWS rows is previewed in the request; its rows wait for
confirmation in the cache under a random token bound to the user (never a file under a
public path, never addressable by a name the client chooses). A larger sheet becomes an
ImportJob: the worker previews and later writes it while the clerk's page shows its progress,
so no request waits on a big sheet.
"""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.forms import Form
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from wagtail.log_actions import LogFormatter

from cms.numbers import vn_number
from outreach import exports, importing, tasks
from outreach.aliases import MappingForm, owner_unit
from outreach.columns import HEADINGS
from outreach.forms import ImportConfirmForm, ImportUploadForm
from outreach.models import ImportBatch, ImportJob
from outreach.permissions import may_import
from outreach.spreadsheets import MAX_UPLOAD_BYTES, SheetError, check_upload_size, estimate_rows
from policies import scope

PENDING_SECONDS = 60 * 60
BACKGROUND_ROWS = 2000  # above this, preview and confirm run in the worker
JOB_REFRESH_SECONDS = 2
IMPORT_HEADINGS = list(HEADINGS.values())


def _pending_key(user, token):
    return f"outreach-import:{user.pk}:{token}"


def _sheet_key(user, token):
    # The uploaded sheet itself, so a name mapped in the preview can be applied without a new upload.
    return f"outreach-import-sheet:{user.pk}:{token}"


def _require_import(user):
    if not may_import(user):
        raise PermissionDenied


class SizeLimitUploadHandler(FileUploadHandler):
    """Stop reading an upload as soon as it passes the limit, instead of spooling it all to disk first."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            declared = int(self.request.META.get("CONTENT_LENGTH") or 0)
            self.request.upload_too_large = max(self.received, declared)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


@csrf_exempt  # the upload handler must be installed before the CSRF check reads the body…
def import_view(request):
    _require_import(request.user)
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
    return _import_view(request)


@csrf_protect  # …which then happens here, as usual
def _import_view(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "report": None,
        "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
        "import_headings": IMPORT_HEADINGS,
    }
    too_large = getattr(request, "upload_too_large", None)
    if request.method == "POST" and too_large:
        form = context["form"] = ImportUploadForm(data={}, files={})
        try:
            check_upload_size(too_large)
        except SheetError as error:
            form.errors["file"] = form.error_class([str(error)])  # replaces "required": the file was refused
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload_size(upload.size)
            content = upload.read()
            if estimate_rows(content, upload.name) > BACKGROUND_ROWS:
                return _start_job(request, upload.name, content)
            _show_preview(request, context, content, upload.name, secrets.token_urlsafe(24))
        except SheetError as error:
            form.add_error("file", str(error))
    elif request.method == "GET" and request.GET.get("phien"):
        # The same sheet again, after a name was mapped in its preview.
        token = request.GET["phien"]
        sheet = cache.get(_sheet_key(request.user, token))
        if sheet is None:
            messages.error(request, _("Phiên nhập đã hết hạn hoặc không hợp lệ. Hãy tải bảng tính lên lại."))
            return redirect("outreach_import")
        try:
            _show_preview(request, context, sheet["content"], sheet["file_name"], token)
        except SheetError as error:
            messages.error(request, str(error))
            return redirect("outreach_import")
    return TemplateResponse(request, "outreach/import.html", context)


def _show_preview(request, context, content, file_name, token):
    """Preview the sheet into `context`; keep the sheet (for mapping) and its new rows (for confirm) under `token`."""
    report = importing.preview(content, file_name, user=request.user)
    context["report"] = report
    cache.set(_sheet_key(request.user, token), {"file_name": file_name, "content": content}, PENDING_SECONDS)
    context["mapping_forms"] = _mapping_forms(request.user, report.unknown, token)
    context["map_url"] = reverse("outreach_import_map")
    context["mapping_scope"] = _mapping_scope(request.user)
    if report.ok and report.new:
        cache.set(_pending_key(request.user, token), report.pending.as_json(), PENDING_SECONDS)
        context["confirm_form"] = ImportConfirmForm(initial={"token": token})
    else:
        cache.delete(_pending_key(request.user, token))


def _mapping_forms(user, unknown_names, token):
    """One form per unknown name the user can map (a select of what they may map it to)."""
    forms, mappable = [], {}
    for number, unknown in enumerate(unknown_names):
        form = MappingForm(
            user,
            kind=unknown["key"],
            initial={"kind": unknown["key"], "text": unknown["text"]},
            auto_id=f"id_map{number}_%s",
        )
        if unknown["key"] not in mappable:  # one question per kind, not per name
            mappable[unknown["key"]] = form.fields["target"].queryset.exists()
        if mappable[unknown["key"]]:
            forms.append({"unknown": unknown, "form": form, "token": token})
    return forms


def _mapping_scope(user):
    """Whom a mapping serves, as the preview tells the user."""
    try:
        unit = owner_unit(user)
    except PermissionError:
        return ""
    return unit.name if unit is not None else _("mọi đơn vị")


@require_POST
def map_view(request):
    """Save an unknown name of the preview as an alias of an entry the user may use, then preview again."""
    _require_import(request.user)
    token = request.POST.get("phien", "")
    if cache.get(_sheet_key(request.user, token)) is None:
        messages.error(request, _("Phiên nhập đã hết hạn hoặc không hợp lệ. Hãy tải bảng tính lên lại."))
        return redirect("outreach_import")
    form = MappingForm(request.user, request.POST)
    if form.is_valid():
        try:
            alias = form.save()
        except PermissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Đã ghi nhớ: “%(text)s” là “%(target)s”. Bảng tính được xem trước lại với tên gọi này.")
                % {"text": alias.text, "target": alias.target},
            )
    else:
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
    return redirect(f"{reverse('outreach_import')}?{urlencode({'phien': token})}")


def _start_job(request, file_name, content):
    job = ImportJob.objects.create(owner=request.user, file_name=file_name[:255], content=content)
    tasks.preview_import.enqueue(job.pk)
    return redirect("outreach_import_job", job.pk)


def job_view(request, pk):
    """The clerk's page for a large import: progress while the worker runs, then the preview or the result."""
    _require_import(request.user)
    job = get_object_or_404(ImportJob.objects.select_related("batch"), pk=pk, owner=request.user)
    report = job.preview
    mappable = job.state == ImportJob.State.PREVIEWED and report and report.get("unknown") and job.has_content
    context = {
        "job": job,
        "report": report,
        "mapping_forms": _mapping_forms(request.user, report["unknown"], None) if mappable else [],
        "mapping_scope": _mapping_scope(request.user),
        "map_url": reverse("outreach_import_job_map", args=[job.pk]),
        "refresh_seconds": JOB_REFRESH_SECONDS if job.running else None,
        "confirm_form": Form() if job.state == ImportJob.State.PREVIEWED and job.pending else None,
        "import_headings": IMPORT_HEADINGS,
    }
    return TemplateResponse(request, "outreach/admin/import_job.html", context)


@require_POST
def job_map_view(request, pk):
    """A name mapped on a large import's page: save the alias, then the worker previews the sheet again."""
    _require_import(request.user)
    job = get_object_or_404(ImportJob, pk=pk, owner=request.user)
    form = MappingForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("outreach_import_job", job.pk)
    rerun = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.PREVIEWED).exclude(content=b"")
    try:
        alias = form.save()
    except PermissionError as error:
        messages.error(request, str(error))
        return redirect("outreach_import_job", job.pk)
    if rerun.update(state=ImportJob.State.PREVIEWING, pending=None, progress=0):
        tasks.preview_import.enqueue(job.pk)
    messages.success(
        request,
        _("Đã ghi nhớ: “%(text)s” là “%(target)s”. Bảng tính được xem trước lại với tên gọi này.")
        % {"text": alias.text, "target": alias.target},
    )
    return redirect("outreach_import_job", job.pk)


@require_POST
def job_confirm_view(request, pk):
    """Hand the previewed rows to the worker, once: a second click finds the job already importing."""
    _require_import(request.user)
    job = get_object_or_404(ImportJob, pk=pk, owner=request.user)
    previewed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.PREVIEWED, pending__isnull=False)
    if previewed.update(state=ImportJob.State.IMPORTING):
        tasks.confirm_import.enqueue(job.pk)
    return redirect("outreach_import_job", job.pk)


@require_POST
def confirm_view(request):
    _require_import(request.user)
    form = ImportConfirmForm(request.POST)
    pending = cache.get(_pending_key(request.user, form.data.get("token", ""))) if form.is_valid() else None
    if pending is None:
        messages.error(request, _("Phiên nhập đã hết hạn hoặc không hợp lệ. Hãy tải bảng tính lên lại."))
        return redirect("outreach_import")
    cache.delete(_pending_key(request.user, form.cleaned_data["token"]))
    cache.delete(_sheet_key(request.user, form.cleaned_data["token"]))
    try:
        report = importing.confirm(importing.PendingImport.from_json(pending), user=request.user)
    except SheetError as error:
        messages.error(request, str(error))
        return redirect("outreach_import")
    messages.success(
        request,
        _("Đã nhập %(new)s hoạt động mới từ “%(file)s” (%(unchanged)s dòng đã có, bỏ qua).")
        % {"new": vn_number(report.new), "file": report.file_name, "unchanged": vn_number(report.unchanged)},
    )
    return redirect("outreach_activityrecord_modeladmin_index")


def template_view(request):
    _require_import(request.user)
    return exports.template_response()


def batches_view(request):
    _require_import(request.user)
    batches = ImportBatch.objects.visible_to(request.user).select_related("created_by", "undone_by")
    batches = batches.order_by("-created_at")
    jobs = ImportJob.objects.filter(owner=request.user).exclude(state=ImportJob.State.DONE)
    context = {"batches": batches[:200], "jobs": jobs.defer("content", "pending", "preview")[:50]}
    return TemplateResponse(request, "outreach/import_batches.html", context)


def undo_view(request, pk):
    """GET asks for confirmation; POST deletes the batch's records."""
    _require_import(request.user)
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not scope.sees_all_units(request.user) and batch.created_by_id != request.user.pk:
        raise PermissionDenied
    if request.method != "POST":
        return TemplateResponse(request, "outreach/import_undo.html", {"batch": batch, "count": batch.records.count()})
    try:
        count = importing.undo_batch(batch, request.user)
    except PermissionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Đã hoàn tác lần nhập “%(batch)s”: xóa %(count)s hoạt động.")
            % {
                "batch": batch,
                "count": vn_number(count),
            },
        )
    return redirect(reverse("outreach_import_batches"))


def register_import_log_actions(actions):
    @actions.register_action(importing.LOG_IMPORT)
    class ImportLogFormatter(LogFormatter):
        label = gettext_lazy("Nhập bảng tính hoạt động")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Đã nhập “%(file)s”: %(rows)s dòng, %(new)s hoạt động mới (lần nhập số %(batch)s)") % {
                "file": data.get("file_name", ""),
                "rows": vn_number(data.get("rows", 0)),
                "new": vn_number(data.get("new", 0)),
                "batch": data.get("batch", ""),
            }

    @actions.register_action(importing.LOG_UNDO)
    class UndoLogFormatter(LogFormatter):
        label = gettext_lazy("Hoàn tác lần nhập bảng tính")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Đã hoàn tác lần nhập số %(batch)s (“%(file)s”): xóa %(count)s hoạt động") % {
                "batch": data.get("batch", ""),
                "file": data.get("file_name", ""),
                "count": vn_number(data.get("deleted", 0)),
            }
