"""A production install: `migrate` then `setup_portal` alone, people and units added through the admin,
and a draft goes from an editor through the Justice Office's review to the public site."""

import io

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from outreach import demo as outreach_demo
from outreach.models import ActivityRecord, CommunicationForm, RosterMember, TrainingSession
from policies import demo as policies_demo
from policies import roles
from policies.models import (
    Comment,
    DocumentType,
    DraftIndexPage,
    DraftPage,
    OrganisationIdentity,
    PolicyField,
    Synthesis,
    Unit,
)
from policies.setup import WORKFLOW_NAME
from policies.wagtail_hooks import UnitViewSet
from reports.models import AnnualPlan, CommunicationPlan, ReportNarrative, ReportPeriod

PASSWORD = "Mat-khau-2026!"  # noqa: S105 - test account


def setup_portal():
    out = io.StringIO()
    call_command("setup_portal", stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"policies", "outreach", "reports", "home", "auth", "wagtailcore"}
    }


@pytest.mark.django_db
class TestSetupPortal:
    def test_second_run_changes_nothing(self):
        setup_portal()
        before = row_counts()
        setup_portal()
        assert row_counts() == before

    def test_creates_what_a_real_install_needs(self):
        output = setup_portal()
        assert "Đã thiết lập cổng" in output
        index = DraftIndexPage.objects.get()
        site = Site.objects.get(is_default_site=True)
        assert index.get_parent().specific_class.__name__ == "HomePage"
        assert site.root_page_id == index.get_parent().pk
        assert site.site_name == OrganisationIdentity.load().site_name == index.get_parent().title
        assert not Page.objects.filter(slug="home", content_type__model="page").exists()  # Wagtail's welcome page
        workflow = WorkflowPage.objects.get(page=index).workflow
        assert [task.specific.name for task in workflow.tasks] == ["Phòng Tư pháp duyệt"]
        assert list(workflow.tasks[0].specific.groups.all()) == [roles.role_group(roles.JUSTICE_OFFICE)]
        editor = roles.role_group(roles.EDITOR)
        codenames = set(
            GroupPagePermission.objects.filter(group=editor, page=index).values_list("permission__codename", flat=True)
        )
        assert codenames == {"add_page", "change_page"}
        assert DocumentType.objects.filter(min_consultation_days__gte=1).count() >= 4
        assert CommunicationForm.objects.filter(name="Loa truyền thanh cơ sở").exists()
        for role in roles.GROUP_NAMES:
            assert Group.objects.filter(name=roles.group_name(role)).exists()
        justice = roles.role_group(roles.JUSTICE_OFFICE)
        collection = set(justice.collection_permissions.values_list("permission__codename", flat=True))
        assert {"add_document", "choose_document", "add_image", "choose_image"} <= collection

    def test_creates_no_demo_content(self):
        setup_portal()
        assert not Unit.objects.exists()
        assert not get_user_model().objects.exists()
        assert not DraftPage.objects.exists()
        for model in (Comment, ActivityRecord, RosterMember, TrainingSession, ReportNarrative):
            assert not model.objects.exists(), model
        identity = OrganisationIdentity.load()
        assert (identity.issuing_body, identity.parent_body, identity.place, identity.signer_name) == ("", "", "", "")

    def test_leaves_out_every_demo_record(self):
        setup_portal()
        assert not Unit.objects.filter(code__in=[unit.code for unit in policies_demo.UNITS]).exists()
        usernames = [person.username for person in policies_demo.PEOPLE]
        assert not get_user_model().objects.filter(username__in=usernames).exists()
        assert not DraftPage.objects.filter(code__in=[draft.code for draft in policies_demo.DRAFTS]).exists()
        assert not Comment.objects.filter(receipt__startswith="GY-DEMO-").exists()
        assert not RosterMember.objects.filter(full_name__in=[m.full_name for m in outreach_demo.ROSTER]).exists()
        for model in (Synthesis, CommunicationPlan, AnnualPlan, ReportPeriod):
            assert not model.objects.exists(), model
        index = DraftIndexPage.objects.get()
        assert (index.contact_address, index.contact_hotline) == ("", "")

    def test_every_role_group_gets_its_permissions_even_when_the_groups_are_gone(self):
        Group.objects.all().delete()  # as on a database whose groups were never synchronised
        setup_portal()
        for role, names in roles.ROLE_PERMISSIONS.items():
            group = Group.objects.get(name=roles.group_name(role))
            granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
            assert granted == names, role
        assert {"wagtailadmin.access_admin"} < roles.ROLE_PERMISSIONS[roles.EDITOR]
        justice = roles.role_group(roles.JUSTICE_OFFICE)
        workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        assert workflow.active
        assert [list(task.specific.groups.all()) for task in workflow.tasks] == [[justice]]
        assert WorkflowPage.objects.get(page=DraftIndexPage.objects.get()).workflow == workflow


