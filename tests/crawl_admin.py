"""Walk every admin URL pattern of the URLconf as one user, with unit B's ids in every path parameter and query
string, GET and POST, and report what of unit B came back or changed.

Patterns come from `get_resolver()` (whatever ROOT_URLCONF is at the time), never from a list: a view added
tomorrow is requested too. A parameter's object is found from what registered the pattern (the viewset's or
modeladmin's model, or an "app_label/model_name" pair in its path), else from the parameter's name.
"""

import io
import itertools
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import DatabaseError, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from wagtail.admin.admin_url_finder import finder_classes
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.viewsets import viewsets
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page
from wagtail.workflows import get_task_types
from wagtail_modeladmin.helpers import ModelAdminURLFinder

from tests.crawl_unit_b import LEAK, MARK

# Requested neither way: they end or change the crawling user's own session and account, not unit B's data.
NOT_REQUESTED = {
    "wagtailadmin_logout",  # signs the crawler out; every later request would only see the login page
}
# Requested with GET only.
NOT_POSTED = {
    "wagtailadmin_account",  # POST saves the crawler's own name, e-mail, language and password forms
}

PAGE_PARAMS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}
OBJECT_PARAMS = {"pk", "instance_pk", "object_id", "instance_identifier"}
# Namespaces and names whose generic `pk` is a page.
PAGE_SCOPES = ("wagtailadmin_pages:", "wagtailadmin_api:pages:", "wagtailadmin_explore", "wagtailadmin_choose_page")
# Pairs of parameters naming a model.
MODEL_PAIRS = [
    ("content_type_app_name", "content_type_model_name"),
    ("app_label", "model_name"),
    ("app_name", "model_name"),
]
# Exports and report downloads a listing or a project view may offer.
DOWNLOADS = ["export=csv", "export=xlsx", "format=xlsx", "format=docx"]
# The POST body: what a moderation or bulk form sends (an action and the ids it applies to); an edit form fails
# validation on it, a confirmation (delete, lock, unpublish, undo) goes through.
POST_BODY_ACTION = "approve"
PROJECT_APPS = ("cms", "home", "policies", "outreach", "reports", "tests")


@dataclass
class Pattern:
    route: str  # the pattern as written, prefixes joined: what the report shows
    name: str | None  # qualified URL name ("namespace:name")
    params: list
    literal: str  # the route with parameters left as {name}, for unnamed patterns and model lookup
    module: str


def _route_text(pattern):
    if isinstance(pattern, RoutePattern):
        return pattern._route
    return pattern._regex if isinstance(pattern, RegexPattern) else str(pattern)


def _literal(pattern):
    text = _route_text(pattern)
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)
    text = text.replace(".*", "khong-co-trang-nay").replace("^", "").replace("$", "")
    return re.sub(r"\\(.)", r"\1", text)


def admin_patterns(patterns=None, route="", literal="", namespace=""):
    """Every URL pattern below /admin/."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        text = route + _route_text(entry.pattern)
        lit = literal + _literal(entry.pattern)
        if not text.lstrip("^").startswith("admin/") and not "admin/".startswith(text.lstrip("^")):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from admin_patterns(entry.url_patterns, text, lit, inner)
        elif isinstance(entry, URLPattern) and text.lstrip("^").startswith("admin/"):
            params = re.findall(r"\{(\w+)\}", lit)
            callback = entry.callback
            module = getattr(callback, "__module__", "") or ""
            yield Pattern(text, f"{namespace}{entry.name}" if entry.name else None, params, lit, module)


def _registries():
    namespaces = {}
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, type) and viewset.name:
            namespaces[viewset.url_namespace] = model
    modeladmin_prefixes = {
        finder.url_helper.get_action_url_name(""): model
        for model, finder in finder_classes.values_by_class.items()
        if issubclass(finder, ModelAdminURLFinder)
    }
    return namespaces, modeladmin_prefixes


def pattern_model(pattern, registries, b):
    """The model whose objects the pattern's id parameters name, or None when nothing says."""
    namespaces, modeladmin_prefixes = registries
    name = pattern.name or ""
    if name.startswith(PAGE_SCOPES) or set(pattern.params) & PAGE_PARAMS:
        return Page
    namespace, _sep, last = name.rpartition(":")
    model = namespaces.get(namespace.rpartition(":")[2]) if namespace else None
    if model is not None:
        # A viewset's extra view may serve a related model ("attachment" -> CommentAttachment).
        related = [o for o in b.objects if type(o)._meta.model_name == f"{model._meta.model_name}{last}"]
        model = type(related[0]) if related else model
    if model is None:
        for prefix, candidate in modeladmin_prefixes.items():
            if last.startswith(prefix):
                action = last.removeprefix(prefix)
                # A modeladmin's extra view may serve a related model ("attachment" -> CommentAttachment).
                related = [o for o in b.objects if type(o)._meta.model_name.endswith(action) and action]
                model = type(related[0]) if related else candidate
    if model is None:
        segments = pattern.literal.split("/")
        for label in zip(segments, segments[1:], strict=False):
            try:
                model = apps.get_model(*label)
            except LookupError:
                continue
            break
    return model


