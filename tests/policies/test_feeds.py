import datetime

from django.utils import timezone

import pytest
from defusedxml import ElementTree

from tests.factories import (
    DraftPageFactory,
    draft_index,
)

DAY = datetime.timedelta(days=1)


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
        assert "Đang lấy ý kiến đến " + timezone.localtime(closes).strftime("%d/%m/%Y %H:%M") in description
        assert "còn 3 ngày" in description

    def test_holds_no_contact_data_and_escapes_markup(self, client, index):
        DraftPageFactory(parent=index, title="<b>Đậm</b> & ]]>", summary="<script>x</script>")
        response = client.get("/du-thao/rss/")
        body = response.content.decode()
        assert "0999 888 777" not in body and "Bí Mật" not in body and "@" not in body
        assert "<script>" not in body
        assert items(response)[0].findtext("title").endswith("<b>Đậm</b> & ]]>")

    def test_index_page_links_to_the_feed(self, client, index):
        assert 'type="application/rss+xml"' in client.get(index.url).content.decode()
