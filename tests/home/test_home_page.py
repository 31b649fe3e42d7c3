from pathlib import Path

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage
from tests.factories import HomePageFactory


@pytest.mark.django_db
class TestHomePage(WagtailPageTestCase):
    def setUp(self):
        root = Page.get_first_root_node()
        self.home = HomePageFactory(parent=root, slug="trang-chu")
        # Site.save() (unlike a queryset update) clears Wagtail's cached site root paths.
        for site in Site.objects.all():
            site.root_page = self.home
            site.save()

    def test_is_renderable(self):
        self.assertPageIsRenderable(self.home)

    def test_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_is_accessible_and_light(self):
        response = self.client.get("/")
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="vi">' in html
        assert 'href="#noi-dung"' in html and 'id="noi-dung"' in html
        for landmark in ("<header", "<nav", "<main", "<footer"):
            assert landmark in html
        assert "<script" not in html
        assert len(response.content) < 20_000

    def test_first_load_including_stylesheet_is_under_60_kb(self):
        from django.contrib.staticfiles import finders

        html = self.client.get("/").content
        css = Path(finders.find("css/site.css")).read_bytes()
        assert len(html) + len(css) < 60_000


@pytest.mark.django_db
class TestHomeListsOpenConsultations:
    def test_open_drafts_are_listed_closing_soonest_first(self, client):
        import datetime

        from django.utils import timezone

        from tests.factories import DraftPageFactory, draft_index

        index = draft_index()
        now = timezone.now()
        later = DraftPageFactory(
            parent=index, title="Dự thảo đóng sau", consultation_closes=now + datetime.timedelta(days=9)
        )
        sooner = DraftPageFactory(
            parent=index, title="Dự thảo đóng trước", consultation_closes=now + datetime.timedelta(days=2)
        )
        DraftPageFactory(
            parent=index,
            title="Dự thảo đã hết hạn",
            consultation_opens=now - datetime.timedelta(days=30),
            consultation_closes=now - datetime.timedelta(days=1),
        )
        html = client.get("/").content.decode()
        assert html.index(sooner.title) < html.index(later.title)
        assert "Dự thảo đã hết hạn" not in html
        assert "Còn 2 ngày để góp ý" in html

    def test_no_open_draft_says_so(self, client):
        from tests.factories import draft_index

        draft_index()
        assert "Hiện chưa có dự thảo nào đang lấy ý kiến." in client.get("/").content.decode()
