"""The anonymous public pages' cache groups, what each page keeps and for how long, and what drops them.

The cache itself is `cms.page_cache`. Every group a public page can be in is named here, and every
signal that drops one is connected here (connect_signals), so an event drops exactly the pages
that show what it changed:

- draft_group(pk): a draft's page and sub-pages (synthesis, notice, loudspeaker script, audience
  versions); dropped when the draft is published, unpublished, moved or deleted, a comment's
  visibility or handling changes, a comment is deleted, its synthesis is saved, a reading is made.
- DRAFT_LISTS: every page that lists drafts (home, list, search, RSS and the units' loudspeaker
  feeds, sitemap, trainings, figures); dropped when any draft is published, unpublished, moved or
  deleted, and when a synthetic reading is stored.
- TRAININGS: the public training page; dropped when anything of the outreach app is saved or deleted.
- FIGURES: the transparency page; dropped when a report, plan, activity, training or comment changes.
- OPEN_DATA_GROUP: the open data API (home/open_data.py).
- page_cache.ALL_PAGES: every stored page; dropped when the home page, the draft index, a unit, a
  catalogue, the organisation's identity or a site changes (names and links every page shows).

Each drop runs again after the commit: a visitor's request between the change and the commit may
have stored the old page. A page also expires on its own when a window opens or closes
(seconds_until_change), at midnight (days left) and at most after page_cache.MAX_SECONDS.

A new public view opts in with one line: `mark_draft_page(request, draft)` for a draft's sub-page,
`mark_public_page(request, [DRAFT_LISTS, ...], seconds, query=(...))` for any other view.
"""

import datetime
import functools

from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from cms import page_cache

DRAFT_LISTS = "drafts"
TRAININGS = "trainings"
FIGURES = "figures"
OPEN_DATA_GROUP = "open-data"

# The listing's filters and page, the search's words and page: the only query strings stored.
LISTING_QUERY = ("trang_thai", "co_quan", "linh_vuc", "nam", "ngon_ngu", "trang")
SEARCH_QUERY = ("q", "trang")


def draft_group(pk):
    return f"draft:{pk}"


def mark_public_page(request, groups, seconds=page_cache.MAX_SECONDS, query=()):
    page_cache.mark_cacheable(request, groups, seconds, query)


def mark_draft_page(request, page, query=()):
    """A draft's page or sub-page: kept until the draft changes or its window does."""
    page_cache.mark_cacheable(request, draft_group(page.pk), seconds_until_change(page), query)


def mark_draft_list(request, query=(), now=None):
    """A page listing drafts: kept until any draft is published or withdrawn, or any window opens or closes."""
    mark_public_page(request, DRAFT_LISTS, seconds_until_any_change(now), query)


def draft_list_view(view):
    """Wraps a function view (the sitemap) that lists drafts."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        mark_draft_list(request)
        return view(request, *args, **kwargs)

    return wrapper


def next_midnight(now):
    local = timezone.localtime(now)
    return (local + datetime.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def seconds_until(now, starts=(), ends=()):
    """Whole seconds a page may be kept: less than the time to the next of `starts` (a state that begins at
    that instant: a window opening, midnight) and more than the time to the next of `ends` (a window is open
    up to its closing instant inclusive). 0 when a start is under a second away: then keep nothing."""
    seconds = page_cache.MAX_SECONDS
    for moment in starts:
        if moment and moment > now:
            seconds = min(seconds, int((moment - now).total_seconds()))
    for moment in ends:
        if moment and moment >= now:
            seconds = min(seconds, int((moment - now).total_seconds()) + 1)
    return seconds


def seconds_until_change(page, now=None):
    """Never keep a page past the moment its status or its 'days left' changes."""
    now = now or timezone.now()
    return seconds_until(now, starts=[page.consultation_opens, next_midnight(now)], ends=[page.consultation_closes])


def seconds_until_any_change(now=None):
    """Never keep a list of drafts past the next moment any published draft's window opens or closes."""
    from policies.models import DraftPage

    now = now or timezone.now()
    moments = DraftPage.objects.live().aggregate(
        opens=Min("consultation_opens", filter=Q(consultation_opens__gt=now)),
        closes=Min("consultation_closes", filter=Q(consultation_closes__gte=now)),
    )
    return seconds_until(now, starts=[moments["opens"], next_midnight(now)], ends=[moments["closes"]])


def drop(*groups):
    _drop(groups)
    # Once more after the commit: a visitor's request between the change and the commit may have stored the old page.
    transaction.on_commit(lambda: _drop(groups))


def _drop(groups):
    for group in groups:
        page_cache.drop_group(group)


def drop_draft(page_id):
    drop(draft_group(page_id), OPEN_DATA_GROUP)


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


def drop_draft_and_lists(page_id):
    drop(draft_group(page_id), OPEN_DATA_GROUP, DRAFT_LISTS, FIGURES)


def on_draft_changed(sender, instance, **kwargs):
    drop_draft_and_lists(instance.pk)
    purge_frontend(instance)


def on_draft_deleted(sender, instance, **kwargs):
    drop_draft_and_lists(instance.pk)


def on_page_changed(sender, instance, **kwargs):
    """The home page or the draft index: their names and addresses are on every page."""
    if not isinstance(instance.specific_deferred, _draft_model()):
        forget_page_lookups()
        drop(page_cache.ALL_PAGES)


def on_page_saved(sender, instance, **kwargs):
    """Any page but a draft saved (created, renamed, its slug changed): the routing's kept pages go."""
    from wagtail.models import Page

    if isinstance(instance, Page) and not isinstance(instance, _draft_model()):
        forget_page_lookups()


