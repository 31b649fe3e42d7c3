"""bench/province.py at a tiny scale, through the same code the full build runs: counts and the domain's
invariants (behaviour, not timing)."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from wagtail.models import Page

import pytest

from bench import province
from outreach.models import ActivityRecord, RosterMember, TrainingAttendance, TrainingSession
from policies.models import Comment, DraftPage, Unit, UnitMembership
from reports.models import AnnualPlan, CommunicationPlan

SCALE = 0.002
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(scope="module")
def province_built(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at its end; each test's own transaction
    (the `db` fixture) rolls back what the test changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("setup_portal", stdout=io.StringIO())
        stream = io.StringIO()
        counts = province.build(scale=SCALE, seed=7, today=TODAY, progress_stream=stream)
        yield counts, stream.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def built(province_built, db):
    return province_built


def test_counts_follow_the_scale_and_its_floors(built):
    counts, _progress = built
    departments, communes, predecessors = province.province_units()
    assert len(departments) == province.scaled("departments", SCALE) == 3
    assert len(communes) == province.scaled("communes", SCALE) == 4
    assert counts["units"] == 1 + 3 + 4 + sum(len(old) for old in predecessors.values())
    assert counts["drafts"] == DraftPage.objects.count() == province.scaled("drafts", SCALE)
    assert counts["comments"] == Comment.objects.count() == province.scaled("comments", SCALE) == 400
    assert counts["activities"] == ActivityRecord.objects.count() == province.scaled("activities", SCALE) == 2000
    assert counts["roster"] == RosterMember.objects.count() == province.scaled("roster", SCALE) == 12
    assert counts["trainings"] == TrainingSession.objects.count() == province.scaled("trainings", SCALE) == 6
    assert counts["attendances"] == TrainingAttendance.objects.count() > 0
    assert counts["plans"] == CommunicationPlan.objects.count() + AnnualPlan.objects.count() > 0


def test_progress_bar_reaches_every_total_on_the_stream(built):
    _counts, progress = built
    finished = [line.rsplit("\r", 1)[-1] for line in progress.splitlines()]
    assert any(line.startswith("comments") and "100%" in line and "400/400" in line for line in finished)
    assert any(line.startswith("activities") and "2,000/2,000" in line for line in finished)


def test_every_comment_is_dated_inside_its_drafts_window(built):
    rows = Comment.objects.values_list("received_on", "draft__consultation_opens", "draft__consultation_closes")
    assert rows
    for received_on, opens, closes in rows:
        assert timezone.localtime(opens).date() <= received_on <= timezone.localtime(closes).date()
        assert received_on <= TODAY
    assert not Comment.objects.filter(draft__live=False).exists()


def test_merged_communes_have_successors_valid_from_the_reform(built):
    _departments, communes, predecessors = province.province_units()
    assert predecessors, "some communes are merged"
    assert all(len(old) >= 2 for old in predecessors.values())
    for unit in Unit.objects.filter(valid_to__isnull=False):
        assert unit.kind == Unit.Kind.COMMUNE
        assert unit.successor is not None
        assert unit.valid_to < unit.successor.valid_from == province.REFORM_DAY
    for commune in communes:
        assert commune.successor_id is None
        assert (commune.valid_from == province.REFORM_DAY) == (commune.pk in predecessors)


def test_activities_belong_to_communes_or_departments_valid_on_their_day(built):
    kinds = {Unit.Kind.COMMUNE, Unit.Kind.OFFICE}
    units = {unit.pk: unit for unit in Unit.objects.all()}
    records = list(ActivityRecord.objects.values_list("date", "unit_id", "commune_id"))
    assert {units[unit_id].kind for _day, unit_id, _commune in records} == kinds
    for day, unit_id, commune_id in records:
        assert units[unit_id].valid_on(day)
        if commune_id:
            assert units[commune_id].kind == Unit.Kind.COMMUNE
            assert units[commune_id].valid_on(day)
    before = [units[unit_id] for day, unit_id, _c in records if day < province.REFORM_DAY]
    assert any(unit.successor_id for unit in before), "records before the reform name predecessors"


def test_attendance_is_of_roster_members_at_held_sessions(built):
    assert not TrainingAttendance.objects.filter(member__isnull=True).exists()
    assert not TrainingAttendance.objects.exclude(session__state=TrainingSession.State.HELD).exists()
    pairs = list(TrainingAttendance.objects.values_list("session_id", "member_id"))
    assert len(pairs) == len(set(pairs)), "nobody is recorded twice at one session"


def test_draft_pages_are_a_valid_tree_served_and_searchable(built):
    assert Page.find_problems() == ([], [], [], [], [])
    drafts = DraftPage.objects.live()
    assert drafts.exists()
    assert {draft.url_path for draft in drafts} == {draft.specific.url_path for draft in drafts}
    client = Client()
    draft = drafts.order_by("pk").first()
    assert client.get(draft.url).status_code == 200
    listing = client.get("/du-thao/")
    assert listing.status_code == 200
    assert draft.title in listing.text or DraftPage.objects.live().count() > 10
    taxed = drafts.filter(search_folded__contains="thue")
    found = client.get("/tim-kiem/", {"q": "thue"})
    assert found.status_code == 200
    for hit in taxed[:3]:
        assert hit.title in found.text


def test_accounts_the_admin_benchmark_signs_in_as(built):
    memberships = {m.user.username: m.unit for m in UnitMembership.objects.select_related("user", "unit")}
    assert memberships[province.JUSTICE_USER].code == province.JUSTICE_CODE
    clerk_unit = memberships[province.CLERK_USER]
    assert clerk_unit.kind == Unit.Kind.COMMUNE and clerk_unit.predecessors.exists()
    assert memberships[province.MODERATOR_USER].kind == Unit.Kind.OFFICE
    assert memberships[province.TRAINER_USER].kind == Unit.Kind.OFFICE


def test_same_seed_builds_the_same_province(built):
    """Rebuilt from scratch with the same seed (the test's transaction restores the first build after)."""
    first = list(Comment.objects.order_by("receipt").values_list("receipt", "draft__code", "received_on", "state"))
    natural = ("date", "unit__code", "commune__code", "draft__code", "form__name", "participants", "cost")
    activities = list(ActivityRecord.objects.order_by("pk").values_list(*natural))
    for model in (ActivityRecord, Comment, TrainingSession, RosterMember, CommunicationPlan, AnnualPlan):
        model.objects.all().delete()
    Page.objects.filter(pk__in=DraftPage.objects.values("pk")).delete()
    UnitMembership.objects.all().delete()
    Unit.objects.update(successor=None)
    Unit.objects.filter(parent__isnull=False).delete()
    Unit.objects.all().delete()
    get_user_model().objects.filter(username__startswith="pv-").delete()
    province.build(scale=SCALE, seed=7, today=TODAY, progress_stream=io.StringIO())
    again = list(Comment.objects.order_by("receipt").values_list("receipt", "draft__code", "received_on", "state"))
    assert again == first
    assert list(ActivityRecord.objects.order_by("pk").values_list(*natural)) == activities