def configuration():
    """The rows a real install is configured with: roles and their permissions, the workflow, catalogues, site."""
    return {
        "groups": sorted(Group.objects.values_list("name", "permissions__codename")),
        "page permissions": sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission_id")),
        "collection permissions": sorted(
            GroupCollectionPermission.objects.values_list("group__name", "collection_id", "permission_id")
        ),
        "workflows": sorted(Workflow.objects.values_list("name", "active")),
        "tasks": sorted(Task.objects.values_list("name", "active")),
        "workflow tasks": sorted(WorkflowTask.objects.values_list("workflow__name", "task__name", "sort_order")),
        "workflow pages": sorted(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        "document types": sorted(DocumentType.objects.values_list("name", "min_consultation_days")),
        "fields": sorted(PolicyField.objects.values_list("name", flat=True)),
        "forms": sorted(CommunicationForm.objects.values_list("name", "aliases", "sort_order")),
        "sites": sorted(Site.objects.values_list("hostname", "port", "root_page_id", "site_name", "is_default_site")),
        "collections": sorted(Collection.objects.values_list("name", flat=True)),
    }


@pytest.mark.django_db
def test_seed_demo_adds_data_but_no_configuration():
    setup_portal()
    configured = configuration()
    call_command("seed_demo", stdout=io.StringIO())
    assert DraftPage.objects.exists() and Unit.objects.exists()
    assert configuration() == configured


def login(client, username):
    # Through the admin's login form: the login throttle needs the request (Client.login has none).
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def create_user_in_admin(client, username, role):
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": username,
            "email": f"{username}@example.invalid",
            "first_name": "Cán bộ",
            "last_name": username.title(),  # the admin requires both names
            "password1": PASSWORD,
            "password2": PASSWORD,
            "groups": [Group.objects.get(name=roles.group_name(role)).pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return get_user_model().objects.get(username=username)


def create_unit_in_admin(client, name, code, members):
    data = nested_form_data(
        {
            "name": name,
            "short_name": "",
            "code": code,
            "kind": Unit.Kind.OFFICE,
            "parent": "",
            "aliases": "",
            "valid_from": "",
            "valid_to": "",
            "successor": "",
            "memberships": inline_formset([{"user": member.pk} for member in members]),
        }
    )
    response = client.post(reverse(UnitViewSet().get_url_name("add")), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Unit.objects.get(code=code)


def draft_form(unit, document_type):
    # Day and month equal: the same date whichever order the server reads them in.
    return nested_form_data(
        {
            "title": "Quy định hỗ trợ sửa chữa nhà văn hóa thôn",
            "slug": "ho-tro-sua-chua-nha-van-hoa",
            "stage": "draft",
            "summary": "Hỗ trợ kinh phí sửa chữa nhà văn hóa thôn xuống cấp.",
            "drafting_unit": unit.pk,
            "document_type": document_type.pk,
            "necessity": rich_text("<p>Nhiều nhà văn hóa thôn xuống cấp.</p>"),
            "purpose": rich_text(""),
            "scope_and_subjects": rich_text(""),
            "basic_content": rich_text(""),
            "other_information": rich_text(""),
            "changes": streamfield([]),
            "sections": streamfield([]),
            "attachments": inline_formset([]),
            "audience_versions": inline_formset([]),
            "consultation_opens": "13/11/2026 07:00",
            "consultation_closes": "20/12/2026 17:00",
            "extension_reason": "",
            "withdrawal_reason": "",
        }
    )


@pytest.mark.django_db
def test_empty_database_publishes_a_draft_through_review(client, monkeypatch):
    setup_portal()
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", interactive=False, username="quantri", email="qt@example.invalid", stdout=io.StringIO()
    )

    # The administrator adds people and units with only what the admin offers.
    login(client, "quantri")
    editor = create_user_in_admin(client, "bientap", roles.EDITOR)
    reviewer = create_user_in_admin(client, "tuphap", roles.JUSTICE_OFFICE)
    drafting_unit = create_unit_in_admin(client, "Phòng Văn hóa - Xã hội", "phong-vh-xh", [editor])
    create_unit_in_admin(client, "Phòng Tư pháp", "phong-tp", [reviewer])
    client.logout()

    # The editor writes a draft and submits it for review; they cannot publish it.
    index = DraftIndexPage.objects.get()
    login(client, "bientap")
    add_url = reverse("wagtailadmin_pages:add", args=["policies", "draftpage", index.pk])
    assert client.get(add_url).status_code == 200
    form = draft_form(drafting_unit, DocumentType.objects.order_by("name").first())
    response = client.post(add_url, {**form, "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = DraftPage.objects.get(slug="ho-tro-sua-chua-nha-van-hoa")
    assert not draft.live
    assert draft.current_workflow_task.name == "Phòng Tư pháp duyệt"
    client.logout()
    assert client.get("/du-thao/ho-tro-sua-chua-nha-van-hoa/").status_code == 404

    # The Justice Office sees the task on its dashboard and approves it.
    login(client, "tuphap")
    assert "Quy định hỗ trợ sửa chữa nhà văn hóa thôn" in client.get(reverse("wagtailadmin_home")).content.decode()
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(draft.pk))
    approve = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", state.current_task_state.pk])
    response = client.post(approve, {"comment": "Đủ điều kiện đăng."})
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live
    client.logout()

    # The public finds it.
    listing = client.get("/du-thao/")
    assert "Quy định hỗ trợ sửa chữa nhà văn hóa thôn" in listing.content.decode()
    page = client.get("/du-thao/ho-tro-sua-chua-nha-van-hoa/")
    assert page.status_code == 200
    assert "Nhiều nhà văn hóa thôn xuống cấp." in page.content.decode()
    assert Workflow.objects.filter(name="Duyệt dự thảo chính sách trước khi đăng").count() == 1


@pytest.mark.django_db
class TestPublicAddress:
    def test_the_default_site_takes_the_public_host_so_the_sitemap_names_it(self, client, settings):
        settings.WAGTAILADMIN_BASE_URL = "https://duthao.quangngai.gov.vn"
        settings.ALLOWED_HOSTS = ["duthao.quangngai.gov.vn"]
        setup_portal()
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("duthao.quangngai.gov.vn", 443)
        response = client.get("/sitemap.xml", HTTP_HOST="duthao.quangngai.gov.vn", secure=True)
        assert b"<loc>https://duthao.quangngai.gov.vn/" in response.content
        assert b"localhost" not in response.content

    def test_a_host_set_in_the_admin_is_kept(self, settings):
        setup_portal()
        Site.objects.filter(is_default_site=True).update(hostname="cong.example.vn", port=8443)
        settings.WAGTAILADMIN_BASE_URL = "https://duthao.quangngai.gov.vn"
        setup_portal()
        assert Site.objects.filter(hostname="cong.example.vn", port=8443).exists()

    def test_a_development_address_keeps_wagtails_placeholder(self, settings):
        settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
        setup_portal()
        assert Site.objects.get(is_default_site=True).hostname == "localhost"
