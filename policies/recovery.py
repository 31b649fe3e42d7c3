"""Keep what a visitor typed into the comment form when the request fails early.

Two failures stop a comment before the comment view can answer with its form:
a CSRF failure (the form stayed open for days, the browser dropped its cookie,
a cached copy of the page) and a database outage (no draft to render the form
with). For a POST to a draft's comment address (`…/gop-y/`) this middleware
answers both with the error page plus the typed text in a small form. Sending
that form, with a fresh CSRF token, only reopens the real comment form filled
in; nothing is ever stored from text that came without a valid token.

It also keeps an over-sized form readable: its uploaded files are read past and
dropped, so the comment view can show the text back with the size error.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponseForbidden, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, get_token
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from cms.views import DATABASE_OUTAGE, service_unavailable

logger = logging.getLogger(__name__)

COMMENT_PATH = re.compile(r"/gop-y/\Z")  # DraftPage's "gop-y/" route
TYPED_FIELDS = ("body", "section", "name", "organisation", "contact", "publish_as", "token", "stamp")
# Fields the recovery form carries on; never the form's idempotency token or time stamp, which came with a request
# that failed the CSRF check and so may come from another site.
RECOVERED_FIELDS = ("body", "section", "name", "organisation", "contact", "publish_as")
# Set by the recovery form: the comment view then reopens its form filled in and stores nothing.
RESTORE_FIELD = "khoi_phuc"
TEMPLATE = "policies/comment_recovery.html"
UNREADABLE = (SuspiciousOperation, MultiPartParserError, UnicodeDecodeError, UnreadablePostError)


def is_comment_post(request):
    return request.method == "POST" and bool(COMMENT_PATH.search(request.path_info))


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class SkipFilesHandler(FileUploadHandler):
    """Reads past every uploaded file and keeps none of it (memory and disk stay untouched)."""

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


def skip_uploads(request):
    """Make a form's text fields readable without keeping its files; only before the body is read."""
    if not hasattr(request, "_files"):
        request.upload_handlers = [SkipFilesHandler(request)]


def typed_fields(request):
    """The text the visitor sent, as sent and unvalidated: for showing back, never for storing."""
    try:
        data = request.POST
    except UNREADABLE:
        return {}
    return {name: data[name] for name in TYPED_FIELDS if data.get(name)}


def lost_its_token(reason):
    """A visitor's own form whose cookie or token went missing or stale: not a post from another site, which
    Django refuses for its Origin or Referer and which must never be shown back as the visitor's words."""
    return reason == REASON_NO_CSRF_COOKIE or reason.startswith("CSRF token")  # "… missing.", "… incorrect."


def recovery_page(request, status):
    """The CSRF failure (403) or outage (503) page with the typed text; None when nothing was typed."""
    typed = {name: value for name, value in typed_fields(request).items() if name in RECOVERED_FIELDS}
    if not typed.get("body"):
        return None
    from policies.forms import CommentForm

    context = {
        "base_template": "503.html" if status == 503 else "403_csrf.html",
        "typed": typed,
        "labels": {name: field.label for name, field in CommentForm.base_fields.items()},
        "action": request.path,
        "restore_field": RESTORE_FIELD,
        "no_cookie": getattr(request, "csrf_failure_reason", None) == REASON_NO_CSRF_COOKIE,
        # No request context (an outage must not reach the database): the token is passed by hand.
        "csrf_token": get_token(request),
    }
    if status == 503:
        response = service_unavailable(TEMPLATE, context)
    else:
        response = HttpResponseForbidden(loader.render_to_string(TEMPLATE, context))
        add_never_cache_headers(response)
    patch_vary_headers(response, ["Cookie"])
    return response


class CommentRecoveryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_comment_post(request):
            return self.get_response(request)
        if declared_length(request) > settings.COMMENT_MAX_REQUEST_BYTES:
            # The CSRF check reads the body before the view: skip the files from the start.
            skip_uploads(request)
        response = self.get_response(request)
        reason = getattr(request, "csrf_failure_reason", None)  # set by cms.views.csrf_failure
        if reason is not None and lost_its_token(reason):
            return recovery_page(request, 403) or response
        return response

    def process_exception(self, request, exception):
        if not (is_comment_post(request) and isinstance(exception, DATABASE_OUTAGE)):
            return None
        logger.error("Database unreachable while receiving a comment on %s", request.path, exc_info=exception)
        return recovery_page(request, 503)
