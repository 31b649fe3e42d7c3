"""Editors create and change only the drafts of their own units, in every admin page view."""

import datetime

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from policies import roles
from policies.models import DraftPage
from policies.setup import setup_draft_editing
from tests.factories import (
    DocumentTypeFactory,
    DraftPageFactory,
    UnitFactory,
    draft_index,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def setup(db, make_user):
    index = draft_index()
    setup_draft_editing(index)
    own_unit, other_unit = UnitFactory(), UnitFactory()
    own = DraftPageFactory(parent=index, drafting_unit=own_unit, title="Dự thảo của mình")
    other = DraftPageFactory(parent=index, drafting_unit=other_unit, title="Dự thảo đơn vị khác")
    for draft in (own, other):
        draft.save_revision().publish()
    editor = make_user(role=roles.EDITOR, units=[own_unit])
    justice = make_user(role=roles.JUSTICE_OFFICE, units=[UnitFactory()])
    return {"index": index, "own": own, "other": other, "editor": editor, "justice": justice, "own_unit": own_unit}


def page_views(draft):
    revision = draft.latest_revision
    return [
        ("get", reverse("wagtailadmin_pages:edit", args=[draft.pk])),
        ("post", reverse("wagtailadmin_pages:edit", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:history", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:history_results", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:revisions_view", args=[draft.pk, revision.pk])),
        ("get", reverse("wagtailadmin_pages:revisions_revert", args=[draft.pk, revision.pk])),
        ("get", reverse("wagtailadmin_pages:revisions_compare", args=[draft.pk, "live", revision.pk])),
        ("get", reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:view_draft", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:copy", args=[draft.pk])),
        ("post", reverse("wagtailadmin_pages:copy", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:move", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:delete", args=[draft.pk])),
        ("post", reverse("wagtailadmin_pages:delete", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:unpublish", args=[draft.pk])),
        ("post", reverse("wagtailadmin_pages:lock", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:usage", args=[draft.pk])),
        ("get", reverse("wagtailadmin_pages:workflow_history", args=[draft.pk])),
    ]


def denied(response):
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response.url in ("/admin/", reverse("wagtailadmin_home"))


@pytest.mark.django_db
class TestOtherUnitsDraftsAreOutOfReach:
    @pytest.mark.parametrize("position", range(18))
    def test_every_page_view_refuses_another_units_draft(self, client, setup, position):
        client.force_login(setup["editor"])
        method, url = page_views(setup["other"])[position]
        response = getattr(client, method)(url)
        assert denied(response), (url, response.status_code)
        other = DraftPage.objects.get(pk=setup["other"].pk)
        assert other.live and other.title == "Dự thảo đơn vị khác" and not other.locked
        assert DraftPage.objects.filter(title="Dự thảo đơn vị khác").count() == 1

    def test_editor_reaches_the_edit_history_and_revisions_of_their_own_draft(self, client, setup):
        client.force_login(setup["editor"])
        own = setup["own"]
        for name in ("edit", "history", "history_results"):
            assert client.get(reverse(f"wagtailadmin_pages:{name}", args=[own.pk])).status_code == 200, name

    def test_justice_office_reaches_every_units_draft(self, client, setup):
        client.force_login(setup["justice"])
        for draft in (setup["own"], setup["other"]):
            assert client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).status_code == 200

    def test_explorer_lists_only_own_units_drafts(self, client, setup):
        client.force_login(setup["editor"])
        html = client.get(reverse("wagtailadmin_explore", args=[setup["index"].pk])).content.decode()
        assert "Dự thảo của mình" in html and "Dự thảo đơn vị khác" not in html

    @pytest.mark.parametrize("action", ["delete", "unpublish", "move"])
    def test_bulk_actions_skip_another_units_draft(self, client, setup, action):
        client.force_login(setup["editor"])
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
        client.post(f"{url}?id={setup['other'].pk}", {"chooser": setup["index"].pk})
        other = Page.objects.get(pk=setup["other"].pk)
        assert other.live and other.get_parent().pk == setup["index"].pk

    def test_editor_cannot_edit_the_index_page_itself(self, client, setup):
        client.force_login(setup["editor"])
        assert denied(client.get(reverse("wagtailadmin_pages:edit", args=[setup["index"].pk])))


def draft_form(unit, **overrides):
    now = timezone.localtime()
    data = {
        "title": "Dự thảo mới",
        "slug": "du-thao-moi",
        "stage": "draft",
        "summary": "Tóm tắt ngắn.",
        "drafting_unit": unit.pk,
        "necessity": rich_text("<p>Cần thiết</p>"),
        "purpose": rich_text(""),
        "scope_and_subjects": rich_text(""),
        "basic_content": rich_text(""),
        "other_information": rich_text(""),
        "changes": streamfield([]),
        "sections": streamfield(
            [
                (
                    "section",
                    {
                        "kind": "article",
                        "number": "Điều 1",
                        "heading": "Phạm vi",
                        "anchor": "dieu-1",
                        "body": rich_text("<p>x</p>"),
                    },
                )
            ]
        ),
        "attachments": inline_formset([]),
        "audience_versions": inline_formset([]),
        "consultation_opens": now.strftime("%Y-%m-%d %H:%M"),
        "consultation_closes": (now + 5 * DAY).strftime("%Y-%m-%d %H:%M"),
        "extension_reason": "",
        "withdrawal_reason": "",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
class TestCreatingDrafts:
    def add_url(self, index):
        return reverse("wagtailadmin_pages:add", args=["policies", "draftpage", index.pk])

    def test_drafting_unit_choices_are_the_editors_units(self, client, setup):
        client.force_login(setup["editor"])
        form = client.get(self.add_url(setup["index"])).context["form"]
        assert list(form.fields["drafting_unit"].queryset) == [setup["own_unit"]]

    def test_editor_cannot_create_a_draft_for_another_unit(self, client, setup):
        client.force_login(setup["editor"])
        client.post(self.add_url(setup["index"]), draft_form(setup["other"].drafting_unit))
        assert not DraftPage.objects.filter(slug="du-thao-moi").exists()

    def test_short_window_saves_with_a_warning(self, client, setup):
        client.force_login(setup["editor"])
        document_type = DocumentTypeFactory(min_consultation_days=20)
        response = client.post(
            self.add_url(setup["index"]), draft_form(setup["own_unit"], document_type=document_type.pk)
        )
        draft = DraftPage.objects.get(slug="du-thao-moi")
        assert draft.drafting_unit == setup["own_unit"]
        warnings = [str(message) for message in get_messages(response.wsgi_request) if "warning" in message.tags]
        assert any("ngắn hơn mức tối thiểu 20 ngày" in text for text in warnings)

    def test_editor_submits_for_review_and_cannot_publish(self, client, setup):
        client.force_login(setup["editor"])
        client.post(self.add_url(setup["index"]), {**draft_form(setup["own_unit"]), "action-publish": "1"})
        draft = DraftPage.objects.get(slug="du-thao-moi")
        assert not draft.live
        client.post(
            reverse("wagtailadmin_pages:edit", args=[draft.pk]),
            {**draft_form(setup["own_unit"]), "action-submit": "1"},
        )
        draft.refresh_from_db()
        assert draft.current_workflow_task is not None
        assert draft.current_workflow_task.name == "Phòng Tư pháp duyệt"


@pytest.mark.django_db
def test_copying_a_draft_gives_the_copy_a_new_code(client, setup):
    client.force_login(setup["editor"])
    own = setup["own"]
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[own.pk]),
        {"new_title": "Bản sao", "new_slug": "ban-sao", "new_parent_page": setup["index"].pk},
    )
    assert response.status_code == 302
    copy = DraftPage.objects.get(slug="ban-sao")
    assert copy.code != own.code and copy.code.startswith("DT-")
    assert copy.drafting_unit == setup["own_unit"] and not copy.live


@pytest.mark.django_db
class TestDraftLists:
    """Document types (with their minimum consultation days) and fields are kept by the Justice Office."""

    def test_editor_cannot_change_document_types(self, client, setup):
        client.force_login(setup["editor"])
        document_type = DocumentTypeFactory(min_consultation_days=20)
        add = reverse("wagtailsnippets_policies_documenttype:add")
        edit = reverse("wagtailsnippets_policies_documenttype:edit", args=[document_type.pk])
        assert denied(client.get(add))
        assert denied(client.post(edit, {"name": document_type.name, "min_consultation_days": 1}))
        document_type.refresh_from_db()
        assert document_type.min_consultation_days == 20

    def test_justice_office_edits_the_minimum_days(self, client, setup):
        client.force_login(setup["justice"])
        document_type = DocumentTypeFactory(min_consultation_days=20)
        edit = reverse("wagtailsnippets_policies_documenttype:edit", args=[document_type.pk])
        client.post(edit, {"name": document_type.name, "min_consultation_days": 30})
        document_type.refresh_from_db()
        assert document_type.min_consultation_days == 30