def _first_pk(model):
    pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return pk if pk is not None else 1


def object_ids(model, b):
    """Ids of unit B's objects of `model`; for a model with no B rows, B's unit or user or any row of it; for an
    unknown model, every B id."""
    if model is None:
        return sorted({obj.pk for obj in [b.draft, *b.objects]})
    if model is Page:
        return [b.draft.pk]
    found = [obj.pk for obj in b.of_model(model)]
    if found:
        return found
    if model is type(b.unit):
        return [b.unit.pk]
    if issubclass(model, get_user_model()):
        return [b.user.pk]
    return [_first_pk(model)]


def _model_pairs(pattern):
    name = pattern.name or ""
    if name.startswith("wagtailsettings:"):
        return [(m._meta.app_label, m._meta.model_name) for m in settings_registry]
    if name.endswith(":add_task"):
        return [(m._meta.app_label, m._meta.model_name) for m in get_task_types()]
    if name.startswith("wagtailadmin_editing_sessions:"):
        return [("wagtailcore", "page")]
    return [("policies", "draftpage")]


def param_values(pattern, param, model, b):
    """The values to try for one path parameter."""
    page_ids = [b.draft.pk]
    if param in PAGE_PARAMS:
        # A parent's explorer, chooser or add form lists its children: ask for B's draft's parent too.
        return page_ids + [b.draft.get_parent().pk] if param == "parent_page_id" else page_ids
    if param in OBJECT_PARAMS:
        if model is None and not pattern.module.startswith(PROJECT_APPS):
            # Wagtail's own views whose model nothing names (collections, workflows, tasks) hold no unit's data
            # but pages: B's draft's id is the one worth trying.
            return [b.draft.pk]
        return object_ids(model, b)
    simple = {
        "revision_id": [b.revision.pk],
        "revision_id_a": ["earliest"],
        "revision_id_b": ["latest"],
        "task_state_id": [b.task_state.pk],
        "workflow_state_id": [b.workflow_state.pk],
        "task_id": [b.task_state.task_id],
        "workflow_pk": [b.workflow_state.workflow_id],
        "session_id": [b.editing_session.pk],
        "filter_spec": ["original"],
        "uidb64": ["MQ"],
        "token": ["khong-hop-le"],
    }
    if param in simple:
        return simple[param]
    if param == "action_name":
        api = (pattern.name or "").startswith("wagtailadmin_api:")
        return sorted(PagesAdminAPIViewSet.actions) if api else ["approve", "reject"]
    # Ids of models nothing unit-scoped hangs on (documents, images, redirects, collections, uploads).
    return [1]


def _url(pattern, values):
    if pattern.name:
        return reverse(pattern.name, kwargs={k: str(v) for k, v in values.items()})
    return "/" + pattern.literal.lstrip("^").format(**values)


def _bulk_requests(b):
    """(URL, ids) for every registered bulk action, with B's objects of its model in ?id=."""
    bulk_action_registry._scan_for_bulk_actions()
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            model = apps.get_model(app_label, model_name)
            ids = object_ids(model, b)
            for action in actions:
                url = reverse("wagtail_bulk_action", args=[app_label, model_name, action])
                yield url, ids


def _listing_filters(model, b, modeladmin):
    """?field=<B's id> for each unit or page foreign key of `model` (modeladmin spells it `field__id__exact`)."""
    if model is None or not hasattr(model, "_meta"):
        return []
    queries = []
    for f in model._meta.get_fields():
        target = getattr(f, "related_model", None)
        if not getattr(f, "many_to_one", False) and not getattr(f, "many_to_many", False):
            continue
        if target is type(b.unit):
            value = b.unit.pk
        elif isinstance(target, type) and issubclass(target, Page):
            value = b.draft.pk
        else:
            continue
        queries.append(f"{f.name}__id__exact={value}" if modeladmin else f"{f.name}={value}")
    return queries


@dataclass
class Target:
    """One URL of a pattern, what to POST to it, and the model its ids name."""

    pattern: Pattern
    url: str
    post: dict | None  # None: GET only
    model: type | None


