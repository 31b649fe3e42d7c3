import datetime
import itertools

import pytest

from policies.models import DraftPage
from reports import figures as report_figures
from reports.figures.drafts import counted_drafts
from reports.models import ReportPeriod
from tests.factories import ActivityRecordFactory, CommunicationFormFactory, UnitFactory
from tests.reports.fixtures import (
    draft,
    local,
    make_activities,
    make_comments,
    make_drafts,
    make_training,
    make_tree,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    return ReportPeriod.from_code("2026-H1")


@pytest.fixture
def tree():
    return make_tree()


class TestActivityFigures:
    def test_district_totals_include_boundary_days_and_communes(self, tree, period):
        make_activities(tree)
        result = report_figures.compute(period, tree.district)
        assert result.activities == {"count": 4, "sessions": 7, "participants": 65, "cost": 650}

    def test_by_form(self, tree, period):
        forms = make_activities(tree)
        rows = report_figures.compute(period, tree.district).activities_by_form
        assert [(row["form"], row["count"], row["sessions"], row["participants"], row["cost"]) for row in rows] == [
            (forms.loudspeaker.name, 2, 3, 15, 150),
            (forms.conference.name, 2, 4, 50, 500),
        ]

    def test_by_unit_rolls_communes_and_merged_predecessor_up(self, tree, period):
        make_activities(tree)
        rows = report_figures.compute(period, tree.district).activities_by_unit
        assert {row["unit"]: (row["count"], row["cost"]) for row in rows} == {
            "Huyện Mẫu": (1, 300),
            "Xã Sông Xanh": (2, 150),
            "Xã Đồi Cao": (1, 200),
        }

    def test_province_rolls_district_up(self, tree, period):
        make_activities(tree)
        result = report_figures.compute(period, tree.province)
        assert result.activities["cost"] == 650
        assert [(row["unit"], row["cost"]) for row in result.activities_by_unit] == [("Huyện Mẫu", 650)]

    def test_whole_tree_has_one_row_per_root(self, tree, period):
        make_activities(tree)
        result = report_figures.compute(period)
        assert result.activities["cost"] == 10650
        assert {row["unit"]: row["cost"] for row in result.activities_by_unit} == {
            "Tỉnh Mẫu": 650,
            "Huyện Khác": 10000,
        }

    def test_commune_counts_its_merged_predecessor(self, tree, period):
        make_activities(tree)
        assert report_figures.compute(period, tree.commune1).activities["cost"] == 150

    def test_funding_sources_are_merged_by_folded_text(self, tree, period):
        make_activities(tree)
        funding = report_figures.compute(period, tree.district).funding
        assert [(row["source"], row["count"], row["cost"]) for row in funding] == [
            ("Ngân sách xã", 2, 500),
            ("Không ghi nguồn", 1, 100),
            ("Tài trợ", 1, 50),
        ]

    def test_allowed_ids_cut_the_whole_tree(self, tree, period):
        make_activities(tree)
        result = report_figures.compute(period, None, allowed_ids={tree.commune2.pk})
        assert result.activities["cost"] == 200

    def test_annual_period_ends_14_december(self, tree):
        make_activities(tree)
        result = report_figures.compute(ReportPeriod.from_code("2026"), tree.district)
        assert result.activities["cost"] == 650 + 900


class TestDraftKpi:
    def test_counts_due_in_scope_drafts_and_the_share(self, tree, period):
        make_drafts(tree)
        result = report_figures.compute(period, tree.district)
        assert [draft.code for draft in result.drafts] == ["DT-A", "DT-B", "DT-D", "DT-H"]
        assert (result.in_scope, result.communicated, result.share, result.target) == (4, 2, 50.0, 100)

    def test_drafts_communicated_at_some_stages_only_are_listed_with_missing_stages(self, tree, period):
        make_drafts(tree)
        result = report_figures.compute(period, tree.district)
        missing = {draft.code: draft.missing for draft in result.not_communicated}
        assert missing == {"DT-B": ["adoption"], "DT-H": ["adoption"]}

    def test_per_stage_due_and_communicated(self, tree, period):
        make_drafts(tree)
        stages = report_figures.compute(period, tree.district).stages
        assert [(stage["key"], stage["due"], stage["communicated"]) for stage in stages] == [
            ("proposal", 1, 1),
            ("draft", 4, 4),
            ("adoption", 3, 1),
        ]

    def test_drafts_by_form(self, tree, period):
        drafts = make_drafts(tree)
        rows = report_figures.compute(period, tree.district).drafts_by_form
        assert [(row["form__name"], row["drafts"]) for row in rows] == [(drafts.form.name, 3)]

    def test_commune_sees_only_its_drafts(self, tree, period):
        make_drafts(tree)
        result = report_figures.compute(period, tree.commune2)
        assert [draft.code for draft in result.drafts] == ["DT-D"]
        assert result.share == 100.0

    def test_no_due_draft_gives_no_share(self, tree, period):
        result = report_figures.compute(period, tree.commune1)
        assert result.share is None

    def test_whole_tree_adds_the_other_district(self, tree, period):
        make_drafts(tree)
        result = report_figures.compute(period)
        assert "DT-F" in [draft.code for draft in result.drafts]
        assert result.in_scope == 5


class TestInScope:
    """ "In scope" has one definition: DraftPage.SCOPE_CRITERIA, read by the property and the queryset alike."""

    @pytest.fixture
    def drafts(self, tree):
        """A draft for each of the 16 combinations of the four criteria, each also withdrawn."""
        made = []
        for number, met in enumerate(itertools.product([False, True], repeat=len(DraftPage.SCOPE_CRITERIA))):
            for stage in ("draft", "withdrawn"):
                made.append(
                    draft(
                        f"DT-{stage[0].upper()}{number:02d}",
                        tree.district,
                        stage=stage,
                        withdrawal_reason="Dừng" if stage == "withdrawn" else "",
                        consultation_opens=local(2026, 2, 1),
                        consultation_closes=local(2026, 2, 25),
                        first_published_at=local(2026, 2, 1),
                        **dict(zip(DraftPage.SCOPE_CRITERIA, met, strict=True)),
                    )
                )
        return made

    def test_queryset_and_property_agree_on_every_combination(self, drafts):
        assert len(drafts) == 32
        in_scope = {page.pk for page in drafts if page.in_scheme_scope}
        assert set(DraftPage.objects.in_scheme_scope().values_list("pk", flat=True)) == in_scope
        # Only the draft meeting all four criteria is in scope, withdrawn or not (as the draft page says).
        assert sorted(DraftPage.objects.get(pk=pk).code for pk in in_scope) == ["DT-D15", "DT-W15"]

    def test_the_kpi_counts_in_scope_drafts_but_not_withdrawn_ones(self, drafts, tree, period):
        assert [page.code for page in counted_drafts()] == ["DT-D15"]
        assert [status.code for status in report_figures.compute(period, tree.district).drafts] == ["DT-D15"]


class TestStageRanges:
    def test_proposal_ends_the_day_before_consultation(self):
        row = {
            "proposal_opens": datetime.date(2026, 1, 1),
            "consultation_opens": None,
            "submitted_on": datetime.date(2026, 3, 1),
            "adopted_on": datetime.date(2026, 4, 1),
        }
        assert report_figures.stage_ranges(row) == {
            "proposal": (datetime.date(2026, 1, 1), datetime.date(2026, 2, 28)),
            "adoption": (datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)),
        }


