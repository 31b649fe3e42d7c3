"""Every admin view of every snippet, chooser and modeladmin the project registers answers without a 500,
for every role, with real ids, odd ids and odd searches.

The views are discovered from Wagtail's registries (the viewset registry and the admin-URL finders that
modeladmin registers), never listed by hand: a viewset added tomorrow is opened by this test too.
"""

import json
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wagtail.admin.admin_url_finder import finder_classes
from wagtail.admin.viewsets import viewsets
from wagtail_modeladmin.helpers import ModelAdminURLFinder

import pytest

PROJECT_APPS = {"home", "policies", "outreach", "reports"}
ROLES = ["admin", "tuphap", "bientap", "kiemduyet", "xaiatoi", "taphuan"]
# A value no demo id has, put in the URL by reverse() and then replaced by the id under test.
SENTINEL = "987654321"
ODD_IDS = ["²", "99999999999999999999", "-1", "abc"]
ODD_SEARCHES = ["%00", "ä"]
# Views whose listing can be searched or exported (by their URL name's last part).
SEARCHABLE = {"list", "list_results", "index", "choose", "choose_results"}
EXPORTABLE = {"list", "index"}
# Odd ids are tried by a role that passes every permission check (so the lookup really runs) and by a
# role that sees one unit; the other roles open real ids only, which keeps the test under a minute per role.
ODD_ID_ROLES = {"admin", "xaiatoi"}


def _walk(patterns, namespace=""):
    """(qualified URL name, parameter names) of every named URL pattern below `patterns`."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            names = list(getattr(pattern, "converters", {}) or pattern.regex.groupindex)
            yield f"{namespace}{entry.name}", names


def _project_model(model):
    return isinstance(model, type) and model._meta.app_label in PROJECT_APPS


def discover():
    """{model: [(URL name, parameter names)]} for the project's viewsets and modeladmins."""
    get_resolver().url_patterns  # noqa: B018 - builds the admin URLs, which fills Wagtail's registries
    namespaces = {
        viewset.url_namespace: viewset.model
        for viewset in viewsets.viewsets
        if _project_model(getattr(viewset, "model", None))
    }
    modeladmin_prefixes = {
        finder.url_helper.get_action_url_name(""): model
        for model, finder in finder_classes.values_by_class.items()
        if _project_model(model) and issubclass(finder, ModelAdminURLFinder)
    }
    found = {}
    for name, params in _walk(get_resolver().url_patterns):
        namespace, _sep, last = name.rpartition(":")
        model = namespaces.get(namespace.rpartition(":")[2]) if namespace else None
        if model is None:
            model = next((m for prefix, m in modeladmin_prefixes.items() if last.startswith(prefix)), None)
        if model is not None:
            found.setdefault(model, []).append((name, params))
    return found


def _url(name, params, value):
    return reverse(name, kwargs=dict.fromkeys(params, SENTINEL)).replace(SENTINEL, quote(str(value), safe=""))


def urls_to_open(found, odd_ids=True):
    """Every (model, URL) to request: listings with odd searches and exports, objects with real and odd ids.

    Real ids are the first and the last object of each model, which in the demo lie in different units.
    """
    for model, names in found.items():
        manager = model._default_manager
        ends = [manager.order_by(order).values_list("pk", flat=True).first() for order in ("pk", "-pk")]
        pks = [pk for pk in dict.fromkeys(ends) if pk is not None]
        for name, params in names:
            last = name.rpartition(":")[2].rsplit("_modeladmin_", 1)[-1]
            if not params:
                base = reverse(name)
                yield model, base
                if last in SEARCHABLE:
                    for query in ODD_SEARCHES:
                        yield model, f"{base}?q={quote(query) if query != '%00' else query}"
                if last == "chosen_multiple":
                    for value in [*pks, *(ODD_IDS if odd_ids else [])]:
                        yield model, f"{base}?id={quote(str(value))}"
                if last in EXPORTABLE:
                    yield model, f"{base}?export=csv"
                    yield model, f"{base}?export=xlsx"
                continue
            for value in [*pks, *(ODD_IDS if odd_ids else [])]:
                yield model, _url(name, params, value)


