"""The typed rows and parts the report's figures come in.

A row is a dataclass that also reads as a read-only mapping (`row.cost` and `row["cost"]`, equal to the dict
of its fields), so templates, tables and readers that take rows by key read them unchanged.
"""

import dataclasses
from collections.abc import Mapping
from decimal import Decimal

from policies.models.drafts import LifecycleStage

TARGET_PERCENT = 100
# Decision 407/QĐ-TTg: 70 % of in-scope drafts communicated in 2022, the first year; 100 % from 2023.
EARLIER_TARGETS = {2022: 70}


def target_percent(year):
    """The scheme's target for a year, in percent."""
    return EARLIER_TARGETS.get(year, TARGET_PERCENT)


class Row(Mapping):
    def __getitem__(self, key):
        if key not in self._keys():
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self):
        return iter(self._keys())

    def __len__(self):
        return len(self._keys())

    def __or__(self, other):
        return dict(self) | dict(other)

    @classmethod
    def _keys(cls):
        return [item.name for item in dataclasses.fields(cls)]


def row(cls):
    """A Row dataclass: fields by keyword; equality is the Mapping's (a row equals the dict of its fields)."""
    return dataclasses.dataclass(eq=False, kw_only=True)(cls)


part = dataclasses.dataclass(kw_only=True)


# --- drafts ---------------------------------------------------------------------------------


@dataclasses.dataclass
class DraftStatus:
    """An in-scope draft due in the period: the stages due and those it was communicated at."""

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
        return [str(LifecycleStage(stage).label) for stage in self.missing]

    @property
    def fully_communicated(self):
        return not self.missing


@row
class StageCount(Row):
    key: str
    label: str
    due: int
    communicated: int


@row
class DraftsByForm(Row):
    form_id: int
    form__name: str  # named as before the rows were typed (the ORM lookup it is read by)
    drafts: int


@part
class DraftFigures:
    """The KPI: in-scope drafts due in the period and whether they were communicated at every stage due."""

    period: object
    unit: object  # a Unit, or None for every unit the reader may see
    unit_ids: set | None
    drafts: list  # DraftStatus, by code
    drafts_by_form: list  # DraftsByForm

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
        return target_percent(self.period.year)

    @property
    def stages(self):
        return [
            StageCount(
                key=stage.value,
                label=stage.label,
                due=sum(1 for draft in self.drafts if stage in draft.due),
                communicated=sum(1 for draft in self.drafts if stage in draft.communicated),
            )
            for stage in LifecycleStage
        ]


# --- comments -------------------------------------------------------------------------------


@row
class Handling(Row):
    taken_in: int
    explained: int
    not_taken: int
    unhandled: int


@row
class SourceCount(Row):
    source: str
    label: str
    count: int


@row
class UnitCount(Row):
    unit: str
    count: int


@part
class CommentFigures:
    comments_total: int
    comments_by_source: list  # SourceCount, most first
    comments_by_unit: list  # UnitCount, most first, the unknown last
    handling: Handling
    syntheses_published: int


# --- activities and plans -------------------------------------------------------------------


@row
class ActivitySums(Row):
    count: int = 0
    sessions: int = 0
    participants: int = 0
    cost: int = 0

    def add(self, other):
        self.count += other.count
        self.sessions += other.sessions
        self.participants += other.participants
        self.cost += other.cost


@row
class FormActivities(ActivitySums):
    form_id: int
    form: str


@row
class UnitActivities(ActivitySums):
    unit_id: int
    unit: str


@row
class FundingSource(Row):
    source: str
    count: int
    cost: int


@part
class ActivityFigures:
    activities: ActivitySums  # the period's totals
    activities_by_form: list  # FormActivities, in the forms' order
    activities_by_unit: list  # UnitActivities, by name
    funding: list  # FundingSource, most spent first


@row
class PlannedAndDone(Row):
    planned_sessions: int = 0
    budget: int = 0
    done_sessions: int = 0
    spent: int = 0


@row
class DraftPlan(PlannedAndDone):
    draft_id: int
    code: str
    title: str


@row
class FormPlan(PlannedAndDone):
    form_id: int
    form: str


@row
class UnitPlan(PlannedAndDone):
    unit_id: int
    unit: str


@part
class PlanFigures:
    plans_by_draft: list  # DraftPlan, by code
    plans_by_form: list  # FormPlan, by form name
    plans_by_unit: list  # UnitPlan, by unit name
    trainings_planned: int


# --- training -------------------------------------------------------------------------------


@row
class TrainingTotals(Row):
    sessions: int
    attendees: int


@row
class AudienceAttendees(Row):
    audience: str
    label: str
    attendees: int


@row
class RosterRole(Row):
    role: str
    label: str
    active: int
    trained: int
    share: Decimal | None


@part
class TrainingFigures:
    training: TrainingTotals
    attendees_by_audience: list  # AudienceAttendees, roster roles then the people not on it
    roster: list  # RosterRole


# --- good practices and commendations (annual report only) ----------------------------------


@row
class CommendationCounts(Row):
    proposed: int  # proposed in the period
    awarded: int  # awarded by a decision dated in the period
    rejected: int  # refused by a decision dated in the period
    pending: int  # proposed in the period, no outcome yet


@part
class RecognitionFigures:
    good_practices: list  # GoodPractice with_results(), by date recorded
    commendations: list  # CommendationProposal proposed or decided in the period
    commendation_counts: CommendationCounts | None  # None outside the annual report


@part
class Figures(RecognitionFigures, PlanFigures, TrainingFigures, ActivityFigures, CommentFigures, DraftFigures):
    """Every figure of the report for one period and unit."""
