"""Another unit's unpublished draft appears in no admin page view, listing, chooser, report or bulk action.

The markers are ASCII because the page chooser answers JSON, where Vietnamese letters are escaped.
"""

from django.urls import reverse

from wagtail.models import Page, PageLogEntry

import pytest

from policies import roles
from policies.models import DraftPage
from policies.setup import setup_draft_editing
from tests.factories import ActivityRecordFactory, CommentFactory, DraftPageFactory, UnitFactory, draft_index

OWN = "OWNMARK4711"
FOREIGN = "ZQXFOREIGN8812"


@pytest.fixture
def scope(db, make_user):
    index = draft_index()
    workflow = setup_draft_editing(index)
    unit_a, unit_b = UnitFactory(), UnitFactory()
    editor_b = make_user(role=roles.EDITOR, units=[unit_b])
    editor = make_user(role=roles.EDITOR, units=[unit_a])
    drafts = {}
    for name, unit, author, marker in (("own", unit_a, editor, OWN), ("foreign", unit_b, editor_b, FOREIGN)):
        draft = DraftPageFactory(
            parent=index, drafting_unit=unit, live=False, title=f"Dự thảo {marker}", code=f"DT-{marker}"
        )
        draft.save_revision(user=author, log_action=True)
        workflow.start(draft, author)
        drafts[name] = draft
    return {
        "index": index,
        "unit_a": unit_a,
        "own": drafts["own"],
        "foreign": drafts["foreign"],
        "editor": editor,
        "moderator": make_user(role=roles.MODERATOR, units=[unit_a]),
        "clerk": make_user(role=roles.COMMUNE_STAFF, units=[unit_a]),
        "justice": make_user(role=roles.JUSTICE_OFFICE, units=[UnitFactory()]),
    }


UNIT_A_ROLES = ["editor", "moderator", "clerk"]


def assert_foreign_draft_untouched(scope):
    foreign = DraftPage.objects.get(pk=scope["foreign"].pk)
    assert not foreign.live and foreign.title == f"Dự thảo {FOREIGN}"
    assert foreign.get_parent().pk == scope["index"].pk and not foreign.locked


def listing_urls(scope):
    """Views that list pages: the foreign draft must be absent, the own one present for its editor."""
    index = scope["index"]
    return {
        "explore_index": reverse("wagtailadmin_explore", args=[index.pk]),
        "explore_results": reverse("wagtailadmin_explore_results", args=[index.pk]),
        "explore_search_all": reverse("wagtailadmin_explore", args=[index.pk]) + "?q=MARK&search_all=1",
        "chooser_browse_index": reverse("wagtailadmin_choose_page_child", args=[index.pk]),
        "chooser_search": reverse("wagtailadmin_choose_page_search") + "?q=d",
        "page_search": reverse("wagtailadmin_pages:search_results") + "?q=d",
        "type_use": reverse("wagtailadmin_pages:type_use", args=["policies", "draftpage"]),
        "workflow_report": reverse("wagtailadmin_reports:workflow"),
        "workflow_tasks_report": reverse("wagtailadmin_reports:workflow_tasks"),
        "site_history": reverse("wagtailadmin_reports:site_history"),
        "explorer_api": f"/admin/api/main/pages/?child_of={index.pk}&for_explorer=1",
    }


def foreign_page_urls(scope):
    """Views about the foreign draft itself: they answer 403 or 404."""
    foreign, index, own = scope["foreign"], scope["index"], scope["own"]
    return {
        "explore": reverse("wagtailadmin_explore", args=[foreign.pk]),
        "explore_results": reverse("wagtailadmin_explore_results", args=[foreign.pk]),
        "move_confirm": reverse("wagtailadmin_pages:move_confirm", args=[foreign.pk, index.pk]),
        "move_own_into_foreign": reverse("wagtailadmin_pages:move_confirm", args=[own.pk, foreign.pk]),
        "chooser_browse": reverse("wagtailadmin_choose_page_child", args=[foreign.pk]),
        "explorer_api_detail": f"/admin/api/main/pages/{foreign.pk}/",
    }


