"""Anonymous public pages served from the configured cache (Redis in production), one key per URL.

A view opts in with `mark_cacheable(request, group, seconds)`; every other view is
never stored. A response is stored only when nothing personal can be in it: an
anonymous request without a session or messages cookie, a 200 answer that sets no
cookie and never asked for a CSRF token. `drop_group(group)` forgets every stored
URL of a group on every app server (the cache is shared); the domain apps call it
when what a group shows changes (policies/cache.py for drafts).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

KEY_PREFIX = "pages:url:"
REGISTRY_PREFIX = "pages:group:"
MAX_SECONDS = 300
_FLAG = "_page_cache_mark"


def url_key(request):
    raw = f"{request.get_host()}|{request.path}".encode()
    return KEY_PREFIX + hashlib.sha256(raw).hexdigest()


def registry_key(group):
    return f"{REGISTRY_PREFIX}{group}"


def request_may_use_cache(request):
    """Anonymous GET of a bare URL: no session, no pending messages, no query string."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def mark_cacheable(request, group, seconds=MAX_SECONDS):
    """Called by a view whose response may be stored, for at most `seconds`; other views never are."""
    if not getattr(request, "is_preview", False):
        setattr(request, _FLAG, (group, max(1, min(seconds, MAX_SECONDS))))


class AnonymousPageCacheMiddleware:
    """Serves and stores the pages that opted in. Sits above the session,
    CSRF and auth middleware, so a hit skips them and a stored response is the
    one they produced."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        usable = request_may_use_cache(request)
        if usable:
            stored = cache.get(url_key(request))
            if stored is not None:
                return rebuild(stored)
        response = self.get_response(request)
        marked = getattr(request, _FLAG, None)
        if usable and marked and self.storable(request, response):
            store(request, response, *marked)
        return response

    def storable(self, request, response):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not (user is not None and user.is_authenticated)
            and not (session is not None and session.modified)
            and "private" not in response.get("Cache-Control", "")
        )


def store(request, response, group, seconds):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    key = url_key(request)
    headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
    cache.set(key, {"content": response.content, "status": response.status_code, "headers": headers}, seconds)
    keys = set(cache.get(registry_key(group)) or ())
    keys.add(key)
    cache.set(registry_key(group), keys, None)


def rebuild(stored):
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def drop_group(group):
    """Forget every stored URL of a group (all app servers share the cache)."""
    keys = list(cache.get(registry_key(group)) or ())
    cache.delete_many([*keys, registry_key(group)])