def on_page_moved(sender, instance, **kwargs):
    """A move rewrites the paths of the page and its subtree (and of reordered siblings): the kept set of
    restricted paths must be read again, or a private page moved elsewhere would be served to anyone."""
    from policies.page_lookups import forget_restricted_paths

    forget_page_lookups()
    forget_restricted_paths()
    transaction.on_commit(forget_restricted_paths)
    drop(page_cache.ALL_PAGES)


def forget_page_lookups():
    from policies.page_lookups import forget_fixed_children

    forget_fixed_children()
    transaction.on_commit(forget_fixed_children)


def on_comments_changed(sender, draft, **kwargs):
    """Approving, hiding or answering a comment changes the public draft page."""
    from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

    drop(draft_group(draft.pk), OPEN_DATA_GROUP, FIGURES)
    purge_page_from_cache(draft)


def on_comment_saved_or_deleted(sender, instance, **kwargs):
    """A comment received or deleted counts in the figures. Only an approved one is on the draft page: a
    visitor's comment waits for moderation, so a flood of them leaves the cached draft page alone."""
    created = kwargs.get("created")
    if created is False:
        return  # moderation sends comment_visibility_changed
    groups = [OPEN_DATA_GROUP, FIGURES]
    if created is None or instance.state == instance.State.APPROVED:  # deleted, or entered approved by staff
        groups.append(draft_group(instance.draft_id))
    drop(*groups)


def on_reading_made(draft_id):
    """A synthetic reading was stored: the script pages and the units' podcast feeds now have its sound."""
    drop(draft_group(draft_id), DRAFT_LISTS)


def on_synthesis_changed(sender, instance, **kwargs):
    """Publishing or withdrawing a synthesis changes the draft's synthesis page and open data."""
    drop_draft(instance.draft_id)


def on_shared_names_changed(sender, **kwargs):
    """A unit, catalogue, language, document, identity or site: what any public page may print or link to."""
    from wagtail.models import Page, Site

    from policies.models import OrganisationIdentity

    if issubclass(sender, (Page, Site)):  # a page deleted, a site's root changed
        forget_page_lookups()
    if sender is OrganisationIdentity:
        OrganisationIdentity.forget_cached()
        transaction.on_commit(OrganisationIdentity.forget_cached)
        if kwargs.get("created"):
            # Made by the first read (Wagtail's setting `load`) with the defaults the page being drawn
            # already prints: dropping every page here would only leave that page unstored.
            return
    drop(page_cache.ALL_PAGES)


def on_view_restriction_changed(sender, **kwargs):
    """A page made private or public again: no stored copy of it, or of anything, may stay."""
    from policies.page_lookups import forget_restricted_paths

    forget_restricted_paths()
    transaction.on_commit(forget_restricted_paths)
    drop(page_cache.ALL_PAGES)


def on_app_model_changed(sender, **kwargs):
    """Trainings and reports: their public pages are dropped whatever of their app changed."""
    app = sender._meta.app_label
    if app == "outreach":
        drop(TRAININGS, FIGURES)
    elif app == "reports":
        drop(FIGURES)


def _draft_model():
    from policies.models import DraftPage

    return DraftPage


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from wagtail.documents import get_document_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from policies.models import (
        AudienceLanguage,
        Comment,
        DocumentType,
        DraftPage,
        OrganisationIdentity,
        PolicyField,
        Synthesis,
        Unit,
    )
    from policies.models.comments import comment_visibility_changed

    page_published.connect(on_draft_changed, sender=DraftPage, dispatch_uid="drafts_cache_published")
    page_unpublished.connect(on_draft_changed, sender=DraftPage, dispatch_uid="drafts_cache_unpublished")
    post_delete.connect(on_draft_deleted, sender=DraftPage, dispatch_uid="drafts_cache_deleted")
    # Other pages (the home page, the draft index) are sent with their own class as sender.
    page_published.connect(on_page_changed, dispatch_uid="pages_cache_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="pages_cache_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="pages_cache_moved")
    post_page_move.connect(on_draft_changed, sender=DraftPage, dispatch_uid="drafts_cache_moved")
    comment_visibility_changed.connect(on_comments_changed, dispatch_uid="drafts_cache_comments_changed")
    post_save.connect(on_comment_saved_or_deleted, sender=Comment, dispatch_uid="drafts_cache_comment_saved")
    post_delete.connect(on_comment_saved_or_deleted, sender=Comment, dispatch_uid="drafts_cache_comment_deleted")
    post_save.connect(on_synthesis_changed, sender=Synthesis, dispatch_uid="drafts_cache_synthesis_saved")
    post_delete.connect(on_synthesis_changed, sender=Synthesis, dispatch_uid="drafts_cache_synthesis_deleted")
    # A language names version pages and filters; a document may be a draft's recording or attachment.
    shared = (Unit, DocumentType, PolicyField, OrganisationIdentity, AudienceLanguage, get_document_model(), Site)
    for model in (*shared, Page):
        post_delete.connect(on_shared_names_changed, sender=model, dispatch_uid=f"pages_cache_{model.__name__}_del")
    # Every page class sends its own post_save; the routing's kept pages are dropped for all but drafts.
    post_save.connect(on_page_saved, dispatch_uid="pages_cache_page_saved")
    for model in shared:
        post_save.connect(on_shared_names_changed, sender=model, dispatch_uid=f"pages_cache_{model.__name__}_save")
    post_save.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="pages_cache_restricted")
    post_delete.connect(
        on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="pages_cache_unrestricted"
    )
    # No sender: the outreach and reports apps sit above this one and are told apart by their label.
    post_save.connect(on_app_model_changed, dispatch_uid="pages_cache_app_saved")
    post_delete.connect(on_app_model_changed, dispatch_uid="pages_cache_app_deleted")
