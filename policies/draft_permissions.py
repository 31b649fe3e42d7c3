"""Page permissions for drafts, keyed on the drafting unit through policies.scope.

`DraftPagePermissionPolicy` is Wagtail's page permission policy narrowed to the drafts of the
units a user acts for; it is registered for every page (apps.py), so the explorer, choosers,
search, reports, site history and bulk actions all ask it. `DraftPermissionTester` asks the
same policy for the per-page actions (edit, history, revisions, preview, copy, move, delete, lock…).
"""

import functools

from django.http import Http404
from django.shortcuts import get_object_or_404

from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from cms.http import parse_id
from policies.models import DraftPage
from policies.scope import may_act_for_unit, sees_all_units


class DraftPagePermissionPolicy(PagePermissionPolicy):
    """Group page permissions still apply; on top, another unit's draft is neither listed nor reachable."""

    def page_in_scope(self, user, page) -> bool:
        """May `user` see `page` at all? Only a draft of a unit they do not act for is out of scope."""
        if isinstance(page, DraftPage):
            # A draft being created has no unit yet; the form offers only the user's own units.
            return page.drafting_unit_id is None or may_act_for_unit(user, page.drafting_unit_id)
        if not issubclass(page.specific_class or Page, DraftPage):
            return True
        return DraftPage.objects.for_user(user).filter(pk=page.pk).exists()

    def scope(self, pages, user):
        """`pages` without the drafts of units `user` does not act for."""
        if sees_all_units(user):
            return pages
        in_scope = DraftPage.objects.for_user(user).values("pk")
        return pages.exclude(pk__in=DraftPage.objects.exclude(pk__in=in_scope).values("pk"))

    def check_page_in_scope(self, user, page):
        """Out-of-scope pages answer 404, as if they did not exist, so no view prints their title."""
        if not self.page_in_scope(user, page):
            raise Http404

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.page_in_scope(user, instance) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return self.scope(super().instances_user_has_any_permission_for(user, actions), user)

    def explorable_instances(self, user):
        return self.scope(super().explorable_instances(user), user)


def page_policy() -> DraftPagePermissionPolicy:
    """The page permission policy Wagtail uses, as registered in PoliciesConfig.ready()."""
    return policy_registry.get_by_type(Page)


def checks_parent_page_scope(view_get):
    """Wrap a view's `get(request, parent_page_id)`: the page it browses into must be in the user's scope,
    because Wagtail's explorer and page chooser print that page's title without asking any permission."""

    @functools.wraps(view_get)
    def get(view, request, parent_page_id=None):
        if parent_page_id:
            page_policy().check_page_in_scope(request.user, get_object_or_404(Page, pk=parent_page_id))
        return view_get(view, request, parent_page_id)

    return get


def keeps_chosen_pages_in_scope(view_get):
    """Wrap the page chooser's `get(request)` for `?id=…&id=…`: ids of pages out of the user's scope (and
    ids that are not numbers) are dropped before Wagtail looks them up and returns their titles."""

    @functools.wraps(view_get)
    def get(view, request):
        ids = [pk for pk in map(parse_id, request.GET.getlist("id")) if pk is not None]
        visible = page_policy().scope(Page.objects.filter(pk__in=ids), request.user).values_list("pk", flat=True)
        query = request.GET.copy()
        query.setlist("id", [str(pk) for pk in visible])
        request.GET = query
        return view_get(view, request)

    return get


def hides_last_edited_page_out_of_scope(decorate):
    """Wrap the page types report's row decoration: the "last edited page" of a type is blanked when it is
    a draft the user may not see (the counts stay: they name nothing)."""

    @functools.wraps(decorate)
    def decorate_in_scope(view, page_types):
        page_types = decorate(view, page_types)
        for item in page_types:
            page = item.last_edited_page
            if page is not None and not page_policy().page_in_scope(view.request.user, page):
                item.last_edited_page = None
        return page_types

    return decorate_in_scope


class DraftPermissionTester(PagePermissionTester):
    """Group page permissions still apply; on top, the page policy must find the draft in the user's scope."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.in_scope = bool(user.is_active) and self.permission_policy.page_in_scope(user, page)

    def can_edit(self):
        return self.in_scope and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self.in_scope and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self.in_scope and super().can_unpublish()

    def can_publish(self):
        return self.in_scope and super().can_publish()

    def can_submit_for_moderation(self):
        return self.in_scope and super().can_submit_for_moderation()

    def can_lock(self):
        return self.in_scope and super().can_lock()

    def can_unlock(self):
        return self.in_scope and super().can_unlock()

    def can_copy(self):
        return self.in_scope and super().can_copy()

    def can_move(self):
        return self.in_scope and super().can_move()

    def can_view_revisions(self):
        return self.in_scope and super().can_view_revisions()


class DraftIndexPermissionTester(PagePermissionTester):
    """Editors hold page permissions on /du-thao/ to add drafts under it, but only
    staff who see all units may change the index page itself."""

    def _oversees(self):
        return sees_all_units(self.user)

    def can_edit(self):
        return self._oversees() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._oversees() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return self._oversees() and super().can_unpublish()

    def can_publish(self):
        return self._oversees() and super().can_publish()

    def can_copy(self):
        return self._oversees() and super().can_copy()

    def can_move(self):
        return self._oversees() and super().can_move()

    def can_lock(self):
        return self._oversees() and super().can_lock()
