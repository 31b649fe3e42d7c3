"""Content-Security-Policy, Permissions-Policy and Referrer-Policy on every response, DEBUG off as in production."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from policies.models import Comment, DraftPage, Unit
from tests.factories import ConsultationDraftFactory
from tests.production_app import database_url, production_app

DRAFT_SLUG = "ho-tro-hoc-sinh-dan-toc-thieu-so"
PERMISSIONS = {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"}
PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def directives(header):
    """`a x y; b z` as {"a": ["x", "y"], "b": ["z"]}."""
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_common_headers(response):
    assert set(response["Permissions-Policy"].split(", ")) == PERMISSIONS
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def assert_public_headers(response):
    assert_common_headers(response)
    # No script-src or style-src: both fall back to default-src 'self', so nothing inline runs or styles.
    assert directives(response["Content-Security-Policy"]) == PUBLIC_POLICY


def assert_admin_headers(response):
    assert_common_headers(response)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src-attr"] == ["'none'"]  # no onclick="…" even in the admin
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the editor's preview frame, never another site's
    assert policy["form-action"] == ["'self'"]


def assert_nothing_inline(html):
    """What the public policy would block: inline <style>, style="", inline <script>, on…="" handlers."""
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all("style") == []
    assert [tag.name for tag in soup.find_all(style=True)] == []
    assert [str(tag)[:80] for tag in soup.find_all("script") if not tag.get("src")] == []
    handlers = [(tag.name, name) for tag in soup.find_all(True) for name in tag.attrs if name.startswith("on")]
    assert handlers == []


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    return settings


@pytest.fixture
def draft(demo_data):
    return DraftPage.objects.get(slug=DRAFT_SLUG)


@pytest.mark.django_db
@pytest.mark.usefixtures("production_like")
class TestPublicPages:
    def test_every_public_page_type_carries_the_strict_policy_and_runs_nothing_inline(self, client, draft):
        receipt = Comment.objects.filter(state=Comment.State.APPROVED).exclude(receipt="").first().receipt
        html_pages = [
            "/",
            "/du-thao/",
            draft.url,
            draft.url + "gop-y/",
            draft.url + "in/",
            draft.url + "loa/",
            f"/theo-doi/{draft.pk}/",
            f"/gop-y/tra-cuu/?so={receipt}",
            "/gop-y/tra-cuu/",
            "/tap-huan/",
            "/so-lieu-cong-khai/",
            "/tim-kiem/?q=hoc+sinh",
        ]
        for path in html_pages:
            response = client.get(path)
            assert response.status_code == 200, path
            assert_public_headers(response)
            assert_nothing_inline(response.content.decode())
        for path in [draft.url + "loa/?tai=1", reverse("draft_feed"), reverse("sitemap"), reverse("robots")]:
            response = client.get(path)
            assert response.status_code == 200, path
            assert_public_headers(response)

    def test_printed_notice_keeps_its_inline_svg_qr_without_style_attributes(self, client, draft):
        soup = BeautifulSoup(client.get(draft.url + "in/").content.decode(), "html.parser")
        svg = soup.select_one("figure.qr svg")
        assert svg is not None and svg.path is not None
        assert soup.select_one('link[rel="stylesheet"]')["href"].endswith("notice.css")


@pytest.mark.django_db
@pytest.mark.usefixtures("production_like")
class TestCachedDraftPage:
    def test_a_page_served_from_the_cache_carries_the_headers_of_now(self, client, settings):
        draft = ConsultationDraftFactory()
        first = client.get(draft.url)
        assert first.get("X-Page-Cache") != "hit"
        assert_public_headers(first)
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**PUBLIC_POLICY, "img-src": ["'self'"]}}
        second = client.get(draft.url)
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert_common_headers(second)
        # The header is added on the way out, not stored with the page: a changed policy applies at once.
        assert directives(second["Content-Security-Policy"])["img-src"] == ["'self'"]


@pytest.mark.django_db
@pytest.mark.usefixtures("production_like")
class TestErrorPages:
    def test_missing_page_carries_the_headers(self, client):
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        assert_public_headers(response)
        assert_nothing_inline(response.content.decode())

    def test_unknown_host_carries_the_headers(self, client):
        response = client.get("/", HTTP_HOST="gia-mao.example")
        assert response.status_code == 400
        assert_public_headers(response)

    def test_refused_form_carries_the_headers(self):
        draft = ConsultationDraftFactory()
        response = Client(enforce_csrf_checks=True).post(f"/theo-doi/{draft.pk}/", {"email": "an@example.vn"})
        assert response.status_code == 403
        assert_public_headers(response)
        assert_nothing_inline(response.content.decode())

    @pytest.mark.parametrize(("path", "status"), [("/loi-bat-ngo/", 500), ("/co-so-du-lieu-mat/", 503)])
    def test_server_errors_carry_the_headers(self, production_like, path, status):
        production_like.ROOT_URLCONF = "tests.error_urls"
        response = Client(raise_request_exception=False).get(path)
        assert response.status_code == status
        assert_public_headers(response)
        assert_nothing_inline(response.content.decode())


@pytest.mark.django_db
@pytest.mark.usefixtures("production_like")
class TestAdminPages:
    def test_sign_in_page_carries_the_admin_policy(self, client):
        response = client.get(reverse("wagtailadmin_login"))
        assert response.status_code == 200
        assert_admin_headers(response)

    def test_admin_pages_carry_the_admin_policy(self, client, draft):
        client.force_login(get_user_model().objects.create_superuser("quantri", "quantri@example.invalid", "x"))
        unit = Unit.objects.order_by("pk").first()
        pages = [
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_pages:edit", args=[draft.pk]),
            reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk]),
            reverse("wagtailsnippets_policies_unit:edit", args=[unit.pk]),
            reverse("wagtailsnippets_policies_comment:list"),
            reverse("reports_report") + "?period=2026-H1",
            reverse("outreach_import"),
            reverse("admin_guide:index"),
        ]
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            assert_admin_headers(response)
        missing = client.get("/admin/khong-co-trang-nay/")
        assert missing.status_code == 404
        assert_admin_headers(missing)


@pytest.fixture
def deployed(transactional_db, tmp_path):
    """The app under gunicorn with cms.settings.production, sharing this test's database."""
    from django.db import connection

    from home.setup import ensure_page_tree

    ensure_page_tree()  # a transactional test starts from an emptied database
    draft = ConsultationDraftFactory()
    with production_app(database_url(connection.settings_dict), tmp_path) as app:
        app.start()
        yield app, draft.url


class TestUnderGunicorn:
    def test_public_cached_and_admin_answers_carry_the_headers(self, deployed):
        app, draft_url = deployed
        for path in ["/", "/khong-co-trang-nay/", draft_url]:
            assert_public_headers(app.request("GET", path).headers)
        cached = app.request("GET", draft_url)
        assert cached.headers["X-Page-Cache"] == "hit"
        assert_public_headers(cached.headers)
        assert_admin_headers(app.request("GET", "/admin/login/").headers)
