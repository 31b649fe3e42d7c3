"""The unit-scoped permission policy: which units' data may a user see and change?

Every admin view, chooser, export, import and bulk action asks here, so the
rule lives in one place. Superusers and holders of `oversee_all_units` (the
Justice Office) see everything; everyone else sees the units they belong to
and every unit below them in the tree.

`UnitScopedPermissionPolicy` applies the rule to one model family; each app
registers one per model with `wagtail.permissions.register_permission_policy`,
and the admin views ask it through `policies.admin_lookup`.
"""

import operator
from functools import reduce

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from policies.models import Unit, UnitMembership
from policies.models.units import descendant_ids

OVERSEE_PERMISSION = "policies.oversee_all_units"
_CACHE_ATTR = "_portal_unit_scope"


def sees_all_units(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm(OVERSEE_PERMISSION)))


def scoped_unit_ids(user):
    """Ids of the units `user` may act for, or None when the user sees all units."""
    if not user or not user.is_authenticated:
        return set()
    if sees_all_units(user):
        return None
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        own = UnitMembership.objects.filter(user=user).values_list("unit_id", flat=True)
        cached = descendant_ids(own)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def scoped_units(user):
    ids = scoped_unit_ids(user)
    return Unit.objects.all() if ids is None else Unit.objects.filter(pk__in=ids)


def filter_by_unit(queryset, user, field="unit"):
    """Restrict `queryset` to rows whose `field` (a unit FK path) is in the user's scope."""
    ids = scoped_unit_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def may_act_for_unit(user, unit_or_id) -> bool:
    ids = scoped_unit_ids(user)
    if ids is None:
        return True
    unit_id = getattr(unit_or_id, "pk", unit_or_id)
    return unit_id in ids


# Actions that alter an object; every other action (view, choose, …) only needs to see it.
CHANGE_ACTIONS = frozenset({"change", "delete", "publish", "unpublish", "lock", "unlock"})
# What "may see" means for an object: any of the model permissions the admin listing accepts.
SEE_ACTIONS = ("view", "change", "delete")


def _value_at(instance, path):
    """The id a unit FK path (`"draft__drafting_unit"`) reaches from `instance`, or None along a null link."""
    *links, last = path.split("__")
    for link in links:
        instance = getattr(instance, link, None)
        if instance is None:
            return None
    return getattr(instance, instance._meta.get_field(last).attname)


class UnitScopedPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, narrowed to objects whose unit is in the user's scope.

    Configured per model family by unit FK paths: an object is seen when any of `see_paths` reaches
    one of the user's units, and changed or deleted when any of `change_paths` does (default: the
    same). With `owner_field`, only the user named there changes or deletes, unless they oversee all
    units.
    """

    def __init__(self, model, see_paths, change_paths=None, owner_field=None):
        super().__init__(model)
        self.see_paths = tuple(see_paths)
        self.change_paths = tuple(change_paths or see_paths)
        self.owner_field = owner_field

    def _paths(self, action):
        return self.change_paths if action in CHANGE_ACTIONS else self.see_paths

    def _owned_only(self, action):
        return self.owner_field is not None and action in CHANGE_ACTIONS

    def _scope_q(self, ids, user, action):
        # Only the paths themselves, no `pk` condition: a searched listing filters in the search
        # backend, which refuses fields the model's index does not name.
        condition = reduce(operator.or_, (Q(**{f"{path}__in": ids}) for path in self._paths(action)))
        if self._owned_only(action):
            condition &= Q(**{self.owner_field: user.pk})
        return condition

    def instance_in_scope(self, user, action, instance) -> bool:
        """The unit rule alone, without model permissions."""
        ids = scoped_unit_ids(user)
        if ids is None:
            return True
        if self._owned_only(action) and _value_at(instance, self.owner_field) != user.pk:
            return False
        return any(_value_at(instance, path) in ids for path in self._paths(action))

    def scope_queryset(self, queryset, user, actions=("view",)):
        """The unit rule alone: rows of `queryset` in the user's scope for any of `actions`.

        For forms that link to these objects (a session's trainers) whatever the user's model permissions.
        """
        ids = scoped_unit_ids(user)
        if ids is None:
            return queryset
        if not actions:
            return queryset.none()
        return queryset.filter(reduce(operator.or_, (self._scope_q(ids, user, action) for action in actions)))

    def filter_queryset(self, queryset, user, actions):
        """Rows of `queryset` on which `user` may perform any of `actions` (model permission and unit rule)."""
        actions = [action for action in actions if self.user_has_permission(user, action)]
        if not actions:
            return queryset.none()
        return self.scope_queryset(queryset, user, actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self.instance_in_scope(user, action, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_permission_for(self, user, action):
        return self.filter_queryset(self.model._default_manager.all(), user, [action])

    def instances_user_has_any_permission_for(self, user, actions):
        return self.filter_queryset(self.model._default_manager.all(), user, actions)


def log_entries_in_scope(viewable_by_user):
    """Wraps Wagtail's `ModelLogEntryManager.viewable_by_user` (site history, its filters): Wagtail checks the
    content type alone, so entries of a unit-scoped model are kept only for objects the user's units reach."""

    def viewable_in_scope(manager, user):
        entries = viewable_by_user(manager, user)
        if scoped_unit_ids(user) is None:
            return entries
        for model in apps.get_models():
            policy = policy_registry.get_by_type(model, fallback=False)
            if isinstance(policy, UnitScopedPermissionPolicy):
                visible = policy.scope_queryset(model._default_manager.all(), user)
                visible_ids = visible.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
                content_type = ContentType.objects.get_for_model(model)
                entries = entries.exclude(Q(content_type=content_type) & ~Q(object_id__in=visible_ids))
        return entries

    return viewable_in_scope
