from django.urls import reverse

import pytest

from policies import roles
from policies.models import Unit
from policies.wagtail_hooks import UnitViewSet

ALL_ROLES = [roles.EDITOR, roles.MODERATOR, roles.COMMUNE_STAFF, roles.TRAINER, roles.JUSTICE_OFFICE]
unit_viewset = UnitViewSet()


def unit_url(action, *args):
    return reverse(unit_viewset.get_url_name(action), args=args)


@pytest.mark.django_db
class TestAdminForEachRole:
    @pytest.mark.parametrize("role", ALL_ROLES)
    def test_every_role_reaches_the_dashboard_in_vietnamese(self, client, make_user, unit, role):
        client.force_login(make_user(role=role, units=[unit]))
        response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 200
        assert 'lang="vi"' in response.content.decode()

    def test_user_without_role_is_refused_admin(self, client, make_user):
        client.force_login(make_user())
        response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]

    def test_justice_office_manages_units(self, client, make_user, unit):
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        assert client.get(unit_url("list")).status_code == 200
        assert client.get(unit_url("edit", unit.pk)).status_code == 200
        response = client.post(
            unit_url("add"),
            {
                "name": "Xã Ia Tơi",
                "short_name": "Ia Tơi",
                "code": "ia-toi-moi",
                "kind": Unit.Kind.COMMUNE,
                "aliases": "UBND xã Ia Tơi",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
                "memberships-MIN_NUM_FORMS": "0",
                "memberships-MAX_NUM_FORMS": "1000",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Unit.objects.filter(code="ia-toi-moi").exists()

    @pytest.mark.parametrize("role", [roles.EDITOR, roles.MODERATOR, roles.COMMUNE_STAFF, roles.TRAINER])
    def test_other_roles_cannot_open_or_change_units(self, client, make_user, unit, role):
        client.force_login(make_user(role=role, units=[unit]))
        for url in (unit_url("list"), unit_url("edit", unit.pk), unit_url("add"), unit_url("delete", unit.pk)):
            response = client.get(url)
            assert response.status_code in (302, 403), url
        response = client.post(unit_url("edit", unit.pk), {"name": "Đã bị sửa", "code": unit.code, "kind": "other"})
        assert response.status_code in (302, 403)
        unit.refresh_from_db()
        assert unit.name != "Đã bị sửa"

    def test_roles_are_seeded_as_groups(self, db):
        from django.contrib.auth.models import Group

        justice = Group.objects.get(name=roles.group_name(roles.JUSTICE_OFFICE))
        assert justice.permissions.filter(codename="oversee_all_units").exists()
        for role in ALL_ROLES:
            group = Group.objects.get(name=roles.group_name(role))
            assert group.permissions.filter(codename="access_admin").exists()
