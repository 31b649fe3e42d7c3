"""The attendance page of a training session: tick attendees from the roster, or upload a sheet of them.

Open to whoever may change the session (the training policy: the trainer who registered it, the
Justice Office); the candidates are the roster that user may train (outreach.attendance).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from wagtail.log_actions import LogFormatter

from cms.http import parse_id
from outreach import attendance
from outreach.admin_views import SizeLimitUploadHandler
from outreach.models import TrainingSession
from outreach.permissions import training_policy
from outreach.spreadsheets import MAX_UPLOAD_BYTES, SheetError, check_upload_size


class AttendanceUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bảng tính danh sách tham dự"),
        help_text=gettext_lazy(
            "Tệp Excel (.xlsx) hoặc CSV (UTF-8), tối đa 10 MB, có cột “Họ và tên” và/hoặc “Điện thoại” "
            "(cột “Đơn vị” nếu có). Người có trong danh sách được nhận ra theo số điện thoại hoặc họ tên."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _session_for_change(request, pk):
    session = get_object_or_404(TrainingSession.objects.select_related("organising_unit"), pk=pk)
    if not training_policy.user_has_permission_for_instance(request.user, "change", session):
        raise PermissionDenied
    return session


def _page(request, session, upload_form=None, report=None, status=200):
    members = list(attendance.candidates(request.user, session))
    attending = attendance.attending_ids(session)
    context = {
        "session": session,
        "rows": [(member, member.pk in attending) for member in members],
        "typed_in": session.attendances.filter(member__isnull=True).order_by("sort_order", "pk"),
        "upload_form": upload_form or AttendanceUploadForm(),
        "report": report,
        "max_mb": MAX_UPLOAD_BYTES // 1024 // 1024,
    }
    return TemplateResponse(request, "outreach/admin/attendance.html", context, status=status)


@csrf_protect
def attendance_view(request, pk):
    """GET: the roster list with the attending ticked. POST: save the ticks in one go."""
    session = _session_for_change(request, pk)
    if request.method != "POST":
        return _page(request, session)
    ids = [parse_id(value) for value in request.POST.getlist("members")]
    if None in ids:
        raise PermissionDenied
    try:
        added, removed = attendance.save_ticked(session, request.user, ids)
    except PermissionError as error:
        # An id outside the roster this user may train was posted by hand: nothing is saved.
        raise PermissionDenied from error
    messages.success(
        request,
        _("Đã lưu danh sách tham dự “%(session)s”: thêm %(added)s người, bỏ %(removed)s người.")
        % {"session": session.title, "added": added, "removed": removed},
    )
    return redirect("outreach_attendance", session.pk)


@csrf_exempt  # the upload handler must be installed before the CSRF check reads the body…
def attendance_import_view(request, pk):
    _session_for_change(request, pk)
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
    return _attendance_import(request, pk)


@csrf_protect  # …which then happens here, as usual
def _attendance_import(request, pk):
    session = _session_for_change(request, pk)
    if request.method != "POST":
        return redirect("outreach_attendance", session.pk)
    form = AttendanceUploadForm(request.POST, request.FILES)
    too_large = getattr(request, "upload_too_large", None)
    if too_large:
        form = AttendanceUploadForm(data={}, files={})
        try:
            check_upload_size(too_large)
        except SheetError as error:
            form.errors["file"] = form.error_class([str(error)])
        return _page(request, session, upload_form=form, status=400)
    if not form.is_valid():
        return _page(request, session, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        check_upload_size(upload.size)
        report = attendance.import_attendance(session, request.user, upload.read(), upload.name)
    except SheetError as error:
        form.add_error("file", str(error))
        return _page(request, session, upload_form=form, status=400)
    return _page(request, session, report=report)


def register_attendance_log_action(actions):
    @actions.register_action(attendance.ATTENDANCE_LOG_ACTION)
    class AttendanceLogFormatter(LogFormatter):
        label = gettext_lazy("Ghi danh sách tham dự")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Danh sách tham dự: thêm %(added)s người, bỏ %(removed)s người") % {
                "added": data.get("added", 0),
                "removed": data.get("removed", 0),
            }
