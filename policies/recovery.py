"""Keep what a visitor typed into the comment form when the request fails early.

Two failures stop a comment before the comment view can answer with its form:
a CSRF failure (the form stayed open for days, the browser dropped its cookie,
a cached copy of the page) and a database outage (no draft to render the form
with). For a POST to a draft's comment address (`…/gop-y/`) this middleware
answers both with the error page plus the typed text in a small form. Sending
that form, with a fresh CSRF token, only reopens the real comment form filled
in; nothing is ever stored from text that came without a valid token.

It also keeps an over-sized form readable: its uploaded files are read past and
dropped, and text over Django's limits (a 10 MB field, 2,000 fields), which the
CSRF check would turn into a bare 400, is kept as far as it was read, so the
comment view can show the text back with the size error.
"""

import io
import logging
import re
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponseForbidden, QueryDict, UnreadablePostError
from django.http.multipartparser import FIELD, ChunkIter, LazyStream, MultiPartParserError, Parser
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, get_token
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.datastructures import MultiValueDict

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
# How much of a body is kept aside while Django reads it: every typed field at its longest fits many times.
READ_ASIDE_BYTES = 256 * 1024
# What read_form found wrong with a comment POST's body, left on the request for the comment view.
READ_PROBLEM = "comment_read_problem"
TOO_LARGE, UNREADABLE_FORM = "too_large", "unreadable"


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


class ReadAside:
    """The request's body stream, keeping a copy of its first READ_ASIDE_BYTES as they are read."""

    def __init__(self, stream):
        self.stream = stream
        self.kept = bytearray()

    def read(self, *args, **kwargs):
        data = self.stream.read(*args, **kwargs)
        if len(self.kept) < READ_ASIDE_BYTES:
            self.kept += data[: READ_ASIDE_BYTES - len(self.kept)]
        return data

    def readline(self, *args, **kwargs):
        return self.stream.readline(*args, **kwargs)

    def close(self):
        self.stream.close()


def _fields_read(request, kept):
    """The form's own text fields found in the first bytes of a body that Django refused to read whole;
    the field being read when the bytes ran out is kept cut short."""
    fields = QueryDict(mutable=True)
    if request.content_type == "multipart/form-data":
        boundary = request.content_params.get("boundary", "").encode("ascii", "replace")
        parts = Parser(LazyStream(ChunkIter(io.BytesIO(kept))), boundary)
        try:
            for item_type, meta, stream in parts:
                data = stream.read()
                name = meta.get("content-disposition", ("", {}))[1].get("name", b"").decode(errors="replace")
                if item_type == FIELD and name in (*TYPED_FIELDS, "csrfmiddlewaretoken") and name not in fields:
                    fields[name] = data.decode(errors="replace")
        except (MultiPartParserError, ValueError, IndexError):
            pass  # the bytes ended inside a part's headers: the fields before it are kept
    else:
        text = bytes(kept).decode("ascii", errors="replace")
        for name, value in parse_qsl(text, keep_blank_values=True, max_num_fields=None):
            if name in (*TYPED_FIELDS, "csrfmiddlewaretoken") and name not in fields:
                fields[name] = value
    return fields


def read_problem(request):
    """TOO_LARGE (the text was over Django's limits and only its first part was read), UNREADABLE_FORM, or None."""
    return getattr(request, READ_PROBLEM, None)


def read_form(request):
    """Read a comment POST's form before the CSRF check does; over Django's limits, keep its first part."""
    reader = ReadAside(request._stream)
    request._stream = reader
    try:
        request.POST  # noqa: B018 - reading it is the point
    except (RequestDataTooBig, TooManyFieldsSent):
        # Read to the end (the start is kept aside): a server closing on unread bytes resets the connection,
        # and the browser would show its own error instead of this answer.
        while reader.read(64 * 1024):
            pass
        request._post, request._files = _fields_read(request, reader.kept), MultiValueDict()
        setattr(request, READ_PROBLEM, TOO_LARGE)
    except UNREADABLE:
        request._post, request._files = QueryDict(), MultiValueDict()
        setattr(request, READ_PROBLEM, UNREADABLE_FORM)


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
        read_form(request)
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
