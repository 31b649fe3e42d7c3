import io

from django.utils.encoding import iri_to_uri

from wagtail.models import PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from PIL import Image

from tests.factories import (
    DraftPageFactory,
    draft_index,
)

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_locations(client, address="/sitemap.xml"):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return [loc.text for loc in root.findall("./s:url/s:loc", NS)]


@pytest.mark.django_db
class TestSitemap:
    def test_lists_live_drafts_and_public_pages_never_unpublished_or_private_ones(self, client):
        index = draft_index()
        live = DraftPageFactory(parent=index, title="Đang công bố")
        never_published = DraftPageFactory(parent=index, title="Bản nháp", live=False)
        withdrawn = DraftPageFactory(parent=index, title="Đã gỡ")
        withdrawn.unpublish()
        private = DraftPageFactory(parent=index, title="Nội bộ")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        locations = sitemap_locations(client)
        # Addresses on the site Wagtail knows (Settings → Sites), pages and views alike.
        root = Site.objects.get(is_default_site=True).root_url
        assert root + iri_to_uri(live.url) in locations
        for path in ("/", "/du-thao/", "/so-lieu-cong-khai/", "/tap-huan/"):
            assert root + path in locations
        assert all(location.startswith(root + "/") for location in locations)
        for hidden in (never_published, withdrawn, private):
            assert root + iri_to_uri(hidden.url) not in locations, hidden.title
            assert not any(hidden.slug in location for location in locations), hidden.title
        assert not any("/admin/" in location or "gop-y" in location for location in locations)
        # Every address listed is a page a crawler can read, so the checks above read the real sitemap.
        for location in locations:
            assert client.get(location.removeprefix(root)).status_code == 200, location

    def test_robots_points_to_the_sitemap(self, client):
        sitemap = next(line for line in robots_lines(client) if line.startswith("Sitemap:"))
        assert sitemap == "Sitemap: http://testserver/sitemap.xml"
        draft_index()
        locations = sitemap_locations(client, sitemap.split(" ", 1)[1].removeprefix("http://testserver"))
        root = Site.objects.get(is_default_site=True).root_url
        assert root + "/du-thao/" in locations


def robots_lines(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode().splitlines()


@pytest.mark.django_db
class TestRobots:
    def test_allows_public_pages_and_keeps_crawlers_out_of_admin_and_forms(self, client):
        lines = robots_lines(client)
        assert lines[0] == "User-agent: *"
        assert "Allow: /" in lines
        for path in ("/admin/", "/*/gop-y/", "/gop-y/", "/theo-doi/", "/tim-kiem/"):
            assert f"Disallow: {path}" in lines
        assert "Disallow: /" not in lines and "Disallow: /du-thao/" not in lines


@pytest.mark.django_db
class TestFavicon:
    def test_favicon_is_served_as_a_small_icon(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/x-icon"
        assert "max-age" in response["Cache-Control"]
        assert len(response.content) < 10_000
        icon = Image.open(io.BytesIO(response.content))
        assert icon.format == "ICO"
        assert {(16, 16), (32, 32)} <= set(icon.info["sizes"])

    def test_every_page_names_its_icon(self, client):
        draft_index()
        for path in ("/", "/du-thao/", "/tim-kiem/", "/gop-y/tra-cuu/"):
            link = BeautifulSoup(client.get(path).content, "html.parser").head.find("link", rel="icon")
            assert link is not None, path
            icon = client.get(link["href"])
            assert icon.status_code == 200 and icon["Content-Type"].startswith("image/"), path
