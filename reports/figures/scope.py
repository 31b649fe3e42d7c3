"""Which units a report covers, and the period as the bounds queries filter by."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies.models.units import descendant_ids

# The row of what no unit of the report can be named for (an organisation not recognised, a unit not listed).
UNKNOWN_UNIT = _("Khác/không rõ")


def resolve_unit_ids(unit=None, allowed_ids=None):
    """The unit's roll-up (itself, below it, its predecessors), cut to `allowed_ids` (None = all)."""
    if unit is not None:
        ids = descendant_ids([unit.pk])
    elif allowed_ids is None:
        ids = None
    else:
        ids = set(allowed_ids)
    if ids is not None and allowed_ids is not None:
        ids &= set(allowed_ids)
    return ids


def scoped(queryset, ids, field_name):
    """`queryset` cut to the units `ids` through `field_name` (None: every unit)."""
    return queryset if ids is None else queryset.filter(**{f"{field_name}__in": ids})


def period_bounds(period):
    """The period as aware datetimes [start, end) in local time, for datetime fields."""
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min))
    return start, end
