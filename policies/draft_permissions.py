"""Page permissions for drafts, keyed on the drafting unit through policies.scope.

Wagtail 8 asks `page.permissions_for_user()` (on the specific page) in every admin
page view — edit, history, revisions, preview, copy, move, delete, lock,
unpublish, bulk actions — so narrowing the tester here makes all of them hold.
"""

from wagtail.models import PagePermissionTester

from policies.scope import may_act_for_unit, sees_all_units


class DraftPermissionTester(PagePermissionTester):
    """Group page permissions still apply; on top, the user must act for the draft's drafting unit."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.in_scope = bool(user.is_active) and (
            page.drafting_unit_id is None or may_act_for_unit(user, page.drafting_unit_id)
        )

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