class TestCommentFigures:
    def test_totals_sources_units_and_handling(self, tree, period):
        make_comments(tree, make_drafts(tree))
        result = report_figures.compute(period, tree.district)
        assert result.comments_total == 4
        assert {row["source"]: row["count"] for row in result.comments_by_source} == {
            "online": 1,
            "meeting": 1,
            "paper": 1,
            "hotline": 1,
        }
        assert [(row["unit"], row["count"]) for row in result.comments_by_unit] == [
            ("Xã Sông Xanh", 2),
            ("Khác/không rõ", 2),
        ]
        assert result.handling == {"taken_in": 1, "explained": 1, "not_taken": 1, "unhandled": 1}

    def test_syntheses_published_by_local_day(self, tree, period):
        make_comments(tree, make_drafts(tree))
        assert report_figures.compute(period, tree.district).syntheses_published == 1


class TestTrainingFigures:
    def test_sessions_attendees_and_audiences(self, tree, period):
        make_training(tree)
        result = report_figures.compute(period, tree.district)
        assert result.training == {"sessions": 2, "attendees": 3}
        # Each attendee in their own role (see test_training_attendance.py): one propagandist on the roster,
        # two people typed in by name.
        by_role = {row["audience"]: row["attendees"] for row in result.attendees_by_audience}
        assert by_role == {"propagandist": 1, "reporter": 0, "other": 0, "not_on_roster": 2}

    def test_roster_active_and_share_trained(self, tree, period):
        make_training(tree)
        roster = report_figures.compute(period, tree.district).roster
        assert [(row["role"], row["active"], row["trained"], float(row["share"])) for row in roster] == [
            ("propagandist", 2, 1, 50.0),
            ("reporter", 1, 0, 0.0),
        ]


