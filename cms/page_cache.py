"""Anonymous public pages served from the configured cache (Redis in production), one key per URL.

A view opts in with `mark_cacheable(request, groups, seconds, query=...)`; every other view is
never stored. A response is stored only when nothing personal can be in it: an
anonymous request without a session or messages cookie, a 200 answer that sets no
cookie and never asked for a CSRF token. `drop_group(group)` forgets every stored
URL of a group on every app server (the cache is shared); the domain apps call it
when what a group shows changes (policies/cache.py names the groups and drops them).

A query string is part of the key, its parameters sorted; a page is stored with one only
when the view named every parameter as one its answer depends on (`query`), each given
once: any other query string is never stored, so the keys stay as many as the pages.
A group holds at most MAX_KEYS_PER_GROUP addresses; past that a page is served uncached.
"""

import hashlib
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

KEY_PREFIX = "pages:url:"
REGISTRY_PREFIX = "pages:group:"
MAX_SECONDS = 300
MAX_KEYS_PER_GROUP = 2000
MAX_QUERY_LENGTH = 200
# Every stored page is in this group too: dropping it forgets them all (site name, header links).
ALL_PAGES = "all"
GENERATION_KEY = "pages:generation"
_FLAG = "_page_cache_mark"


def query_pairs(request):
    return sorted(parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True))


def generation():
    """A number in every page's key: dropping ALL_PAGES bumps it, one write however many pages are stored,
    and no list of every stored address has to be kept (or capped). Started from the clock, so a number
    evicted from the cache never comes back as one an old copy was stored under."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, int(time.time() * 1000), None)
        value = cache.get(GENERATION_KEY)
    return value


def url_key(request):
    raw = f"{generation()}|{request.get_host()}|{request.path}|{urlencode(query_pairs(request))}".encode()
    return KEY_PREFIX + hashlib.sha256(raw).hexdigest()


def registry_key(group):
    return f"{REGISTRY_PREFIX}{group}"


def request_may_use_cache(request):
    """Anonymous GET without a session or pending messages, and a query string of bounded length."""
    if request.method != "GET" or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def mark_cacheable(request, groups, seconds=MAX_SECONDS, query=()):
    """Called by a view whose response may be stored, for at most `seconds`; other views never are.

    `groups` is one group or a list; `query` names the query parameters the answer depends on
    (the view has checked their values): a request with any other parameter is never stored.
    """
    if getattr(request, "is_preview", False) or seconds < 1:
        return
    if isinstance(groups, (str, int)):
        groups = [groups]
    setattr(request, _FLAG, (tuple(groups), min(int(seconds), MAX_SECONDS), frozenset(query)))


def query_allowed(request, allowed):
    names = [name for name, _value in query_pairs(request)]
    return len(names) == len(set(names)) and set(names) <= allowed


class AnonymousPageCacheMiddleware:
    """Serves and stores the pages that opted in. Sits above the session,
    CSRF and auth middleware, so a hit skips them and a stored response is the
    one they produced."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        usable = request_may_use_cache(request)
        if usable:
            # The key is taken before the view runs: a drop during the render leaves this copy under the old
            # generation, never to be served.
            key = url_key(request)
            stored = cache.get(key)
            if stored is not None:
                return rebuild(stored)
        response = self.get_response(request)
        marked = getattr(request, _FLAG, None)
        if usable and marked and self.storable(request, response):
            store(request, response, key, *marked)
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


def store(request, response, key, groups, seconds, query):
    if not query_allowed(request, query):
        return
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if b"csrfmiddlewaretoken" in response.content:
        return  # a form that posts: never shared between visitors
    registries = {}
    for group in groups:
        if group == ALL_PAGES:
            continue  # every page is in it through the generation in its key
        keys = set(cache.get(registry_key(group)) or ())
        if len(keys) >= MAX_KEYS_PER_GROUP and key not in keys:
            keys = set(cache.get_many(list(keys)))  # forget the addresses whose copy has expired
            if len(keys) >= MAX_KEYS_PER_GROUP:
                return
        keys.add(key)
        registries[registry_key(group)] = keys
    headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
    cache.set(key, {"content": response.content, "status": response.status_code, "headers": headers}, seconds)
    # No copy outlives MAX_SECONDS, so neither need the list of them: an idle group's list goes by itself.
    cache.set_many(registries, MAX_SECONDS)


def rebuild(stored):
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def drop_group(group):
    """Forget every stored URL of a group (all app servers share the cache)."""
    if group == ALL_PAGES:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not there (evicted, or never set): the next reader starts a new one
            generation()
            cache.incr(GENERATION_KEY)
        return
    keys = list(cache.get(registry_key(group)) or ())
    cache.delete_many([*keys, registry_key(group)])


def drop_all():
    drop_group(ALL_PAGES)
