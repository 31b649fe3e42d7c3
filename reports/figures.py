"""Report figures for a period and a unit, aggregated in SQL.

The number of queries is fixed: it does not grow with the number of units,
drafts, comments or activities (grouped rows come back, never one row per record).

How a draft's lifecycle stages are dated (local dates, inclusive):

* proposal consultation ("proposal"): reached when `proposal_opens` is set; from
  `proposal_opens` to the day before the draft consultation opens (or before
  submission, or up to adoption, whichever date comes next);
* draft consultation ("draft"): reached when `consultation_opens` is set; from that
  day to the day before `submitted_on` (or up to `adopted_on`);
* submission up to adoption ("adoption"): reached when `submitted_on` is set; from
  `submitted_on` to `adopted_on` inclusive (open-ended while not adopted).

A stage is *due* in a period when it is reached and its dates overlap the period.
A draft is *communicated at a stage* in a period when it was published (first
published on or before the window closed) with that stage's consultation window
overlapping the period (proposal: `proposal_opens`–`proposal_closes`; draft:
`consultation_opens`–`consultation_closes`), or at least one activity record
for the draft is dated in the period and inside that stage's dates.

The KPI counts in-scope drafts (all four criteria, not withdrawn) with at least
one stage due in the period; such a draft is *communicated* when it was
communicated at every stage due in the period. The national target is 100 %.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DateField, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import (
    ActivityRecord,
    CommunicationForm,
    RosterMember,
    TrainingAttendance,
    TrainingSession,
)
from policies.models import Comment, DraftPage, Synthesis, Unit
from policies.models.units import descendant_ids
from policies.naming import AmbiguousName, NameNotFound, fold

TARGET_PERCENT = 100
STAGES = ("proposal", "draft", "adoption")
STAGE_LABELS = {
    "proposal": _("Lấy ý kiến đề nghị xây dựng chính sách"),
    "draft": _("Lấy ý kiến dự thảo"),
    "adoption": _("Trình, thông qua"),
}
UNKNOWN_UNIT = _("Khác/không rõ")
NOT_ON_ROSTER = "not_on_roster"
NOT_ON_ROSTER_LABEL = _("Người ngoài danh sách báo cáo viên, tuyên truyền viên")
NO_FUNDING_SOURCE = _("Không ghi nguồn")
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class DraftStatus:
    pk: int
    code: str
    title: str
    unit_id: int
    due: list
    communicated: list

    @property
    def missing(self):
        return [stage for stage in self.due if stage not in self.communicated]

    @property
    def missing_labels(self):
        return [str(STAGE_LABELS[stage]) for stage in self.missing]

    @property
    def fully_communicated(self):
        return not self.missing


@dataclass
class Figures:
    period: object
    unit: object  # a Unit, or None for every unit the reader may see
    unit_ids: set
    drafts: list = field(default_factory=list)  # DraftStatus of in-scope drafts due in the period
    stage_due: dict = field(default_factory=dict)
    stage_communicated: dict = field(default_factory=dict)
    drafts_by_form: list = field(default_factory=list)
    comments_total: int = 0
    comments_by_source: list = field(default_factory=list)
    comments_by_unit: list = field(default_factory=list)
    handling: dict = field(default_factory=dict)
    syntheses_published: int = 0
    activities: dict = field(default_factory=dict)
    activities_by_form: list = field(default_factory=list)
    activities_by_unit: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    training: dict = field(default_factory=dict)
    attendees_by_audience: list = field(default_factory=list)
    roster: list = field(default_factory=list)
    plans_by_draft: list = field(default_factory=list)
    plans_by_form: list = field(default_factory=list)
    plans_by_unit: list = field(default_factory=list)
    report_heads: dict = field(default_factory=dict)
    trainings_planned: int = 0

    @property
    def in_scope(self):
        return len(self.drafts)

    @property
    def communicated(self):
        return sum(1 for draft in self.drafts if draft.fully_communicated)

    @property
    def not_communicated(self):
        return [draft for draft in self.drafts if not draft.fully_communicated]

    @property
    def share(self):
        """Share of in-scope drafts communicated, in percent (None when no draft is due)."""
        if not self.drafts:
            return None
        return round(100 * self.communicated / self.in_scope, 1)

    @property
    def target(self):
        return TARGET_PERCENT

    @property
    def stages(self):
        return [
            {
                "key": stage,
                "label": STAGE_LABELS[stage],
                "due": self.stage_due.get(stage, 0),
                "communicated": self.stage_communicated.get(stage, 0),
            }
            for stage in STAGES
        ]


def _date(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def stage_ranges(row):
    """{stage: (first day, last day or None)} for the stages the draft reached (see module docstring)."""
    proposal_opens = row["proposal_opens"]
    opens = _date(row["consultation_opens"])
    submitted, adopted = row["submitted_on"], row["adopted_on"]
    ranges = {}
    if proposal_opens:
        nxt = opens or submitted
        ranges["proposal"] = (proposal_opens, _earliest(nxt - ONE_DAY if nxt else None, adopted))
    if opens:
        ranges["draft"] = (opens, _earliest(submitted - ONE_DAY if submitted else None, adopted))
    if submitted:
        ranges["adoption"] = (submitted, adopted)
    return ranges


def _earliest(*days):
    days = [day for day in days if day is not None]
    return min(days) if days else None


def _overlaps(start, end, period):
    return start is not None and start <= period.end and (end is None or end >= period.start)


def _window_communicated(row, stage, period):
    published = _date(row["first_published_at"])
    if published is None:
        return False
    if stage == "proposal":
        start, end = row["proposal_opens"], row["proposal_closes"]
    elif stage == "draft":
        start, end = _date(row["consultation_opens"]), _date(row["consultation_closes"])
    else:
        return False
    if start is None or not _overlaps(start, end, period):
        return False
    return end is None or published <= end


FAR_FUTURE = datetime.date(9999, 12, 31)


def stage_activity_exists(period):
    """{stage: Exists(activity of the outer draft dated in the period and in that stage)}.

    The SQL twin of stage_ranges(), evaluated once per draft row: each subquery walks
    only that draft's activities (indexed by draft), so it stays fast for any number of them.
    The outer query must annotate `opens_day` (the local date the draft consultation opens).
    """
    far = Value(FAR_FUTURE, output_field=DateField())
    until_adopted = Q(date__lte=Coalesce(OuterRef("adopted_on"), far))
    in_period = ActivityRecord.objects.filter(
        draft=OuterRef("pk"), date__gte=period.start, date__lte=period.end
    ).filter(until_adopted)
    return {
        "proposal": Exists(
            in_period.filter(
                date__gte=OuterRef("proposal_opens"),
                date__lt=Coalesce(OuterRef("opens_day"), OuterRef("submitted_on"), far),
            )
        ),
        "draft": Exists(
            in_period.filter(date__gte=OuterRef("opens_day"), date__lt=Coalesce(OuterRef("submitted_on"), far))
        ),
        "adoption": Exists(in_period.filter(date__gte=OuterRef("submitted_on"))),
    }


def in_scope_drafts():
    return DraftPage.objects.filter(
        criterion_requires_proposal=True,
        criterion_rights_obligations=True,
        criterion_sensitive=True,
        criterion_wide_impact=True,
    ).exclude(stage=DraftPage.Stage.WITHDRAWN)


def _period_bounds(period):
    """The period as aware datetimes [start, end) in local time, for datetime fields."""
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period.end + ONE_DAY, datetime.time.min))
    return start, end


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


def _scoped(queryset, ids, field_name):
    return queryset if ids is None else queryset.filter(**{f"{field_name}__in": ids})


def compute(period, unit=None, allowed_ids=None, units=None):
    """All figures for `period` and `unit` (None: every unit in `allowed_ids`, None meaning all).

    `units` may pass a prefetched {id: Unit} map to spare a query.
    """
    ids = resolve_unit_ids(unit, allowed_ids)
    figures = Figures(period=period, unit=unit, unit_ids=ids)
    units = units if units is not None else {u.pk: u for u in Unit.objects.all()}
    _draft_figures(figures, period, ids)
    _comment_figures(figures, period, ids, units)
    _activity_figures(figures, period, ids, unit, units)
    _training_figures(figures, period, ids)
    _plan_figures(figures, period, ids, units)
    return figures


def _draft_figures(figures, period, ids):
    rows = list(
        _scoped(in_scope_drafts(), ids, "drafting_unit")
        .annotate(opens_day=TruncDate("consultation_opens"))
        .annotate(**{f"in_{stage}": exists for stage, exists in stage_activity_exists(period).items()})
        .values(
            "pk",
            "code",
            "title",
            "drafting_unit_id",
            "proposal_opens",
            "proposal_closes",
            "consultation_opens",
            "consultation_closes",
            "submitted_on",
            "adopted_on",
            "first_published_at",
            *(f"in_{stage}" for stage in STAGES),
        )
    )
    due_rows = {}
    for row in rows:
        due = [stage for stage, (start, end) in stage_ranges(row).items() if _overlaps(start, end, period)]
        if due:
            due_rows[row["pk"]] = (row, due)
    for pk, (row, due) in sorted(due_rows.items(), key=lambda item: item[1][0]["code"]):
        communicated = [stage for stage in due if row[f"in_{stage}"] or _window_communicated(row, stage, period)]
        figures.drafts.append(DraftStatus(pk, row["code"], row["title"], row["drafting_unit_id"], due, communicated))
        for stage in due:
            figures.stage_due[stage] = figures.stage_due.get(stage, 0) + 1
        for stage in communicated:
            figures.stage_communicated[stage] = figures.stage_communicated.get(stage, 0) + 1
    if due_rows:
        figures.drafts_by_form = list(
            ActivityRecord.objects.filter(draft_id__in=list(due_rows), date__gte=period.start, date__lte=period.end)
            .values("form_id", "form__name")
            .annotate(drafts=Count("draft_id", distinct=True))
            .order_by("form__sort_order", "form__name")
        )


def _comment_figures(figures, period, ids, units):
    comments = _scoped(
        Comment.objects.counted().filter(received_on__gte=period.start, received_on__lte=period.end),
        ids,
        "draft__drafting_unit",
    )
    labels = dict(Comment.Source.choices)
    totals = comments.aggregate(
        total=Count("pk"),
        taken_in=Count("pk", filter=Q(handling=Comment.Handling.TAKEN_IN)),
        explained=Count("pk", filter=Q(handling=Comment.Handling.EXPLAINED)),
        not_taken=Count("pk", filter=Q(handling=Comment.Handling.NOT_TAKEN)),
        unhandled=Count("pk", filter=Q(handling="")),
    )
    figures.comments_total = totals.pop("total")
    figures.handling = totals
    figures.comments_by_source = [
        {"source": row["source"], "label": labels.get(row["source"], row["source"]), "count": row["count"]}
        for row in comments.values("source").annotate(count=Count("pk")).order_by("-count", "source")
    ]
    index = Unit.name_index(units.values())
    by_unit = {}
    for row in comments.values("organisation").annotate(count=Count("pk")):
        name = _commenter_unit(index, row["organisation"], period.end)
        by_unit[name] = by_unit.get(name, 0) + row["count"]
    unknown = str(UNKNOWN_UNIT)
    figures.comments_by_unit = [
        {"unit": name, "count": count}
        for name, count in sorted(by_unit.items(), key=lambda item: (item[0] == unknown, -item[1], item[0]))
    ]
    start, end = _period_bounds(period)
    figures.syntheses_published = _scoped(
        Synthesis.objects.filter(published=True, published_at__gte=start, published_at__lt=end),
        ids,
        "draft__drafting_unit",
    ).count()


def _commenter_unit(index, text, day):
    if not (text or "").strip():
        return str(UNKNOWN_UNIT)
    try:
        return index.resolve(text, on=day).name
    except (NameNotFound, AmbiguousName):
        return str(UNKNOWN_UNIT)


ACTIVITY_SUMS = {
    "count": Count("pk"),
    "sessions": Sum("sessions"),
    "participants": Sum("participants"),
    "cost": Sum("cost"),
}


def _clean_sums(row):
    return {key: int(row.get(key) or 0) for key in ACTIVITY_SUMS}


def _add_sums(target, sums):
    for key, value in sums.items():
        target[key] = target.get(key, 0) + value


def _activity_figures(figures, period, ids, unit, units):
    """One pass over the period's activities, grouped by (unit, form, funding source): the groups
    are bounded by units × forms × sources, never by records; totals, forms, units and funding
    are summed from them."""
    activities = _scoped(ActivityRecord.objects.filter(date__gte=period.start, date__lte=period.end), ids, "unit")
    groups = activities.values("unit_id", "form_id", "funding_source").annotate(**ACTIVITY_SUMS)
    forms = {
        pk: (name, order) for pk, name, order in CommunicationForm.objects.values_list("pk", "name", "sort_order")
    }
    # Each record counts for its unit's row; every child valid in the period has a row, zeros included,
    # so a commune that reported nothing shows as such.
    heads, children = _report_heads(unit, ids, units)
    figures.report_heads = heads
    totals, by_form, by_unit, funding = {}, {}, {}, {}
    for row in groups:
        sums = _clean_sums(row)
        _add_sums(totals, sums)
        name, order = forms.get(row["form_id"], ("", 0))
        form = by_form.setdefault(row["form_id"], {"form_id": row["form_id"], "form": name, "order": order})
        _add_sums(form, sums)
        _add_sums(by_unit.setdefault(heads.get(row["unit_id"], row["unit_id"]), {}), sums)
        text = (row["funding_source"] or "").strip()
        entry = funding.setdefault(fold(text), {"spellings": {}, "count": 0, "cost": 0})
        entry["spellings"][text] = entry["spellings"].get(text, 0) + sums["count"]
        entry["count"] += sums["count"]
        entry["cost"] += sums["cost"]
    for pk in children:
        if _valid_during(units[pk], period):
            by_unit.setdefault(pk, {})
    for entry in funding.values():
        # The most used spelling names the source (ties: the first in sort order).
        spelling = min(entry.pop("spellings").items(), key=lambda item: (-item[1], item[0]))[0]
        entry["source"] = spelling or str(NO_FUNDING_SOURCE)
    figures.activities = {key: totals.get(key, 0) for key in ACTIVITY_SUMS}
    figures.activities_by_form = [
        {key: value for key, value in row.items() if key != "order"}
        for row in sorted(by_form.values(), key=lambda row: (row["order"], row["form"]))
    ]
    figures.activities_by_unit = [
        {"unit_id": pk, "unit": units[pk].name if pk in units else str(UNKNOWN_UNIT), **_clean_sums(sums)}
        for pk, sums in sorted(by_unit.items(), key=lambda item: units[item[0]].name if item[0] in units else "")
    ]
    figures.funding = sorted(funding.values(), key=lambda entry: (-entry["cost"], entry["source"]))


def _valid_during(unit, period):
    return (unit.valid_from is None or unit.valid_from <= period.end) and (
        unit.valid_to is None or unit.valid_to >= period.start
    )


def _report_heads(unit, ids, units):
    """({unit id: id of the row its records are reported under}, the child rows) for the tables "by unit".

    The rows are the children of the chosen unit and of the units merged into it, each rolled up with
    its own subtree and the units merged into it (a merged unit goes to its successor's row before its
    parent's); the chosen unit's own records have its own row. With no unit chosen, the top of the
    reader's tree is the chosen unit while it is one unit (a province and the province merged into it),
    so a report for everything shows that province's children rather than one row.
    """
    scope = set(units) if ids is None else {pk for pk in ids if pk in units}

    def successor(pk):
        nxt = units[pk].successor_id
        return nxt if nxt in scope and nxt != pk else None

    def merged_into(pk):
        seen = {pk}
        while (nxt := successor(pk)) is not None and nxt not in seen:
            seen.add(nxt)
            pk = nxt
        return pk

    def up(pk):
        parent = units[pk].parent_id
        return successor(pk) or (parent if parent in scope else None)

    def rows_under(top):
        group = {pk for pk in scope if merged_into(pk) == top} if top is not None else set()
        rows = {
            pk
            for pk in scope - group
            if merged_into(pk) == pk and (units[pk].parent_id in group if top is not None else up(pk) is None)
        }
        return group, rows

    top = unit.pk if unit is not None and unit.pk in scope else None
    group, rows = rows_under(top)
    while top is None and len(rows) == 1:
        only = next(iter(rows))
        group, rows = rows_under(only)
        top = only
        if not rows:
            break
    heads = {}
    for pk in scope:
        current, seen = pk, set()
        while current is not None and current not in seen:
            seen.add(current)
            if current in rows:
                heads[pk] = current
                break
            if current in group:
                heads[pk] = top
                break
            current = up(current)
        else:
            heads[pk] = pk
    return heads, rows


def _training_figures(figures, period, ids):
    start, end = _period_bounds(period)
    sessions = _scoped(
        TrainingSession.objects.filter(state=TrainingSession.State.HELD, starts_at__gte=start, starts_at__lt=end),
        ids,
        "organising_unit",
    )
    # Each attendee counts in their own roster role, not in every audience the session was meant for;
    # someone typed in by name is reported as not on the roster.
    by_role = TrainingAttendance.objects.filter(session__in=sessions).count_by_role()
    figures.training = {"sessions": sessions.count(), "attendees": sum(by_role.values())}
    figures.attendees_by_audience = [
        {"audience": role, "label": label, "attendees": by_role.get(role, 0)}
        for role, label in RosterMember.Role.choices
    ] + [{"audience": NOT_ON_ROSTER, "label": NOT_ON_ROSTER_LABEL, "attendees": by_role.get(None, 0)}]
    trained_by_end = TrainingAttendance.objects.filter(
        member=OuterRef("pk"), session__state=TrainingSession.State.HELD, session__starts_at__lt=end
    )
    role_labels = dict(RosterMember.Role.choices)
    roster = (
        _scoped(RosterMember.objects.filter(active=True), ids, "unit")
        .annotate(trained_flag=Exists(trained_by_end))
        .values("role")
        .annotate(active=Count("pk"), trained=Count("pk", filter=Q(trained_flag=True)))
        .order_by("role")
    )
    figures.roster = [
        {
            "role": row["role"],
            "label": role_labels.get(row["role"], row["role"]),
            "active": row["active"],
            "trained": row["trained"],
            "share": round(Decimal(100 * row["trained"]) / row["active"], 1) if row["active"] else None,
        }
        for row in roster
    ]


def _plan_figures(figures, period, ids, units):
    """Planned against done: per draft (communication plans) and per form (annual plans of the units)."""
    from reports.models import AnnualPlan, AnnualPlanItem, CommunicationPlanItem

    planned = {
        row["plan__draft_id"]: row
        for row in _scoped(CommunicationPlanItem.objects.all(), ids, "plan__draft__drafting_unit")
        .values("plan__draft_id", "plan__draft__code", "plan__draft__title")
        .annotate(sessions=Sum("sessions"), budget=Sum("budget"))
    }
    done = {}
    if planned:
        done = {
            row["draft_id"]: row
            for row in ActivityRecord.objects.filter(
                draft_id__in=list(planned), date__gte=period.start, date__lte=period.end
            )
            .values("draft_id")
            .annotate(sessions=Sum("sessions"), cost=Sum("cost"))
        }
    figures.plans_by_draft = [
        {
            "draft_id": pk,
            "code": row["plan__draft__code"],
            "title": row["plan__draft__title"],
            "planned_sessions": int(row["sessions"] or 0),
            "budget": int(row["budget"] or 0),
            "done_sessions": int(done.get(pk, {}).get("sessions") or 0),
            "spent": int(done.get(pk, {}).get("cost") or 0),
        }
        for pk, row in sorted(planned.items(), key=lambda item: item[1]["plan__draft__code"])
    ]
    # A 6-month report reads the first two quarters of the year's plan; an annual one reads all four.
    quarters = (1, 2) if period.kind == "half_year" else (1, 2, 3, 4)
    items = _scoped(AnnualPlanItem.objects.filter(plan__year=period.year, quarter__in=quarters), ids, "plan__unit")
    by_form = {
        row["form_id"]: {
            "form_id": row["form_id"],
            "form": row["form__name"],
            "planned_sessions": int(row["sessions"] or 0),
            "budget": int(row["budget"] or 0),
            "done_sessions": 0,
            "spent": 0,
        }
        for row in items.values("form_id", "form__name").annotate(sessions=Sum("sessions"), budget=Sum("budget"))
    }
    for row in figures.activities_by_form:
        entry = by_form.setdefault(
            row["form_id"],
            {"form_id": row["form_id"], "form": row["form"], "planned_sessions": 0, "budget": 0},
        )
        entry["done_sessions"] = row["sessions"]
        entry["spent"] = row["cost"]
    figures.plans_by_form = sorted(by_form.values(), key=lambda entry: entry["form"])
    by_unit = {}
    for row in items.values("plan__unit_id").annotate(sessions=Sum("sessions"), budget=Sum("budget")):
        head = figures.report_heads.get(row["plan__unit_id"], row["plan__unit_id"])
        entry = by_unit.setdefault(head, {"planned_sessions": 0, "budget": 0, "done_sessions": 0, "spent": 0})
        entry["planned_sessions"] += int(row["sessions"] or 0)
        entry["budget"] += int(row["budget"] or 0)
    for row in figures.activities_by_unit:
        entry = by_unit.setdefault(row["unit_id"], {"planned_sessions": 0, "budget": 0})
        entry["done_sessions"], entry["spent"] = row["sessions"], row["cost"]
    figures.plans_by_unit = [
        {"unit_id": pk, "unit": units[pk].name if pk in units else str(UNKNOWN_UNIT), **entry}
        for pk, entry in sorted(by_unit.items(), key=lambda item: units[item[0]].name if item[0] in units else "")
    ]
    figures.trainings_planned = int(
        _scoped(AnnualPlan.objects.filter(year=period.year), ids, "unit").aggregate(total=Sum("trainings"))["total"]
        or 0
    )


def kpi(period, unit=None, allowed_ids=None):
    """Only the draft figures (two queries): for trends and the dashboard."""
    ids = resolve_unit_ids(unit, allowed_ids)
    figures = Figures(period=period, unit=unit, unit_ids=ids)
    _draft_figures(figures, period, ids)
    return figures
