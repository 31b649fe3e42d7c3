"""Which anonymous draft pages may be cached, and for how long; dropping them when the draft changes.

The cache itself is `cms.page_cache`; a draft's URLs form one group, its page id.
Publishing, unpublishing or deleting a draft, or a comment changing what it shows,
drops its stored URLs and asks the front-end cache (CDN) to purge the draft, the
draft index and the RSS feeds.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cms import page_cache

# The open data API's stored answers (home/open_data.py): every draft list, draft and synthesis in one group.
OPEN_DATA_GROUP = "open-data"


def mark_cacheable(request, page):
    """Called by the draft's main page view; its other views are never stored."""
    page_cache.mark_cacheable(request, page.pk, seconds_until_change(page))


def seconds_until_change(page, now=None):
    """Never keep a page past the moment its status or its 'days left' changes."""
    now = now or timezone.now()
    moments = [page.consultation_opens, page.consultation_closes]
    local = timezone.localtime(now)
    next_midnight = (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    moments.append(next_midnight)
    seconds = page_cache.MAX_SECONDS
    for moment in moments:
        if moment and moment > now:
            seconds = min(seconds, int((moment - now).total_seconds()) + 1)
    return max(seconds, 1)


def drop_draft(page_id):
    _drop(page_id)
    # Once more after the commit: a visitor's request between the change and the commit may have stored the old page.
    transaction.on_commit(lambda: _drop(page_id))


def _drop(page_id):
    page_cache.drop_group(page_id)
    page_cache.drop_group(OPEN_DATA_GROUP)


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


def on_comment_deleted(sender, instance, **kwargs):
    """A deleted comment leaves the public draft page (single or bulk delete)."""
    drop_draft(instance.draft_id)


def on_synthesis_changed(sender, instance, **kwargs):
    """Publishing or withdrawing a synthesis changes the draft's open data."""
    drop_draft(instance.draft_id)


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from wagtail.signals import page_published, page_unpublished

    from policies.models import Comment, DraftPage, Synthesis
    from policies.models.comments import comment_visibility_changed

    page_published.connect(on_draft_changed, sender=DraftPage, dispatch_uid="drafts_cache_published")
    page_unpublished.connect(on_draft_changed, sender=DraftPage, dispatch_uid="drafts_cache_unpublished")
    post_delete.connect(on_draft_deleted, sender=DraftPage, dispatch_uid="drafts_cache_deleted")
    comment_visibility_changed.connect(on_comments_changed, dispatch_uid="drafts_cache_comments_changed")
    post_delete.connect(on_comment_deleted, sender=Comment, dispatch_uid="drafts_cache_comment_deleted")
    post_save.connect(on_synthesis_changed, sender=Synthesis, dispatch_uid="drafts_cache_synthesis_saved")
    post_delete.connect(on_synthesis_changed, sender=Synthesis, dispatch_uid="drafts_cache_synthesis_deleted")
