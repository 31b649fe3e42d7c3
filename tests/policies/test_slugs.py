import html as html_lib
import json
import re
import unicodedata

from wagtail.models import Page, get_page_models

import pytest

from policies.models import DraftPage
from policies.slugs import MAX_SLUG_LENGTH, AsciiSlugPage, ascii_slug, slug_formatters, vietnamese_letters
from tests.factories import (
    DraftPageFactory,
    UnitFactory,
    draft_index,
)

TITLE = "Quy định mức hỗ trợ đào tạo nghề cho đồng bào dân tộc thiểu số"


class TestAsciiSlug:
    def test_folds_vietnamese_letters_the_portal_way(self):
        assert ascii_slug("Đường Điện Biên Phủ") == "duong-dien-bien-phu"
        assert ascii_slug("Ưu đãi thuế, phí: hộ kinh doanh!") == "uu-dai-thue-phi-ho-kinh-doanh"

    def test_decomposed_input_gives_the_same_slug(self):
        assert ascii_slug(unicodedata.normalize("NFD", TITLE)) == ascii_slug(TITLE)

    def test_stops_at_a_word_within_the_limit(self):
        slug = ascii_slug(TITLE)
        assert slug == "quy-dinh-muc-ho-tro-dao-tao-nghe-cho"
        assert len(slug) <= MAX_SLUG_LENGTH

    def test_a_short_title_keeps_every_word(self):
        assert ascii_slug("Quản lý chợ 2026 - 2030") == "quan-ly-cho-2026-2030"

    def test_one_overlong_word_is_cut(self):
        assert ascii_slug("a" * 60) == "a" * MAX_SLUG_LENGTH

    def test_nothing_to_fold_gives_an_empty_slug(self):
        assert ascii_slug(" – \u200b ") == ""


class TestAdminScriptFormatters:
    """Replays in Python what the admin's slug script does with the formatters, to match the server."""

    def script_urlify(self, text):
        for pattern, replacement in slug_formatters():
            text = re.sub(pattern, replacement.replace("$1", r"\1"), text)
        text = re.sub(r"[^-\w\s]", "", text.lower(), flags=re.ASCII)
        return re.sub(r"[-\s]+", "-", text).strip("-")

    def test_title_gives_the_server_slug(self):
        for title in (TITLE, "Ưu đãi thuế, phí cho hộ kinh doanh nhỏ", "Quản lý chợ"):
            assert self.script_urlify(title) == ascii_slug(title)

    def test_every_vietnamese_letter_is_folded(self):
        letters = "".join(vietnamese_letters().values())
        assert len(letters) == 134  # 12 vowels × 5 tones, 7 of them also toneless, in both cases; and đ, Đ
        assert self.script_urlify(letters).isascii()


@pytest.mark.django_db
class TestNewPagesGetAsciiSlugs:
    def test_every_page_type_folds_its_slug(self):
        for model in get_page_models():
            if model is not Page:
                assert issubclass(model, AsciiSlugPage), model

    def test_every_page_types_admin_form_folds_and_cuts_the_slug(self, admin_client):
        index = draft_index()
        draft = DraftPageFactory(parent=index)
        for page in (index.get_parent(), index, draft):
            html = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
            slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
            assert "allow-unicode" not in slug_input, page  # Django omits an attribute set to False
            formatters = json.loads(html_lib.unescape(re.search(r'formatters-value="([^"]*)"', slug_input).group(1)))
            assert [replacement for _regex, replacement in formatters] == [r for _p, r in slug_formatters()], page

    def test_a_page_made_in_code_without_slug_gets_it_from_the_title(self):
        index = draft_index()
        first = index.add_child(
            instance=DraftPage(title=TITLE, code="DT-S-1", summary="x", drafting_unit=UnitFactory())
        )
        second = index.add_child(
            instance=DraftPage(title=TITLE, code="DT-S-2", summary="x", drafting_unit=UnitFactory())
        )
        assert first.slug == "quy-dinh-muc-ho-tro-dao-tao-nghe-cho"
        assert second.slug == "quy-dinh-muc-ho-tro-dao-tao-nghe-cho-2"
        assert first.url == "/du-thao/quy-dinh-muc-ho-tro-dao-tao-nghe-cho/"

    def test_a_vietnamese_slug_typed_for_a_new_page_is_folded(self):
        draft = DraftPageFactory(parent=draft_index(), slug="quy-định-đào-tạo-nghề")
        draft.refresh_from_db()
        assert draft.slug == "quy-dinh-dao-tao-nghe"

    def test_an_ascii_slug_chosen_by_the_editor_is_kept(self):
        draft = DraftPageFactory(parent=draft_index(), slug="dao-tao-nghe-cho-dong-bao-dan-toc-thieu-so-2026")
        assert draft.slug == "dao-tao-nghe-cho-dong-bao-dan-toc-thieu-so-2026"


@pytest.mark.django_db
class TestExistingPagesKeepTheirSlugs:
    @pytest.fixture
    def old_draft(self):
        """A draft published before slugs were folded: its notice is already on bulletin boards."""
        draft = DraftPageFactory(parent=draft_index())
        Page.objects.filter(pk=draft.pk).update(
            slug="quy-định-cũ", url_path=f"{draft.get_parent().url_path}quy-định-cũ/"
        )
        return DraftPage.objects.get(pk=draft.pk)

    def test_saving_an_old_page_keeps_its_slug(self, old_draft):
        old_draft.title = "Quy định cũ, sửa tiêu đề"
        old_draft.save_revision().publish()
        old_draft.refresh_from_db()
        assert old_draft.slug == "quy-định-cũ"

    def test_a_changed_slug_is_folded(self, old_draft):
        old_draft.slug = "quy-định-mới"
        old_draft.save()
        old_draft.refresh_from_db()
        assert old_draft.slug == "quy-dinh-moi"

    def test_notice_and_loudspeaker_show_the_old_address_readable(self, client, old_draft):
        notice = client.get(old_draft.url + "in/").content.decode()
        printed = re.sub(r"<[^>]+>", "", re.search(r'<span class="url">(.*?)</span></li>', notice).group(1))
        spoken = client.get(old_draft.url + "loa/", {"tai": "1"}).content.decode()
        assert printed == "testserver/du-thao/quy-định-cũ/gop-y/"
        assert "vào trang testserver/du-thao/quy-định-cũ/gop-y/;" in spoken and "%" not in spoken
