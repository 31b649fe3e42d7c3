"""Queries of public pages the page cache has no copy of: few for a draft, as many for 25 drafts as for 200."""

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents.models import Document

import pytest

from cms import page_cache
from policies.models import AudienceVersion
from policies.setup import setup_audience_languages
from tests.factories import (
    CommentFactory,
    DraftPageFactory,
    PolicyFieldFactory,
    SynthesisFactory,
    UnitFactory,
    draft_index,
)


def section(anchor, number, heading):
    body = "<p>Hộ gia đình được miễn thuế theo mức quy định tại điều này.</p>"
    return ("section", {"kind": "article", "number": number, "heading": heading, "anchor": anchor, "body": body})


def realistic_draft(settings, tmp_path):
    """Sections, attachments, comments (named, anonymous, answered), a published synthesis, a full timeline,
    two audience versions."""
    settings.MEDIA_ROOT = str(tmp_path)
    draft = DraftPageFactory(
        parent=draft_index(),
        title="Miễn thuế sử dụng đất nông nghiệp",
        sections=[section(f"dieu-{n}", f"Điều {n}", f"Nội dung {n}") for n in range(1, 8)],
        policy_fields=PolicyFieldFactory.create_batch(2),
        coordinating_units=UnitFactory.create_batch(2),
        necessity="<p>Cần thiết.</p>",
        changes=[("item", {"title": "Mở rộng đối tượng", "explanation": "Thêm hộ thuê đất."})],
        proposal_opens="2026-01-05",
        proposal_closes="2026-02-05",
    )
    for number, kind in enumerate(("draft_text", "impact"), 1):
        document = Document(title=f"Tài liệu {number}")
        document.file.save(f"tai-lieu-{number}.pdf", ContentFile(b"%PDF-1.4 demo"), save=False)
        document.save()
        draft.attachments.create(kind=kind, document=document)
    for number in range(30):
        CommentFactory(
            draft=draft,
            state="approved",
            publish_as="anonymous" if number % 3 else "name",
            section="dieu-2" if number % 2 else "",
            handling="taken_in" if number % 5 == 0 else "",
            response="Tiếp thu, đã sửa Điều 2." if number % 5 == 0 else "",
        )
    CommentFactory(draft=draft, state="pending")
    SynthesisFactory(draft=draft, published=True)
    languages = setup_audience_languages()
    for code in ("jra", "bdq"):  # two audience versions, linked from the page
        draft.audience_versions.add(AudienceVersion(language=languages[code], summary=f"Tóm tắt {code}"))
    draft.save_revision().publish()
    return draft


def uncached_queries(client, url):
    """Queries of `url` with no stored copy of the page; Wagtail's site root paths, the identity and the
    view restrictions stay in the cache, as they do in production."""
    page_cache.drop_all()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    assert response.get("X-Page-Cache") != "hit"
    return len(queries)


@pytest.mark.django_db
class TestDraftPageQueries:
    def test_an_uncached_draft_page_takes_at_most_eight_queries(
        self, client, settings, tmp_path, django_assert_max_num_queries
    ):
        draft = realistic_draft(settings, tmp_path)
        html = client.get(draft.url).content.decode()
        assert "Tài liệu 2" in html and "Điều 7" in html and "Người góp ý 1<" in html and "Tóm tắt bdq" in html
        page_cache.drop_all()
        with django_assert_max_num_queries(8):
            assert client.get(draft.url).status_code == 200

    def test_the_second_page_of_comments_is_numbered_across_the_draft(self, client, settings, tmp_path):
        draft = realistic_draft(settings, tmp_path)
        html = client.get(draft.url, {"trang": 2}).content.decode()
        # 30 comments, every third named: 20 anonymous, numbered 1-20 in order; the second page holds 14-20.
        assert "Trang 2/2" in html and "Người góp ý 20<" in html
        assert "Người góp ý 1<" not in html

    def test_sub_pages_take_few_queries(self, client, settings, tmp_path):
        draft = realistic_draft(settings, tmp_path)
        for suffix in ("in/", "loa/", "tong-hop/"):
            client.get(draft.url + suffix)
            assert uncached_queries(client, draft.url + suffix) <= 8, suffix


@pytest.mark.django_db
class TestListsTakeAsManyQueriesFor200Drafts:
    URLS = ("/du-thao/", "/du-thao/?trang_thai=open&trang=2", "/tim-kiem/?q=thue", "/du-thao/rss/", "/sitemap.xml")

    def make(self, count, index, fields, units):
        for number in range(count):
            DraftPageFactory(
                parent=index,
                title=f"Thuế và phí số {number}",
                drafting_unit=units[number % len(units)],
                policy_fields=fields,
                coordinating_units=units[:2],
            )

    def test_query_counts_do_not_grow_from_25_to_200_drafts(self, client):
        index = draft_index()
        fields = PolicyFieldFactory.create_batch(3)
        units = UnitFactory.create_batch(5)
        self.make(25, index, fields, units)  # three pages of ten: the second page exists at both sizes
        for url in self.URLS:
            client.get(url)  # Wagtail's site root paths, once
        few = {url: uncached_queries(client, url) for url in self.URLS}
        self.make(175, index, fields, units)
        many = {url: uncached_queries(client, url) for url in self.URLS}
        assert many == few
