"""Changes to users, groups and unit memberships made through the admin forms, and every admin export, leave a
readable Vietnamese entry (who, what, old -> new; never a password) in Wagtail's site history."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
from bs4 import BeautifulSoup

from cms.exports import EXPORT_ACTION
from home.audit import CHANGE_ACTION
from outreach.models import ActivityRecord, RosterMember
from policies import roles
from policies.models import Unit, UnitMembership
from policies.wagtail_hooks import UnitViewSet
from tests.factories import UnitFactory, UserFactory


def form_fields(html):
    """What a browser would send from the admin's edit form, as shown: {name: [values]}."""
    form = (
        BeautifulSoup(html, "lxml").select_one("form[method=post] input[name=csrfmiddlewaretoken]").find_parent("form")
    )
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            values = [
                option.get("value", option.text) for option in field.find_all("option") if option.has_attr("selected")
            ]
        elif field.name == "textarea":
            values = [field.text]
        elif field.get("type") in ("checkbox", "radio"):
            values = [field.get("value", "on")] if field.has_attr("checked") else []
        else:
            values = [field.get("value", "")]
        data.setdefault(name, []).extend(values)
    return data


def site_history(client):
    html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    return " ".join(BeautifulSoup(html, "lxml").get_text(" ").split())


def entries(action, instance=None):
    found = ModelLogEntry.objects.filter(action=action)
    if instance is not None:
        found = found.filter(object_id=str(instance.pk), content_type__model=instance._meta.model_name)
    return list(found.order_by("timestamp", "pk"))


@pytest.fixture
def admin_user(db):
    return UserFactory(username="quantri", is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.django_db
class TestUserChanges:
    def test_user_edit_logs_fields_and_groups_before_and_after_never_the_password(self, admin_client, admin_user):
        user = UserFactory(username="canbo-a", first_name="Lan", last_name="Nguyễn", role=roles.EDITOR)
        url = reverse("wagtailusers_users:edit", args=[user.pk])
        data = form_fields(admin_client.get(url).content.decode())
        data.update(
            first_name=["Hoa"],
            email=["hoa@example.invalid"],
            password1=["mat-khau-moi-12345"],
            password2=["mat-khau-moi-12345"],
            groups=[str(roles.role_group(roles.MODERATOR).pk)],
        )
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]

        logged = entries(CHANGE_ACTION, user)
        assert all(entry.user == admin_user for entry in logged)
        messages = " | ".join(entry.message for entry in logged)
        assert "Lan” → “Hoa" in messages
        assert "canbo-a@example.invalid” → “hoa@example.invalid" in messages
        assert "mật khẩu: đã đổi" in messages
        editor, moderator = roles.group_name(roles.EDITOR), roles.group_name(roles.MODERATOR)
        groups_before_after = [
            entry.data["changes"][0] for entry in logged if entry.data["changes"][0]["field"] == "nhóm"
        ]
        assert groups_before_after[0]["old"] == editor and groups_before_after[-1]["new"] == moderator
        stored = str([entry.data for entry in logged])
        assert "mat-khau-moi" not in stored and "md5$" not in stored

        history = site_history(admin_client)
        assert "Tên: “Lan” → “Hoa”" in history and admin_user.get_full_name() in history

    def test_new_user_logs_its_values_without_password(self, admin_client):
        response = admin_client.post(
            reverse("wagtailusers_users:add"),
            {
                "username": "canbo-moi",
                "email": "moi@example.invalid",
                "first_name": "Minh",
                "last_name": "Trần",
                "password1": "mat-khau-moi-12345",
                "password2": "mat-khau-moi-12345",
                "groups": [roles.role_group(roles.TRAINER).pk],
            },
        )
        assert response.status_code == 302
        user = get_user_model().objects.get(username="canbo-moi")
        messages = " | ".join(entry.message for entry in entries(CHANGE_ACTION, user))
        assert "“—” → “canbo-moi”" in messages and "“—” → “Minh”" in messages
        assert f"“—” → “{roles.group_name(roles.TRAINER)}”" in messages
        assert "mat-khau" not in messages

    def test_changes_outside_the_admin_are_not_logged(self, db):
        user = UserFactory(role=roles.EDITOR)
        user.first_name = "Khác"
        user.save()
        assert entries(CHANGE_ACTION) == []


