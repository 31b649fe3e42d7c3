"""The moderators' comment list: sections named as the draft names them, and a search blind to diacritics."""

import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from policies import roles
from policies.naming import FOLD_FROM, FOLD_TO, Folded, fold
from tests.factories import CommentFactory, ConsultationDraftFactory

# Attachments and uploads go to throw-away folders (tests/policies/conftest.py).
pytestmark = pytest.mark.usefixtures("private_media")

INDEX = "wagtailsnippets_policies_comment:list"


def section(anchor, number, heading):
    return ("section", {"kind": "article", "number": number, "heading": heading, "anchor": anchor, "body": "<p>x</p>"})


@pytest.fixture
def setup(db, unit, other_unit, make_user):
    draft = ConsultationDraftFactory(
        drafting_unit=unit,
        sections=[section("dieu-1", "Điều 1", "Phạm vi điều chỉnh"), section("dieu-3", "Điều 3", "Mức hỗ trợ")],
    )
    other_draft = ConsultationDraftFactory(drafting_unit=other_unit)
    return {
        "moderator": make_user(role=roles.MODERATOR, units=[unit]),
        "draft": draft,
        "tax": CommentFactory(draft=draft, section="dieu-3", body="Đề nghị miễn thuế hộ nghèo.", name="Lê Văn Hải"),
        "named": CommentFactory(draft=draft, section="", body="Cần làm rõ đối tượng.", name="Nguyễn Thị Lựu"),
        "gone": CommentFactory(draft=draft, section="dieu-9", body="Điều này đã bị bỏ.", name="Trần Văn Tâm"),
        # Another unit's comment that matches every search below: it must never show.
        "other": CommentFactory(
            draft=other_draft, section="dieu-3", body="Thuế của đơn vị khác.", name="Nguyễn Văn Ngoài"
        ),
    }


def receipts(html):
    return set(re.findall(r'<a href="/admin/policies/comment/inspect/\d+/">\s*([^<\s]+)\s*</a>', html))


def listing(client, user, **params):
    client.force_login(user)
    response = client.get(reverse(INDEX), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
class TestSectionTitles:
    def test_listing_shows_the_sections_title_not_its_anchor(self, client, setup):
        html = listing(client, setup["moderator"])
        assert '<span class="section-title">Điều 3. Mức hỗ trợ</span>' in html
        assert ">dieu-3<" not in html

    def test_a_section_the_draft_no_longer_has_shows_its_anchor(self, client, setup):
        html = listing(client, setup["moderator"])
        assert '<span class="section-title">dieu-9</span>' in html

    def test_inspect_view_names_the_section(self, client, setup):
        client.force_login(setup["moderator"])
        url = reverse("wagtailsnippets_policies_comment:inspect", args=[setup["tax"].pk])
        html = client.get(url).content.decode()
        assert "Điều 3. Mức hỗ trợ" in html and "dieu-3" not in html

    def test_section_filter_offers_titles(self, client, setup):
        html = listing(client, setup["moderator"])
        assert '<option value="dieu-3">Điều 3. Mức hỗ trợ</option>' in html
        assert '<option value="dieu-9">dieu-9</option>' in html
        filtered = listing(client, setup["moderator"], section="dieu-3")
        assert receipts(filtered) == {setup["tax"].receipt}

    def test_export_names_the_section(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.get(reverse(INDEX), {"export": "xlsx"})
        content = b"".join(response.streaming_content) if response.streaming else response.content
        rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
        column = rows[0].index("Chương, điều")
        by_receipt = {row[0]: row[column] for row in rows[1:]}
        assert by_receipt[setup["tax"].receipt] == "Điều 3. Mức hỗ trợ"

    def test_titles_cost_no_query_per_row(self, client, setup):
        client.force_login(setup["moderator"])
        client.get(reverse(INDEX))  # warm caches (site, permissions)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse(INDEX))
        for number in range(20):
            CommentFactory(draft=setup["draft"], section="dieu-1", body=f"Góp ý thêm số {number}")
        with CaptureQueriesContext(connection) as many:
            html = client.get(reverse(INDEX)).content.decode()
        assert html.count("Điều 1. Phạm vi điều chỉnh</span>") == 20
        assert len(many) == len(few)


@pytest.mark.django_db
class TestFoldedSearch:
    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("thue", "tax"),
            ("THUE ho ngheo", "tax"),
            ("thuế", "tax"),
            ("Nguyen", "named"),
            ("Nguyễn Thị", "named"),
            ("nguyen thi luu", "named"),
            ("hai", "tax"),
        ],
    )
    def test_search_ignores_case_and_diacritics(self, client, setup, typed, expected):
        assert receipts(listing(client, setup["moderator"], q=typed)) == {setup[expected].receipt}

    def test_search_by_receipt(self, client, setup):
        receipt = setup["named"].receipt
        assert receipts(listing(client, setup["moderator"], q=receipt.lower())) == {receipt}

    def test_search_never_reaches_another_units_comments(self, client, setup):
        for typed in ("thue", "Nguyen", "ngoai", setup["other"].receipt):
            assert setup["other"].receipt not in receipts(listing(client, setup["moderator"], q=typed))

    def test_nothing_matches_a_word_no_comment_has(self, client, setup):
        assert receipts(listing(client, setup["moderator"], q="thue xyzabc")) == set()


@pytest.mark.django_db
class TestFoldedExpression:
    def test_sql_folding_agrees_with_fold_on_vietnamese_text(self, setup):
        from policies.models import Comment

        text = "Ủy ban Nhân dân xã Ia Đal: ĐỀ NGHỊ giảm THUẾ, hỗ trợ người Ê Đê và Xơ Đăng"
        comment = CommentFactory(draft=setup["draft"], body=text)
        folded = Comment.objects.annotate(folded=Folded("body")).get(pk=comment.pk).folded
        assert " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split()) == fold(text)

    def test_text_in_decomposed_form_folds_too(self, setup):
        import unicodedata

        from policies.models import Comment

        comment = CommentFactory(draft=setup["draft"], body=unicodedata.normalize("NFD", "thuế Nguyễn"))
        assert Comment.objects.annotate(folded=Folded("body")).get(pk=comment.pk).folded == "thue nguyen"

    def test_translation_table_pairs_letters(self):
        # translate() drops the characters past the end of the target: only the combining marks may be there.
        extra = FOLD_FROM[len(FOLD_TO) :]
        assert extra and all(0x300 <= ord(char) < 0x370 for char in extra)
        assert {"đ", "Đ", "ư", "Ữ", "ễ", "A"} <= set(FOLD_FROM[: len(FOLD_TO)])
