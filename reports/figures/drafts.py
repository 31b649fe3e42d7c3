"""The KPI: in-scope drafts due in a period and whether they were communicated at every stage due.

How a draft's lifecycle stages (policies LifecycleStage) are dated (local dates, inclusive):

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

The KPI counts in-scope drafts (DraftPage.objects.in_scheme_scope(): all four criteria) that are not
withdrawn, with at least one stage due in the period; such a draft is *communicated* when it was
communicated at every stage due in the period. The national target is 100 %.
"""

import datetime

from django.db.models import Count, DateField, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from outreach.models import ActivityRecord
from policies.models import DraftPage
from policies.models.drafts import LifecycleStage
from reports.figures.rows import DraftFigures, DraftsByForm, DraftStatus

ONE_DAY = datetime.timedelta(days=1)
FAR_FUTURE = datetime.date(9999, 12, 31)
PROPOSAL, DRAFT, ADOPTION = LifecycleStage.PROPOSAL.value, LifecycleStage.DRAFT.value, LifecycleStage.ADOPTION.value


def local_date(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def stage_ranges(row):
    """{stage: (first day, last day or None)} for the stages the draft reached (see module docstring)."""
    proposal_opens = row["proposal_opens"]
    opens = local_date(row["consultation_opens"])
    submitted, adopted = row["submitted_on"], row["adopted_on"]
    ranges = {}
    if proposal_opens:
        nxt = opens or submitted
        ranges[PROPOSAL] = (proposal_opens, _earliest(nxt - ONE_DAY if nxt else None, adopted))
    if opens:
        ranges[DRAFT] = (opens, _earliest(submitted - ONE_DAY if submitted else None, adopted))
    if submitted:
        ranges[ADOPTION] = (submitted, adopted)
    return ranges


def _earliest(*days):
    days = [day for day in days if day is not None]
    return min(days) if days else None


def overlaps(start, end, period):
    return start is not None and start <= period.end and (end is None or end >= period.start)


def _window_communicated(row, stage, period):
    published = local_date(row["first_published_at"])
    if published is None:
        return False
    if stage == PROPOSAL:
        start, end = row["proposal_opens"], row["proposal_closes"]
    elif stage == DRAFT:
        start, end = local_date(row["consultation_opens"]), local_date(row["consultation_closes"])
    else:
        return False
    if start is None or not overlaps(start, end, period):
        return False
    return end is None or published <= end


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
        PROPOSAL: Exists(
            in_period.filter(
                date__gte=OuterRef("proposal_opens"),
                date__lt=Coalesce(OuterRef("opens_day"), OuterRef("submitted_on"), far),
            )
        ),
        DRAFT: Exists(
            in_period.filter(date__gte=OuterRef("opens_day"), date__lt=Coalesce(OuterRef("submitted_on"), far))
        ),
        ADOPTION: Exists(in_period.filter(date__gte=OuterRef("submitted_on"))),
    }


def counted_drafts():
    """The drafts the KPI counts: in the scheme's scope and not withdrawn."""
    return DraftPage.objects.in_scheme_scope().exclude(stage=DraftPage.Stage.WITHDRAWN)


def draft_figures(period, unit, ids):
    """The KPI for the drafts of the units `ids` (None: all); two queries."""
    drafts = counted_drafts() if ids is None else counted_drafts().filter(drafting_unit__in=ids)
    rows = (
        drafts.annotate(opens_day=TruncDate("consultation_opens"))
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
            *(f"in_{stage}" for stage in LifecycleStage.values),
        )
    )
    statuses = []
    for row in sorted(rows, key=lambda row: row["code"]):
        due = [stage for stage, (start, end) in stage_ranges(row).items() if overlaps(start, end, period)]
        if due:
            communicated = [stage for stage in due if row[f"in_{stage}"] or _window_communicated(row, stage, period)]
            statuses.append(
                DraftStatus(row["pk"], row["code"], row["title"], row["drafting_unit_id"], due, communicated)
            )
    by_form = []
    if statuses:
        by_form = [
            DraftsByForm(form_id=row["form_id"], form__name=row["form__name"], drafts=row["drafts"])
            for row in ActivityRecord.objects.filter(
                draft_id__in=[status.pk for status in statuses], date__gte=period.start, date__lte=period.end
            )
            .values("form_id", "form__name")
            .annotate(drafts=Count("draft_id", distinct=True))
            .order_by("form__sort_order", "form__name")
        ]
    return DraftFigures(period=period, unit=unit, unit_ids=ids, drafts=statuses, drafts_by_form=by_form)
