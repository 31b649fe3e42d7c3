"""The unit-scope rule (policies.scope) and the one permission policy built on it."""

from django.contrib.auth.models import Permission

from wagtail.permissions import policy_registry

import pytest

from outreach.models import ActivityRecord, RosterMember, TrainingSession
from policies import roles, scope
from policies.models import Comment, Synthesis
from reports.models import AnnualPlan, CommunicationPlan, ReportNarrative
from tests.factories import ActivityRecordFactory, RosterMemberFactory, TrainingSessionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    return UnitFactory(name="Huyện Thử", kind="district")


@pytest.fixture
def commune(district):
    return UnitFactory(parent=district)


@pytest.fixture
def elsewhere(db):
    return UnitFactory()


class TestRule:
    def test_a_member_acts_for_their_unit_and_every_unit_below(self, make_user, district, commune, elsewhere):
        user = make_user(units=[district])
        assert scope.scoped_unit_ids(user) == {district.pk, commune.pk}
        assert scope.may_act_for_unit(user, commune) and not scope.may_act_for_unit(user, elsewhere)

    def test_a_member_of_the_lower_unit_does_not_act_for_the_one_above(self, make_user, district, commune):
        assert scope.scoped_unit_ids(make_user(units=[commune])) == {commune.pk}

    def test_superuser_and_overseer_act_for_all_units(self, make_user, district):
        overseer = make_user(units=[district])
        overseer.user_permissions.add(Permission.objects.get(codename="oversee_all_units"))
        overseer = type(overseer).objects.get(pk=overseer.pk)  # fresh permission cache
        assert scope.scoped_unit_ids(overseer) is None
        assert scope.scoped_unit_ids(make_user(is_superuser=True)) is None

    def test_anonymous_and_unitless_users_act_for_no_unit(self, make_user, district):
        from django.contrib.auth.models import AnonymousUser

        assert scope.scoped_unit_ids(AnonymousUser()) == set()
        assert scope.filter_by_unit(RosterMember.objects.all(), make_user()).count() == 0


class TestUnitScopedPermissionPolicy:
    """Exercised through the policies the apps register, on real rows."""

    @pytest.fixture
    def records(self, district, commune, elsewhere):
        return {
            "own": ActivityRecordFactory(unit=district),
            "held_here": ActivityRecordFactory(unit=elsewhere, commune=commune),
            "other": ActivityRecordFactory(unit=elsewhere),
        }

    @pytest.fixture
    def clerk(self, make_user, commune):
        return make_user(role=roles.COMMUNE_STAFF, units=[commune])

    @pytest.fixture
    def district_clerk(self, make_user, district):
        return make_user(role=roles.COMMUNE_STAFF, units=[district])

    def test_every_model_family_has_a_unit_scoped_policy(self):
        families = (RosterMember, TrainingSession, ActivityRecord, Comment, Synthesis)
        for model in (*families, ReportNarrative, CommunicationPlan, AnnualPlan):
            assert isinstance(policy_registry.get_by_type(model), scope.UnitScopedPermissionPolicy), model

    def test_instance_answers_follow_see_and_change_paths(self, district_clerk, clerk, records):
        policy = policy_registry.get_by_type(ActivityRecord)
        assert policy.user_has_permission_for_instance(district_clerk, "change", records["own"])
        # A commune sees what another unit did on its territory, but does not change it.
        assert policy.user_has_permission_for_instance(clerk, "view", records["held_here"])
        assert not policy.user_has_permission_for_instance(clerk, "change", records["held_here"])
        assert not policy.user_has_permission_for_instance(clerk, "delete", records["held_here"])
        assert policy.user_has_any_permission_for_instance(clerk, ["change", "view"], records["held_here"])
        assert not policy.user_has_any_permission_for_instance(clerk, ["change", "view"], records["other"])

    def test_querysets_follow_see_and_change_paths(self, district_clerk, clerk, records):
        policy = policy_registry.get_by_type(ActivityRecord)
        assert set(policy.instances_user_has_permission_for(clerk, "view")) == {records["held_here"]}
        assert set(policy.instances_user_has_permission_for(clerk, "change")) == set()
        assert set(policy.instances_user_has_any_permission_for(clerk, ["change", "view"])) == {records["held_here"]}
        # The district sees its own record, and the commune below it, where the other unit worked.
        assert set(policy.instances_user_has_any_permission_for(district_clerk, scope.SEE_ACTIONS)) == {
            records["own"],
            records["held_here"],
        }
        assert set(policy.instances_user_has_permission_for(district_clerk, "change")) == {records["own"]}

    def test_without_the_model_permission_nothing_is_allowed(self, make_user, district, records):
        user = make_user(role=roles.TRAINER, units=[district])
        policy = policy_registry.get_by_type(ActivityRecord)
        assert not policy.user_has_permission_for_instance(user, "view", records["own"])
        assert not policy.instances_user_has_any_permission_for(user, scope.SEE_ACTIONS).exists()
        # The rule alone (for forms that link to records) still holds.
        assert set(policy.scope_queryset(ActivityRecord.objects.all(), user)) == {
            records["own"],
            records["held_here"],
        }

    def test_justice_office_sees_and_changes_all(self, make_user, records):
        justice = make_user(role=roles.JUSTICE_OFFICE)
        policy = policy_registry.get_by_type(ActivityRecord)
        assert set(policy.instances_user_has_permission_for(justice, "change")) == set(records.values())

    def test_owner_field_limits_change_to_the_creator(self, make_user, district):
        trainer = make_user(role=roles.TRAINER, units=[district])
        colleague = make_user(role=roles.TRAINER, units=[district])
        own = TrainingSessionFactory(organising_unit=district, created_by=trainer)
        theirs = TrainingSessionFactory(organising_unit=district, created_by=colleague)
        policy = policy_registry.get_by_type(TrainingSession)
        assert policy.user_has_permission_for_instance(trainer, "view", theirs)
        assert not policy.user_has_permission_for_instance(trainer, "change", theirs)
        assert policy.user_has_permission_for_instance(trainer, "change", own)
        assert set(policy.instances_user_has_permission_for(trainer, "change")) == {own}
        assert set(policy.instances_user_has_any_permission_for(trainer, scope.SEE_ACTIONS)) == {own, theirs}
        justice = make_user(role=roles.JUSTICE_OFFICE)
        assert policy.user_has_permission_for_instance(justice, "change", own)

    def test_a_path_through_a_foreign_key_and_a_null_link(self, make_user, district, commune, elsewhere):
        member_here = RosterMemberFactory(unit=elsewhere, commune=commune)
        member_without_commune = RosterMemberFactory(unit=elsewhere, commune=None)
        trainer = make_user(role=roles.TRAINER, units=[commune])
        policy = policy_registry.get_by_type(RosterMember)
        assert policy.user_has_permission_for_instance(trainer, "view", member_here)
        assert not policy.user_has_permission_for_instance(trainer, "view", member_without_commune)
