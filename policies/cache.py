"""Anonymous draft pages served from the configured cache (Redis in production), one key per URL.

Only a draft's main page opts in (`mark_cacheable`); the comment form and
every other view never do. A response is stored only when nothing personal can
be in it: an anonymous request without a session or messages cookie, a 200
answer that sets no cookie and never asked for a CSRF token. Publishing,
unpublishing or deleting a draft drops its stored URLs on every app server
(the cache is shared) and asks the front-end cache (CDN) to purge the draft,
the draft index and the RSS feed.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

KEY_PREFIX = "drafts:page:"
REGISTRY_PREFIX = "drafts:urls:"
MAX_SECONDS = 300
_FLAG = "_draft_cache_page_id"


def url_key(request):
    raw = f"{request.get_host()}|{request.path}".encode()
    return KEY_PREFIX + hashlib.sha256(raw).hexdigest()


def registry_key(page_id):
    return f"{REGISTRY_PREFIX}{page_id}"


def request_may_use_cache(request):
    """Anonymous GET of a bare URL: no session, no pending messages, no query string."""
    if request.method != "GET" or request.META.get("QUERY_STRING"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def mark_cacheable(request, page):
    """Called by a page view that may be stored; other views never are."""
    if not getattr(request, "is_preview", False):
        setattr(request, _FLAG, (page.pk, seconds_until_change(page)))


def seconds_until_change(page, now=None):
    """Never keep a page past the moment its status or its 'days left' changes."""
    now = now or timezone.now()
    moments = [page.consultation_opens, page.consultation_closes]
    local = timezone.localtime(now)
    next_midnight = (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    moments.append(next_midnight)
    seconds = MAX_SECONDS
    for moment in moments:
        if moment and moment > now:
            seconds = min(seconds, int((moment - now).total_seconds()) + 1)
    return max(seconds, 1)


class AnonymousDraftCacheMiddleware:
    """Serves and stores the draft pages that opted in. Sits above the session,
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


def store(request, response, page_id, seconds):
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    key = url_key(request)
    headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
    cache.set(key, {"content": response.content, "status": response.status_code, "headers": headers}, seconds)
    keys = set(cache.get(registry_key(page_id)) or ())
    keys.add(key)
    cache.set(registry_key(page_id), keys, None)


def rebuild(stored):
    response = HttpResponse(stored["content"], status=stored["status"])
    for name, value in stored["headers"]:
        response[name] = value
    response["X-Draft-Cache"] = "hit"
    return response


def drop_draft(page_id):
    """Forget every stored URL of a draft (all app servers share the cache)."""
    keys = list(cache.get(registry_key(page_id)) or ())
    cache.delete_many([*keys, registry_key(page_id)])


def purge_frontend(draft):
    """Ask the front-end cache (CDN, proxy) to drop the draft, the index and both feeds."""
    from django.urls import reverse

    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_page(draft)
    index = draft.get_parent()
    if index is not None:
        batch.add_page(index)
        site = index.specific_deferred.get_site()
        if site is not None:  # an index outside every configured site has no public address to purge
            for feed in ("draft_feed", "open_draft_feed"):
                batch.add_url(site.root_url + reverse(feed))
    batch.purge()


def on_draft_changed(sender, instance, **kwargs):
    drop_draft(instance.pk)
    purge_frontend(instance)


def on_draft_deleted(sender, instance, **kwargs):
    drop_draft(instance.pk)


def on_comments_changed(sender, draft, **kwargs):
    """Approving, hiding or answering a comment changes the public draft page."""
    from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

    drop_draft(draft.pk)
    purge_page_from_cache(draft)


def connect_signals():
    from django.db.models.signals import post_delete

    from wagtail.signals import page_published, page_unpublished

    from policies.models import DraftPage
    from policies.models.comments import comment_visibility_changed

    page_published.connect(on_draft_changed, sender=DraftPage, dispatch_uid="drafts_cache_published")
    page_unpublished.connect(on_draft_changed, sender=DraftPage, dispatch_uid="drafts_cache_unpublished")
    post_delete.connect(on_draft_deleted, sender=DraftPage, dispatch_uid="drafts_cache_deleted")
    comment_visibility_changed.connect(on_comments_changed, dispatch_uid="drafts_cache_comments_changed")
