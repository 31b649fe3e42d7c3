"""The home page: served from the page cache, and as many queries without it for 10 open drafts as for 200."""

import pytest

from tests.factories import DraftPageFactory, UnitFactory, draft_index
from tests.policies.test_public_queries import uncached_queries


def hit(response):
    return response.get("X-Page-Cache") == "hit"


@pytest.mark.django_db
class TestHomePage:
    def test_second_visit_is_a_hit_and_publishing_a_draft_drops_it(self, client):
        index = draft_index()
        unit = UnitFactory()
        client.get("/")
        assert hit(client.get("/"))
        DraftPageFactory(
            parent=index, title="Phí thu gom rác", drafting_unit=unit, live=False
        ).save_revision().publish()
        response = client.get("/")
        assert not hit(response) and "Phí thu gom rác" in response.content.decode()

    def test_republishing_the_home_page_drops_every_stored_page(self, client):
        index = draft_index()
        for url in ("/", index.url):
            client.get(url)
        home = index.get_parent().specific
        home.intro = "Mời người dân góp ý."
        home.save_revision().publish()
        assert not hit(client.get(index.url))
        assert "Mời người dân góp ý." in client.get("/").content.decode()

    def test_query_count_does_not_grow_from_10_to_200_drafts(self, client):
        index = draft_index()
        units = UnitFactory.create_batch(3)
        for number in range(10):
            DraftPageFactory(parent=index, drafting_unit=units[number % 3])
        client.get("/")
        few = uncached_queries(client, "/")
        for number in range(190):
            DraftPageFactory(parent=index, drafting_unit=units[number % 3])
        assert uncached_queries(client, "/") == few
