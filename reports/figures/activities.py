"""Communication activities of the period (by form, by unit, by funding source) and the plans they answer."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from outreach.models import ActivityRecord, CommunicationForm
from policies.naming import fold
from reports.figures.rows import (
    ActivityFigures,
    ActivitySums,
    DraftPlan,
    FormActivities,
    FormPlan,
    FundingSource,
    PlanFigures,
    UnitActivities,
    UnitPlan,
)
from reports.figures.scope import UNKNOWN_UNIT, scoped

NO_FUNDING_SOURCE = _("Không ghi nguồn")
SUMS = {"count": Count("pk"), "sessions": Sum("sessions"), "participants": Sum("participants"), "cost": Sum("cost")}


def _sums(row):
    return ActivitySums(**{key: int(row.get(key) or 0) for key in SUMS})


def _unit_name(units, pk):
    return units[pk].name if pk in units else str(UNKNOWN_UNIT)


def _by_unit_name(units):
    return lambda item: units[item[0]].name if item[0] in units else ""


def activity_figures(period, ids, heads, children, units):
    """One pass over the period's activities, grouped by (unit, form, funding source): the groups are
    bounded by units × forms × sources, never by records; totals, forms, units and funding are summed
    from them. `heads` and `children` are the rows of units (policies.models.units.roll_up())."""
    activities = scoped(ActivityRecord.objects.filter(date__gte=period.start, date__lte=period.end), ids, "unit")
    groups = activities.values("unit_id", "form_id", "funding_source").annotate(**SUMS)
    forms = {
        pk: (name, order) for pk, name, order in CommunicationForm.objects.values_list("pk", "name", "sort_order")
    }
    totals, by_form, by_unit, funding = ActivitySums(), {}, {}, {}
    for row in groups:
        sums = _sums(row)
        totals.add(sums)
        name, order = forms.get(row["form_id"], ("", 0))
        by_form.setdefault(row["form_id"], (order, FormActivities(form_id=row["form_id"], form=name)))[1].add(sums)
        by_unit.setdefault(heads.get(row["unit_id"], row["unit_id"]), ActivitySums()).add(sums)
        text = (row["funding_source"] or "").strip()
        entry = funding.setdefault(fold(text), {"spellings": {}, "count": 0, "cost": 0})
        entry["spellings"][text] = entry["spellings"].get(text, 0) + sums.count
        entry["count"] += sums.count
        entry["cost"] += sums.cost
    # Every child valid in the period has a row, zeros included, so a commune that reported nothing shows as such.
    for pk in children:
        if units[pk].valid_during(period.start, period.end):
            by_unit.setdefault(pk, ActivitySums())
    sources = []
    for entry in funding.values():
        # The most used spelling names the source (ties: the first in sort order).
        spelling = min(entry["spellings"].items(), key=lambda item: (-item[1], item[0]))[0]
        sources.append(
            FundingSource(source=spelling or str(NO_FUNDING_SOURCE), count=entry["count"], cost=entry["cost"])
        )
    return ActivityFigures(
        activities=totals,
        activities_by_form=[row for _order, row in sorted(by_form.values(), key=lambda item: (item[0], item[1].form))],
        activities_by_unit=[
            UnitActivities(unit_id=pk, unit=_unit_name(units, pk), **sums)
            for pk, sums in sorted(by_unit.items(), key=_by_unit_name(units))
        ],
        funding=sorted(sources, key=lambda entry: (-entry.cost, entry.source)),
    )


def plan_figures(period, ids, heads, units, done):
    """Planned against done: per draft (communication plans) and per form and unit (annual plans of the
    units). `done` is the period's ActivityFigures; `heads` the rows of units from roll_up()."""
    from reports.models import AnnualPlan, AnnualPlanItem, CommunicationPlanItem

    planned = {
        row["plan__draft_id"]: row
        for row in scoped(CommunicationPlanItem.objects.all(), ids, "plan__draft__drafting_unit")
        .values("plan__draft_id", "plan__draft__code", "plan__draft__title")
        .annotate(sessions=Sum("sessions"), budget=Sum("budget"))
    }
    done_by_draft = {}
    if planned:
        done_by_draft = {
            row["draft_id"]: row
            for row in ActivityRecord.objects.filter(
                draft_id__in=list(planned), date__gte=period.start, date__lte=period.end
            )
            .values("draft_id")
            .annotate(sessions=Sum("sessions"), cost=Sum("cost"))
        }
    by_draft = [
        DraftPlan(
            draft_id=pk,
            code=row["plan__draft__code"],
            title=row["plan__draft__title"],
            planned_sessions=int(row["sessions"] or 0),
            budget=int(row["budget"] or 0),
            done_sessions=int(done_by_draft.get(pk, {}).get("sessions") or 0),
            spent=int(done_by_draft.get(pk, {}).get("cost") or 0),
        )
        for pk, row in sorted(planned.items(), key=lambda item: item[1]["plan__draft__code"])
    ]
    # A 6-month report reads the first two quarters of the year's plan; an annual one reads all four.
    quarters = (1, 2) if period.kind == "half_year" else (1, 2, 3, 4)
    items = scoped(AnnualPlanItem.objects.filter(plan__year=period.year, quarter__in=quarters), ids, "plan__unit")
    by_form = {
        row["form_id"]: FormPlan(
            form_id=row["form_id"],
            form=row["form__name"],
            planned_sessions=int(row["sessions"] or 0),
            budget=int(row["budget"] or 0),
        )
        for row in items.values("form_id", "form__name").annotate(sessions=Sum("sessions"), budget=Sum("budget"))
    }
    for row in done.activities_by_form:
        entry = by_form.setdefault(row.form_id, FormPlan(form_id=row.form_id, form=row.form))
        entry.done_sessions, entry.spent = row.sessions, row.cost
    by_unit = {}
    for row in items.values("plan__unit_id").annotate(sessions=Sum("sessions"), budget=Sum("budget")):
        head = heads.get(row["plan__unit_id"], row["plan__unit_id"])
        entry = by_unit.setdefault(head, UnitPlan(unit_id=head, unit=_unit_name(units, head)))
        entry.planned_sessions += int(row["sessions"] or 0)
        entry.budget += int(row["budget"] or 0)
    for row in done.activities_by_unit:
        entry = by_unit.setdefault(row.unit_id, UnitPlan(unit_id=row.unit_id, unit=row.unit))
        entry.done_sessions, entry.spent = row.sessions, row.cost
    trainings = scoped(AnnualPlan.objects.filter(year=period.year), ids, "unit").aggregate(total=Sum("trainings"))
    return PlanFigures(
        plans_by_draft=by_draft,
        plans_by_form=sorted(by_form.values(), key=lambda entry: entry.form),
        plans_by_unit=[entry for _pk, entry in sorted(by_unit.items(), key=_by_unit_name(units))],
        trainings_planned=int(trainings["total"] or 0),
    )
