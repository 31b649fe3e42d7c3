from django.utils.encoding import iri_to_uri

import pytest
from bs4 import BeautifulSoup

from tests.factories import (
    DraftPageFactory,
    draft_index,
)

TITLE = 'Quy định "mức hỗ trợ" <b>học sinh</b> & con em đồng bào'
SUMMARY = "Hỗ trợ tiền ăn <script>alert(1)</script> cho học sinh bán trú & nội trú."


def head_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def og(head, name):
    tag = head.find("meta", attrs={"property": f"og:{name}"})
    return tag["content"] if tag else None


@pytest.fixture
def draft(db):
    return DraftPageFactory(parent=draft_index(), title=TITLE, summary=SUMMARY, slug="quy-đinh-ho-tro")


@pytest.mark.django_db
class TestDraftShareTags:
    def test_draft_page_carries_open_graph_tags_for_zalo_and_facebook(self, client, draft):
        head = head_of(client.get(draft.url))
        assert og(head, "title") == TITLE
        assert og(head, "description") == SUMMARY
        assert og(head, "type") == "website"
        assert og(head, "locale") == "vi_VN"
        assert og(head, "site_name") == "Cổng truyền thông dự thảo chính sách"
        assert head.find("meta", attrs={"name": "description"})["content"] == SUMMARY

    def test_og_url_is_absolute_and_ascii(self, client, draft):
        url = og(head_of(client.get(draft.url)), "url")
        assert url == "http://testserver" + iri_to_uri(draft.url)
        assert url.isascii() and url.startswith("http://testserver/du-thao/")
        assert client.get(url.removeprefix("http://testserver")).status_code == 200

    def test_og_url_follows_https_behind_the_proxy(self, client, draft, settings):
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        url = og(head_of(client.get(draft.url, HTTP_HOST="testserver", HTTP_X_FORWARDED_PROTO="https")), "url")
        assert url.startswith("https://testserver/du-thao/")

    def test_markup_in_title_and_summary_is_escaped(self, client, draft):
        html = client.get(draft.url).content.decode()
        head = html[: html.index("</head>")]
        assert "<b>học sinh</b>" not in head and "<script>alert(1)" not in head
        assert 'content="Quy định &quot;mức hỗ trợ&quot; &lt;b&gt;học sinh&lt;/b&gt; &amp; con em' in head

    def test_sub_pages_share_their_own_address(self, client, draft):
        head = head_of(client.get(draft.url + "gop-y/"))
        assert og(head, "url") == "http://testserver" + iri_to_uri(draft.url) + "gop-y/"
        assert og(head, "title") == TITLE

    def test_editor_search_description_is_the_meta_description_summary_stays_the_share_text(self, client, draft):
        draft.search_description = "Mô tả cho máy tìm kiếm"
        draft.save_revision().publish()
        head = head_of(client.get(draft.url))
        assert head.find("meta", attrs={"name": "description"})["content"] == "Mô tả cho máy tìm kiếm"
        assert og(head, "description") == SUMMARY
