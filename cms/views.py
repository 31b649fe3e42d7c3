"""Error pages in Vietnamese and in the site's look.

Django's own handlers already render templates/400.html, 403.html and 404.html.
These views add what they cannot: a database outage answered as a 503 the
visitor can retry, and a CSRF failure explained in plain words.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.template import loader
from django.utils.cache import add_never_cache_headers

# Errors that mean "the database cannot be reached now", not "the code is wrong".
DATABASE_OUTAGE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 120


def service_unavailable(template_name="503.html", context=None):
    """A 503 that tells browsers and proxies when to try again."""
    response = HttpResponse(loader.render_to_string(template_name, context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request):
    """500, or 503 when the database is down.

    Rendered without the request's context: whatever broke (often the database)
    must not break the error page too.
    """
    if isinstance(sys.exc_info()[1], DATABASE_OUTAGE):
        return service_unavailable()
    return HttpResponseServerError(loader.render_to_string("500.html"))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form's security token was missing or stale.

    The reason is left on the request so that an app whose form carries a
    visitor's text (the comment form) can show that text back instead.
    """
    request.csrf_failure_reason = reason
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE}
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", context))