def targets_for(pattern, registries, b):
    """Every URL to request for one pattern, unit B's ids in its parameters (several combinations may apply)."""
    if pattern.name in NOT_REQUESTED:
        return
    model = pattern_model(pattern, registries, b)
    if pattern.name == "wagtail_bulk_action":
        for url, ids in _bulk_requests(b):
            yield Target(pattern, f"{url}?{urlencode({'id': ids}, doseq=True)}", {"id": ids}, model)
        return
    pairs = [p for p in MODEL_PAIRS if set(p) <= set(pattern.params)]
    pair_params = set(itertools.chain(*pairs))
    choices = {param: param_values(pattern, param, model, b) for param in pattern.params if param not in pair_params}
    pair_choices = [[dict(zip(pair, v, strict=True)) for v in _model_pairs(pattern)] for pair in pairs] or [[{}]]
    ids = object_ids(model, b)
    post = None if pattern.name in NOT_POSTED else {"action": POST_BODY_ACTION, "ids": ids, "id": ids, "next": ""}
    for combo in itertools.product(*choices.values()):
        for pair_values in itertools.product(*pair_choices):
            values = dict(zip(choices, combo, strict=True))
            for pair_value in pair_values:
                values.update(pair_value)
            url = _url(pattern, values)
            if "chosen-multiple" in url:
                url += "?" + urlencode({"id": ids}, doseq=True)
            yield Target(pattern, url, post, model)


def query_variants(target, response, content, b):
    """More GETs for a view that answered, as its page offers them: a search for B's marker, each filter set to
    B's unit or draft, and each download."""
    if response.status_code != 200 or target.pattern.params or "?" in target.url:
        return []
    modeladmin = "_modeladmin_" in (target.pattern.name or "")
    offered = [f"q={MARK}", *_listing_filters(target.model, b, modeladmin)]
    queries = [query for query in offered if _offers(content, query.partition("=")[0])]
    queries += [query for query in DOWNLOADS if query.encode() in content]
    return [f"{target.url}?{query}" for query in queries]


def _offers(content, param):
    return f'name="{param}"'.encode() in content or f"{param}=".encode() in content


def _zip_texts(content):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return b"".join(archive.read(name) for name in archive.namelist())
    except (zipfile.BadZipFile, KeyError, RuntimeError):
        return b""


def _body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content + _zip_texts(content) if content.startswith(b"PK") else content


def leaked_markers(response, content):
    """Kinds of B's markers in the response: body (inside XLSX/DOCX archives too) and headers."""
    headers = "\n".join(f"{k}: {v}" for k, v in response.items()).encode()
    return sorted({m.decode() for m in LEAK.findall(content + headers)})


# A view refuses (403, 404, 405) before it acts: unit B's rows are compared after every other answer, and a
# change met there names every request sent since the last comparison.
REFUSED = {403, 404, 405}


class Crawl:
    def __init__(self, client, b, role):
        self.client, self.b, self.role = client, b, role
        self.leaks = {}  # (pattern route, method) -> {"what": set, "urls": list}
        self.requested = 0
        self.state = b.fingerprint()
        self.unchecked = []

    def send(self, target, method, url, check=True):
        self.requested += 1
        try:
            with transaction.atomic():
                response = self.client.get(url) if method == "GET" else self.client.post(url, target.post)
                content = _body(response)
        except DatabaseError as error:
            self.unchecked.append(url)
            self.check(target, method, f"{url} (database error {type(error).__name__})")
            return None, b""
        found = leaked_markers(response, content)
        if found:
            self.record(target, method, url, [f"shows {kind}" for kind in found])
        self.unchecked.append(url)
        if check and response.status_code not in REFUSED:
            self.check(target, method, url)
        return response, content

    def check(self, target, method, url):
        after = self.b.fingerprint()
        changed = [key for key in self.state if self.state[key] != after[key]]
        if changed:
            since = (
                f" (or one of the requests before it: {', '.join(self.unchecked[:-1])})" if self.unchecked[1:] else ""
            )
            self.record(target, method, url + since, [f"changed {key}" for key in changed])
            self.state = after
        self.unchecked = []

    def record(self, target, method, url, what):
        route = target.pattern.route if target else "(crawl)"
        entry = self.leaks.setdefault((route, method), {"what": set(), "urls": []})
        entry["what"].update(what)
        entry["urls"].append(url)

    def report(self):
        """One entry per pattern and method: who, what leaked, and every URL it leaked at."""
        entries = []
        for (route, method), entry in self.leaks.items():
            urls = "".join(f"\n    {url}" for url in entry["urls"])
            entries.append(f"{method} {route}  {self.role}: {'; '.join(sorted(entry['what']))}{urls}")
        return entries


def crawl(client, b, role, patterns=None):
    """Request every pattern with B's ids, GETs first (a POST that deletes must hide nothing), then POSTs.

    Returns (report lines, number of requests).
    """
    registries = _registries()
    patterns = list(admin_patterns()) if patterns is None else patterns
    targets = [target for pattern in patterns for target in targets_for(pattern, registries, b)]
    run = Crawl(client, b, role)
    for target in targets:
        # GETs change nothing as a rule: B's rows are compared once after a URL and its variants.
        response, content = run.send(target, "GET", target.url, check=False)
        urls = query_variants(target, response, content, b) if response is not None else []
        for url in urls:
            run.send(target, "GET", url, check=False)
        run.check(target, "GET", urls[-1] if urls else target.url)
    for target in targets:
        if target.post is not None:
            run.send(target, "POST", target.url)
    run.check(None, "GET/POST", "after the last request")
    return run.report(), run.requested
