import datetime
import re

from django.utils import timezone

import pytest
from defusedxml import ElementTree

from tests.factories import (
    DraftPageFactory,
    draft_index,
)

DAY = datetime.timedelta(days=1)
ATOM = "http://www.w3.org/2005/Atom"


@pytest.fixture
def index(db):
    index = draft_index()
    index.contact_hotline = "0999 888 777"
    index.contact_address = "Số 1 đường Bí Mật"
    index.save()
    return index


def items(response):
    root = ElementTree.fromstring(response.content)
    return root.findall("./channel/item")


@pytest.mark.django_db
class TestDraftFeed:
    def test_is_valid_rss_with_every_published_draft_newest_first(self, client, index):
        now = timezone.now()
        DraftPageFactory(parent=index, title="Cũ", first_published_at=now - 10 * DAY)
        DraftPageFactory(parent=index, title="Mới", first_published_at=now - DAY)
        DraftPageFactory(parent=index, title="Chưa đăng", live=False)
        response = client.get("/du-thao/rss/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/rss+xml")
        titles = [item.findtext("title") for item in items(response)]
        assert [title.split(" – ", 1)[1] for title in titles] == ["Mới", "Cũ"]
        for item in items(response):
            assert item.findtext("link").startswith("http://testserver/du-thao/")
            assert item.findtext("pubDate")

    def test_open_drafts_carry_their_deadline(self, client, index):
        closes = timezone.now() + 3 * DAY
        DraftPageFactory(parent=index, consultation_closes=closes)
        description = items(client.get("/du-thao/rss/"))[0].findtext("description")
        assert "Lấy ý kiến đến " + timezone.localtime(closes).strftime("%H:%M, %d/%m/%Y") + "." in description

    def test_items_say_nothing_that_goes_stale_in_a_reader(self, client, index):
        """A reader keeps the text it fetched: no count of days left, nor "đang" (now) open."""
        DraftPageFactory(parent=index, summary="Tóm tắt.", consultation_closes=timezone.now() + 3 * DAY)
        description = items(client.get("/du-thao/rss/"))[0].findtext("description")
        assert re.search(r"còn \d+ ngày", description, re.IGNORECASE) is None, description
        assert "Đang lấy ý kiến" not in description

    def test_items_carry_the_drafts_publication_and_update_dates(self, client, index):
        published = datetime.datetime(2026, 3, 2, 8, 30, tzinfo=datetime.UTC)
        updated = datetime.datetime(2026, 3, 9, 14, 5, tzinfo=datetime.UTC)
        DraftPageFactory(parent=index, first_published_at=published, last_published_at=updated)
        response = client.get("/du-thao/rss/")
        item = items(response)[0]
        assert item.findtext("pubDate") == "Mon, 02 Mar 2026 08:30:00 +0000"
        assert item.findtext(f"{{{ATOM}}}updated") == "2026-03-09T14:05:00+00:00"
        channel = ElementTree.fromstring(response.content).find("channel")
        assert channel.findtext("lastBuildDate") == "Mon, 09 Mar 2026 14:05:00 +0000"

    def test_a_draft_never_republished_has_no_update_date(self, client, index):
        DraftPageFactory(parent=index, last_published_at=None)
        item = items(client.get("/du-thao/rss/dang-lay-y-kien/"))[0]
        assert item.findtext("pubDate") and item.find(f"{{{ATOM}}}updated") is None

    def test_holds_no_contact_data_and_escapes_markup(self, client, index):
        DraftPageFactory(parent=index, title="<b>Đậm</b> & ]]>", summary="<script>x</script>")
        response = client.get("/du-thao/rss/")
        body = response.content.decode()
        assert "0999 888 777" not in body and "Bí Mật" not in body and "@" not in body
        assert "<script>" not in body
        assert items(response)[0].findtext("title").endswith("<b>Đậm</b> & ]]>")

    def test_index_page_links_to_the_feed(self, client, index):
        assert 'type="application/rss+xml"' in client.get(index.url).content.decode()