@pytest.mark.django_db
class TestGroupChanges:
    def test_group_rename_and_permission_change_are_logged(self, admin_client):
        group = Group.objects.create(name="Nhóm thử")
        url = reverse("wagtailusers_groups:edit", args=[group.pk])
        data = form_fields(admin_client.get(url).content.decode())
        add_roster = Permission.objects.get(codename="add_rostermember")
        data.update(name=["Nhóm thử nghiệm"], permissions=[str(add_roster.pk)])
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        messages = " | ".join(entry.message for entry in entries(CHANGE_ACTION, group))
        assert "“Nhóm thử” → “Nhóm thử nghiệm”" in messages
        assert f"Quyền: “—” → “{add_roster}”" in messages
        assert "Nhóm thử nghiệm" in site_history(admin_client)


@pytest.mark.django_db
class TestUnitMembershipChanges:
    def test_adding_and_removing_members_in_the_unit_form_is_logged_on_the_unit(self, admin_client):
        unit = UnitFactory(name="Xã Ia Thử")
        leaving = UserFactory(username="canbo-di", units=[unit])
        joining = UserFactory(username="canbo-den")
        url = reverse(UnitViewSet().get_url_name("edit"), args=[unit.pk])
        data = form_fields(admin_client.get(url).content.decode())
        assert data["memberships-TOTAL_FORMS"] == ["1"]
        data["memberships-0-DELETE"] = ["on"]
        data.update(
            {
                "memberships-TOTAL_FORMS": ["2"],
                "memberships-1-id": [""],
                "memberships-1-user": [str(joining.pk)],
                "memberships-1-ORDER": ["2"],
            }
        )
        response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert list(UnitMembership.objects.filter(unit=unit).values_list("user__username", flat=True)) == ["canbo-den"]
        logged = [entry.data["changes"][0] for entry in entries(CHANGE_ACTION, unit)]
        assert {"field": "cán bộ thuộc đơn vị", "old": leaving.username, "new": ""} in logged
        assert {"field": "cán bộ thuộc đơn vị", "old": "", "new": joining.username} in logged
        history = site_history(admin_client)
        assert "Cán bộ thuộc đơn vị: “canbo-di” → “—”" in history and "Xã Ia Thử" in history


@pytest.mark.django_db
class TestExports:
    def test_snippet_listing_export_is_logged_with_filter_rows_and_format(self, demo_data, admin_client, admin_user):
        unit = Unit.objects.filter(roster_members__isnull=False).first()
        url = reverse("wagtailsnippets_outreach_rostermember:list")
        response = admin_client.get(url, {"export": "csv", "unit": unit.pk})
        assert response.status_code == 200
        (entry,) = entries(EXPORT_ACTION)
        assert entry.user == admin_user and entry.label == "Báo cáo viên, tuyên truyền viên"
        assert (
            entry.data["format"] == "CSV" and entry.data["query"] == f"unit={unit.pk}" and entry.data["listing"] == url
        )
        assert entry.data["rows"] == RosterMember.objects.filter(unit=unit).count() > 0
        history = site_history(admin_client)
        assert f"Xuất {entry.data['rows']} dòng ra tệp CSV từ {url}; bộ lọc, tìm kiếm: unit={unit.pk}" in history

    def test_activity_export_is_logged(self, demo_data, admin_client):
        unit = Unit.objects.filter(activities__isnull=False).first()
        response = admin_client.get(
            reverse("outreach_activityrecord_modeladmin_index"), {"export": "xlsx", "unit__id__exact": unit.pk}
        )
        assert response.status_code == 200
        (entry,) = entries(EXPORT_ACTION)
        assert entry.data["rows"] == ActivityRecord.objects.filter(unit=unit).count() > 0
        assert entry.label == "Hoạt động truyền thông"
        assert entry.data["format"] == "XLSX" and entry.data["query"] == f"unit__id__exact={unit.pk}"
        assert "ra tệp XLSX" in site_history(admin_client)
