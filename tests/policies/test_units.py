from django.core.exceptions import ValidationError

import pytest

from policies import roles
from policies.models import Unit
from policies.scope import filter_by_unit, may_act_for_unit, scoped_unit_ids, sees_all_units
from tests.factories import UnitFactory


@pytest.mark.django_db
class TestUnitTree:
    def test_unit_cannot_be_its_own_ancestor(self):
        top = UnitFactory()
        child = UnitFactory(parent=top)
        top.parent = child
        with pytest.raises(ValidationError) as raised:
            top.full_clean()
        assert "parent" in raised.value.message_dict

    def test_valid_to_before_valid_from_is_refused(self):
        import datetime

        unit = UnitFactory.build(valid_from=datetime.date(2025, 7, 1), valid_to=datetime.date(2025, 1, 1))
        with pytest.raises(ValidationError):
            unit.clean()

    def test_folded_names_are_kept_for_search(self):
        unit = UnitFactory(name="Xã Ia Đal", aliases="UBND xã Ia Đal")
        assert "xa ia dal" in unit.folded_names.splitlines()
        assert "ubnd xa ia dal" in unit.folded_names.splitlines()


@pytest.mark.django_db
class TestScope:
    def test_member_sees_own_unit_children_and_predecessors(self, make_user):
        district = UnitFactory()
        commune = UnitFactory(parent=district)
        merged = UnitFactory(successor=commune)
        elsewhere = UnitFactory()
        user = make_user(role=roles.COMMUNE_STAFF, units=[district])
        assert scoped_unit_ids(user) == {district.pk, commune.pk, merged.pk}
        assert may_act_for_unit(user, merged)
        assert not may_act_for_unit(user, elsewhere)
        assert set(filter_by_unit(Unit.objects.all(), user, field="pk")) == {district, commune, merged}

    def test_justice_office_sees_all_units(self, make_user, unit):
        user = make_user(role=roles.JUSTICE_OFFICE)
        assert sees_all_units(user)
        assert scoped_unit_ids(user) is None
        assert may_act_for_unit(user, unit)

    def test_user_without_unit_sees_nothing(self, make_user, unit):
        user = make_user(role=roles.EDITOR)
        assert scoped_unit_ids(user) == set()
        assert not may_act_for_unit(user, unit)

    def test_anonymous_sees_nothing(self, unit):
        from django.contrib.auth.models import AnonymousUser

        assert scoped_unit_ids(AnonymousUser()) == set()
