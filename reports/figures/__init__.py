"""Report figures for a period and a unit, aggregated in SQL.

The number of queries is fixed: it does not grow with the number of units,
drafts, comments or activities (grouped rows come back, never one row per record).
Each part is computed on its own (drafts.py, comments.py, activities.py, training.py) into typed rows
(rows.py); the plans take the activities they are compared with as an argument.
"""

from policies.models import Unit
from policies.models.units import roll_up
from reports.figures.activities import activity_figures, plan_figures
from reports.figures.comments import comment_figures
from reports.figures.drafts import draft_figures, stage_ranges
from reports.figures.recognition import recognition_figures
from reports.figures.rows import TARGET_PERCENT, DraftFigures, Figures, target_percent
from reports.figures.scope import UNKNOWN_UNIT, resolve_unit_ids
from reports.figures.training import training_figures

__all__ = [
    "TARGET_PERCENT",
    "UNKNOWN_UNIT",
    "DraftFigures",
    "Figures",
    "compute",
    "kpi",
    "stage_ranges",
    "target_percent",
]


def compute(period, unit=None, allowed_ids=None, units=None):
    """All figures for `period` and `unit` (None: every unit in `allowed_ids`, None meaning all).

    `units` may pass a prefetched {id: Unit} map to spare a query.
    """
    ids = resolve_unit_ids(unit, allowed_ids)
    units = units if units is not None else {u.pk: u for u in Unit.objects.all()}
    # The rows of the tables "by unit", shared by the activities and the plans.
    heads, children = roll_up(units, unit, ids)
    activities = activity_figures(period, ids, heads, children, units)
    parts = (
        draft_figures(period, unit, ids),
        comment_figures(period, ids, units),
        activities,
        training_figures(period, ids),
        plan_figures(period, ids, heads, units, activities),
        recognition_figures(period, ids),
    )
    return Figures(**{name: value for part in parts for name, value in vars(part).items()})


def kpi(period, unit=None, allowed_ids=None):
    """Only the draft figures (two queries): for trends and the dashboard."""
    return draft_figures(period, unit, resolve_unit_ids(unit, allowed_ids))