def bulk_url(action, query):
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + query


BULK_ACTIONS = ["delete", "publish", "unpublish", "move"]


@pytest.mark.django_db
class TestForeignDraftIsAbsentFromListings:
    @pytest.mark.parametrize("role", UNIT_A_ROLES)
    @pytest.mark.parametrize(
        "view",
        [
            "explore_index",
            "explore_results",
            "explore_search_all",
            "chooser_browse_index",
            "chooser_search",
            "page_search",
            "type_use",
            "workflow_report",
            "workflow_tasks_report",
            "site_history",
            "explorer_api",
        ],
    )
    def test_unit_a_staff_never_see_the_title(self, client, scope, role, view):
        client.force_login(scope[role])
        response = client.get(listing_urls(scope)[view])
        assert response.status_code in (200, 302, 400, 403, 404), response.status_code
        assert FOREIGN not in response.content.decode()

    @pytest.mark.parametrize(
        "view",
        [
            "explore_index",
            "chooser_browse_index",
            "chooser_search",
            "page_search",
            "type_use",
            "workflow_report",
            "workflow_tasks_report",
            "site_history",
            "explorer_api",
        ],
    )
    def test_the_editor_still_finds_their_own_draft(self, client, scope, view):
        client.force_login(scope["editor"])
        response = client.get(listing_urls(scope)[view])
        assert response.status_code == 200
        assert OWN in response.content.decode()

    @pytest.mark.parametrize("view", ["explore_index", "page_search", "type_use", "workflow_report", "site_history"])
    def test_justice_office_sees_both_units_drafts(self, client, scope, view):
        client.force_login(scope["justice"])
        html = client.get(listing_urls(scope)[view]).content.decode()
        assert OWN in html and FOREIGN in html


@pytest.mark.django_db
class TestForeignDraftPageViewsAnswerNotFound:
    @pytest.mark.parametrize("role", UNIT_A_ROLES)
    @pytest.mark.parametrize(
        "view",
        [
            "explore",
            "explore_results",
            "move_confirm",
            "move_own_into_foreign",
            "chooser_browse",
            "explorer_api_detail",
        ],
    )
    def test_get_is_refused_without_the_title(self, client, scope, role, view):
        client.force_login(scope[role])
        response = client.get(foreign_page_urls(scope)[view])
        assert response.status_code in (302, 403, 404), response.status_code
        assert FOREIGN not in response.content.decode()

    def test_posting_the_move_confirmation_moves_nothing(self, client, scope):
        client.force_login(scope["editor"])
        response = client.post(foreign_page_urls(scope)["move_confirm"])
        assert response.status_code in (403, 404)
        assert_foreign_draft_untouched(scope)

    def test_the_editor_explores_their_own_draft(self, client, scope):
        client.force_login(scope["editor"])
        response = client.get(reverse("wagtailadmin_explore", args=[scope["own"].pk]))
        assert response.status_code == 200 and OWN in response.content.decode()

    @pytest.mark.parametrize("view", ["explore", "move_confirm", "chooser_browse"])
    def test_justice_office_reaches_the_foreign_draft(self, client, scope, view):
        client.force_login(scope["justice"])
        response = client.get(foreign_page_urls(scope)[view])
        assert response.status_code == 200 and FOREIGN in response.content.decode()