class TestQueryCount:
    """The number of queries is the same for a handful of records and for many units and records."""

    QUERIES = 18

    def test_small(self, tree, period, django_assert_max_num_queries):
        make_activities(tree)
        make_comments(tree, make_drafts(tree))
        make_training(tree)
        with django_assert_max_num_queries(self.QUERIES):
            report_figures.compute(period, tree.province)

    def test_larger(self, tree, period, django_assert_max_num_queries):
        make_activities(tree)
        make_comments(tree, make_drafts(tree))
        make_training(tree)
        form = CommunicationFormFactory(name="Pa nô, áp phích")
        for _number in range(30):
            commune = UnitFactory(parent=tree.district)
            for day in (1, 2, 3):
                ActivityRecordFactory(date=datetime.date(2026, 2, day), unit=commune, form=form)
        with django_assert_max_num_queries(self.QUERIES):
            result = report_figures.compute(period, tree.province)
        assert result.activities["count"] == 4 + 5 + 90


class TestPlannedAgainstDone:
    def test_draft_plan_budget_against_spent(self, tree, period):
        from reports.models import CommunicationPlan, CommunicationPlanItem

        drafts = make_drafts(tree)
        plan = CommunicationPlan.objects.create(draft=drafts.h, lead_unit=tree.district)
        CommunicationPlanItem.objects.create(plan=plan, stage="draft", form=drafts.form, sessions=3, budget=900)
        CommunicationPlanItem.objects.create(plan=plan, stage="adoption", form=drafts.form, sessions=1, budget=100)
        rows = report_figures.compute(period, tree.district).plans_by_draft
        assert [(r["code"], r["planned_sessions"], r["budget"], r["done_sessions"], r["spent"]) for r in rows] == [
            ("DT-H", 4, 1000, 2, 0)
        ]

    def test_half_year_reads_first_two_quarters_of_the_annual_plan(self, tree, period):
        from reports.models import AnnualPlan, AnnualPlanItem

        forms = make_activities(tree)
        plan = AnnualPlan.objects.create(unit=tree.commune2, year=2026, trainings=2)
        AnnualPlanItem.objects.create(plan=plan, form=forms.conference, quarter=1, sessions=2, budget=150)
        AnnualPlanItem.objects.create(plan=plan, form=forms.conference, quarter=2, sessions=2, budget=150)
        AnnualPlanItem.objects.create(plan=plan, form=forms.conference, quarter=3, sessions=5, budget=999)
        result = report_figures.compute(period, tree.district)
        rows = {row["form"]: row for row in result.plans_by_form}
        assert rows[forms.conference.name] | {} == {
            "form_id": forms.conference.pk,
            "form": forms.conference.name,
            "planned_sessions": 4,
            "budget": 300,
            "done_sessions": 4,
            "spent": 500,
        }
        assert rows[forms.loudspeaker.name]["planned_sessions"] == 0
        by_unit = {row["unit"]: row for row in result.plans_by_unit}
        assert by_unit["Xã Đồi Cao"] | {} == {
            "unit_id": tree.commune2.pk,
            "unit": "Xã Đồi Cao",
            "planned_sessions": 4,
            "budget": 300,
            "done_sessions": 1,
            "spent": 200,
        }
        assert (by_unit["Xã Sông Xanh"]["budget"], by_unit["Xã Sông Xanh"]["spent"]) == (0, 150)
        assert result.trainings_planned == 2
        annual = report_figures.compute(ReportPeriod.from_code("2026"), tree.district)
        assert {row["form"]: row for row in annual.plans_by_form}[forms.conference.name]["budget"] == 1299
