"""Guidance materials (plan III.6.3) issued in the period, by issuer level."""

from django.db.models import Count

from outreach.models import GuidanceMaterial, IssuerLevel
from reports.figures.rows import GuidanceFigures, LevelCount
from reports.figures.scope import scoped


def guidance_figures(period, ids):
    """Materials whose issue date falls in the period (staff-only ones too), by the owning unit's scope."""
    materials = scoped(GuidanceMaterial.objects.issued_between(period.start, period.end), ids, "owning_unit")
    counts = dict(materials.order_by().values_list("issuer_level").annotate(count=Count("pk")))
    return GuidanceFigures(
        guidance_by_level=[
            LevelCount(level=level, label=label, count=counts.get(level, 0)) for level, label in IssuerLevel.choices
        ]
    )