@pytest.mark.django_db
class TestBulkActionsOnTheForeignDraft:
    @pytest.mark.parametrize("role", UNIT_A_ROLES)
    @pytest.mark.parametrize("action", BULK_ACTIONS)
    def test_confirmation_page_does_not_name_it(self, client, scope, role, action):
        client.force_login(scope[role])
        response = client.get(bulk_url(action, f"?id={scope['foreign'].pk}"))
        assert response.status_code in (302, 403, 404)
        assert FOREIGN not in response.content.decode()

    @pytest.mark.parametrize("action", BULK_ACTIONS)
    def test_select_all_in_the_listing_does_not_name_it(self, client, scope, action):
        client.force_login(scope["editor"])
        response = client.get(bulk_url(action, f"?id=all&childOf={scope['index'].pk}"))
        assert FOREIGN not in response.content.decode()

    @pytest.mark.parametrize("action", BULK_ACTIONS)
    def test_posting_changes_nothing(self, client, scope, action):
        client.force_login(scope["editor"])
        home = scope["index"].get_parent()
        client.post(bulk_url(action, f"?id={scope['foreign'].pk}"), {"chooser": home.pk})
        assert_foreign_draft_untouched(scope)

    def test_justice_office_still_publishes_any_units_draft_in_bulk(self, client, scope):
        client.force_login(scope["justice"])
        url = bulk_url("publish", f"?id={scope['foreign'].pk}")
        assert FOREIGN in client.get(url).content.decode()
        client.post(url, {})
        assert DraftPage.objects.get(pk=scope["foreign"].pk).live


@pytest.mark.django_db
class TestDraftFilterOptions:
    """The "dự thảo" filter of the activity and comment listings offers only drafts in the user's scope."""

    def test_commune_clerk_activity_filter(self, client, scope):
        ActivityRecordFactory(unit=scope["unit_a"])  # the listing shows its filters once it has a row
        client.force_login(scope["clerk"])
        response = client.get(reverse("outreach_activityrecord_modeladmin_index"))
        assert response.status_code == 200
        html = response.content.decode()
        assert f"DT-{OWN}" in html and FOREIGN not in html
        assert f"draft={scope['foreign'].pk}" not in html

    def test_moderator_comment_filter(self, client, scope):
        CommentFactory(draft=scope["own"])
        client.force_login(scope["moderator"])
        response = client.get(reverse("wagtailsnippets_policies_comment:list"))
        assert response.status_code == 200
        html = response.content.decode()
        assert f"DT-{OWN}" in html and FOREIGN not in html

    def test_for_user_is_the_scope_rule(self, scope):
        assert list(DraftPage.objects.for_user(scope["clerk"])) == [scope["own"]]
        assert set(DraftPage.objects.for_user(scope["justice"])) >= {scope["own"], scope["foreign"]}


@pytest.mark.django_db
def test_page_log_entries_of_the_foreign_draft_exist_but_stay_hidden(scope):
    """The site-history test above is not vacuous: the foreign draft has log entries."""
    assert PageLogEntry.objects.filter(page=scope["foreign"]).exists()
    assert Page.objects.filter(pk=scope["foreign"].pk).exists()


class TestRecordsNamingAForeignDraft:
    """A district's record held on a commune's territory is seen by the commune, but the unpublished
    draft it names belongs to the district: its title shows neither on the record nor in the export."""

    @pytest.fixture
    def record(self, scope):
        return ActivityRecordFactory(
            unit=scope["foreign"].drafting_unit, commune=scope["unit_a"], draft=scope["foreign"]
        )

    def test_inspect_page_names_the_draft_only_as_hidden(self, client, scope, record):
        client.force_login(scope["clerk"])
        response = client.get(reverse("outreach_activityrecord_modeladmin_inspect", args=[record.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert FOREIGN not in html and "Dự thảo chưa công bố của đơn vị khác" in html

    def test_export_names_the_draft_only_as_hidden(self, client, scope, record):
        client.force_login(scope["clerk"])
        text = client.get(reverse("outreach_activityrecord_modeladmin_index") + "?export=csv").content.decode()
        assert "Dự thảo chưa công bố của đơn vị khác" in text and FOREIGN not in text

    def test_once_published_the_title_shows(self, client, scope, record):
        scope["foreign"].save_revision().publish()
        client.force_login(scope["clerk"])
        response = client.get(reverse("outreach_activityrecord_modeladmin_inspect", args=[record.pk]))
        assert FOREIGN in response.content.decode()
