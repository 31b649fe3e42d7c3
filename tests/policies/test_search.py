import unicodedata

import pytest

from policies.views.search import search_drafts
from tests.factories import (
    DraftPageFactory,
    draft_index,
)


@pytest.fixture
def drafts(db):
    index = draft_index()
    return {
        "thue": DraftPageFactory(parent=index, title="Miễn giảm thuế cho hộ kinh doanh", summary="Giảm thuế."),
        "thue_nha": DraftPageFactory(parent=index, title="Hỗ trợ tiền thuê nhà cho học sinh", summary="Thuê nhà."),
        "dat": DraftPageFactory(parent=index, title="Quản lý đất đai ở thôn", summary="Giao đất sản xuất."),
        "cho": DraftPageFactory(parent=index, title="Quản lý chợ trung tâm xã", summary="Trật tự chợ."),
    }


def found(query):
    return [draft.pk for draft in search_drafts(query)]


@pytest.mark.django_db
class TestFoldedSearch:
    def test_without_diacritics_finds_with_diacritics(self, drafts):
        assert drafts["thue"].pk in found("thue")
        assert found("dat dai") == [drafts["dat"].pk]

    def test_decomposed_input_finds_composed_text(self, drafts):
        nfd = unicodedata.normalize("NFD", "đất đai")
        assert nfd != "đất đai"
        assert found(nfd) == [drafts["dat"].pk]

    def test_exact_vietnamese_match_ranks_first(self, drafts):
        assert found("thuế")[:2] == [drafts["thue"].pk, drafts["thue_nha"].pk]
        assert found("thuê")[:2] == [drafts["thue_nha"].pk, drafts["thue"].pk]

    def test_case_and_spacing_do_not_matter(self, drafts):
        assert found("  ĐẤT   ĐAI ") == [drafts["dat"].pk]

    def test_unpublished_drafts_are_not_found(self, drafts):
        drafts["cho"].unpublish()
        assert found("cho trung tam") == []

    def test_word_beginnings_are_found(self, drafts):
        assert drafts["cho"].pk in found("trung ta")


@pytest.mark.django_db
class TestSearchPage:
    def test_lists_results_with_links(self, client, drafts):
        response = client.get("/tim-kiem/", {"q": "dat dai"})
        html = response.content.decode()
        assert response.status_code == 200
        assert drafts["dat"].url in html and "1 kết quả" in html

    def test_empty_query_asks_for_words(self, client, drafts):
        assert "Nhập từ cần tìm" in client.get("/tim-kiem/", {"q": "   "}).content.decode()

    @pytest.mark.parametrize(
        "query", ["\x00", "a" * 5000, "<script>alert(1)</script>", "‮thue", "%", "AND OR NOT", '"']
    )
    def test_odd_input_never_fails_and_is_escaped(self, client, drafts, query):
        response = client.get("/tim-kiem/", {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["dat dai", "đất đai", unicodedata.normalize("NFD", "đất đai"), "ĐẤT", "dat"])
def test_admin_page_search_ignores_diacritics_and_unicode_form(client, drafts, make_user, query):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    response = client.get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quản lý đất đai ở thôn" in html
    assert "Quản lý chợ trung tâm xã" not in html