def _open(client, url):
    try:
        response = client.get(url)
    except Exception as error:  # noqa: BLE001 - the test reports every crash, not only the first
        return f"{type(error).__name__}: {str(error)[:200]}"
    if response.status_code >= 500:
        return f"HTTP {response.status_code}"
    return None


def _model_permissions(user, model):
    opts = model._meta
    actions = ("add", "change", "delete", "view")
    return {action for action in actions if user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")}


@pytest.mark.django_db
class TestEveryRegisteredAdminView:
    @pytest.fixture
    def found(self, demo_data):
        return discover()

    def test_discovery_finds_snippets_choosers_and_modeladmins(self, found):
        names = {name for entries in found.values() for name, _params in entries}
        labels = {model._meta.label for model in found}
        assert {"reports.ReportNarrative", "reports.CommunicationPlan", "reports.AnnualPlan"} <= labels
        assert {"outreach.RosterMember", "outreach.ActivityRecord", "policies.Comment", "policies.Synthesis"} <= labels
        assert "wagtailsnippets_reports_reportnarrative:usage" in names
        assert "wagtailsnippets_reports_reportnarrative:history" in names
        assert "wagtailsnippetchoosers_outreach_rostermember:choose_results" in names
        assert "wagtailsnippets_policies_synthesis:history" in names
        assert "wagtailsnippets_policies_comment:moderate" in names

    @pytest.mark.parametrize("username", ROLES)
    def test_no_view_answers_500(self, found, username):
        user = get_user_model().objects.get(username=username)
        client = Client(raise_request_exception=True)
        client.force_login(user)
        crashes = []
        opened = 0
        for _model, url in urls_to_open(found, odd_ids=username in ODD_ID_ROLES):
            opened += 1
            problem = _open(client, url)
            if problem:
                crashes.append(f"{url} → {problem}")
        assert opened > 150
        assert not crashes, "\n".join(crashes)

    @pytest.mark.parametrize("username", ["xaiatoi", "taphuan", "kiemduyet"])
    def test_a_role_without_a_models_permissions_opens_none_of_its_objects(self, found, username):
        """Object views (edit, delete, copy, history, usage, inspect) refuse a model the role holds nothing on."""
        user = get_user_model().objects.get(username=username)
        client = Client()
        client.force_login(user)
        opened = []
        checked = 0
        for model, entries in found.items():
            if _model_permissions(user, model) or user.is_superuser:
                continue
            pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
            if pk is None:
                continue
            for name, params in entries:
                if not params or "chooser" in name:
                    continue
                checked += 1
                response = client.get(_url(name, params, pk))
                if response.status_code == 200:
                    opened.append(_url(name, params, pk))
        assert checked > 0
        assert not opened, "\n".join(opened)


@pytest.mark.django_db
def test_roster_chooser_returns_no_member_outside_the_users_units(demo_data):
    """The chooser's "chosen" views answer for members of the user's units only, one id or several."""
    from outreach.models import RosterMember

    trainer = get_user_model().objects.get(username="taphuan")  # Phòng Nội vụ: no roster member of its own
    client = Client()
    client.force_login(trainer)
    members = list(RosterMember.objects.exclude(unit__code="phong-noi-vu"))
    assert members
    ids = "&".join(f"id={member.pk}" for member in members)
    response = client.get(f"/admin/snippets/choose/outreach/rostermember/chosen-multiple/?{ids}")
    assert response.status_code == 200
    text = json.dumps(response.json(), ensure_ascii=False)
    assert not any(member.full_name in text for member in members)
    single = client.get(f"/admin/snippets/choose/outreach/rostermember/chosen/{members[0].pk}/")
    assert single.status_code in (302, 403)
