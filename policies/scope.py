"""The unit-scoped permission policy: which units' data may a user see and change?

Every admin view, chooser, export, import and bulk action asks here, so the
rule lives in one place. Superusers and holders of `oversee_all_units` (the
Justice Office) see everything; everyone else sees the units they belong to
and every unit below them in the tree.
"""

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
