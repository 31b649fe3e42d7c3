"""The moderator's comment list at 1366 px, in Chromium: section titles, rows that do not wrap badly, and a
search that finds "thuế" when the moderator types "thue"."""

import re
from pathlib import Path

import pytest

from policies.models import Comment, DraftPage
from tests.browser.admin_session import sign_in
from tests.factories import CommentFactory

OUTPUT = Path(__file__).resolve().parent.parent / "output"


@pytest.fixture
def commented(site_data):
    """Two comments on articles of the demo's open draft, in the moderator's unit."""
    draft = DraftPage.objects.get(code="DT-2026-01")
    articles = [(anchor, label) for anchor, label in draft.section_choices() if label.startswith("Điều")]
    assert len(articles) >= 2, "the demo draft has articles"
    tax = CommentFactory(
        draft=draft,
        section=articles[0][0],
        body="Đề nghị miễn thuế đất cho hộ nghèo ở làng xa.",
        name="Nguyễn Thị Thu",
        state=Comment.State.PENDING,
    )
    other = CommentFactory(
        draft=draft,
        section=articles[1][0],
        body="Mức hỗ trợ nên tính theo số con đi học.",
        name="A Thái",
        state=Comment.State.PENDING,
    )
    return {"tax": tax, "other": other, "labels": dict(articles)}


# Lines the text of an element takes on screen: the distinct tops of the boxes its words lay out in.
LINES_JS = """el => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const tops = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of range.getClientRects()) if (rect.width) tops.add(Math.round(rect.top));
    }
    return tops.size;
}"""


def box(locator):
    return locator.bounding_box()


def lines(locator):
    return locator.evaluate(LINES_JS)


@pytest.mark.django_db(transaction=True)
class TestModeratorList:
    def test_rows_show_section_titles_fit_1366_and_search_folds(self, page, live_server, commented):
        sign_in(page, live_server, "kiemduyet", viewport=(1366, 768))
        page.get_by_role("button", name="Lấy ý kiến").click()
        page.get_by_role("link", name="Góp ý", exact=True).click()
        page.wait_for_url(re.compile(r"/admin/policies/comment/$"))
        table = page.locator("table.listing")

        # Section titles, never the raw anchors.
        tax_row = table.locator("tr", has_text=commented["tax"].receipt)
        assert commented["labels"][commented["tax"].section] in tax_row.inner_text()
        assert not re.search(r"\bdieu-\d", table.inner_text())

        # At 1366 px: each receipt and each row button on one line, both buttons side by side,
        # and the table does not run under the filters.
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "moderator-list-1366.png"))
        for row in table.locator("tbody tr").all():
            assert lines(row.locator(".bulk-select")) == 1, row.inner_text()
            assert lines(row.locator(".draft-code")) == 1, row.inner_text()
            assert lines(row.get_by_role("link", name="Xem chi tiết")) == 1, row.inner_text()
            assert lines(row.locator(".field-received")) == 1, row.inner_text()
        inspect = box(tax_row.get_by_role("link", name="Xem chi tiết"))
        edit = box(tax_row.get_by_role("link", name="Sửa", exact=True))
        assert abs(inspect["y"] - edit["y"]) < 2 and inspect["x"] + inspect["width"] <= edit["x"]
        filters = box(page.get_by_text("Theo dự thảo"))
        table_box = box(table)
        assert table_box["x"] + table_box["width"] <= filters["x"]

        # The moderator types without diacritics and finds the comment written with them.
        search = page.get_by_placeholder("Tìm góp ý")
        search.press_sequentially("thue dat")
        search.press("Enter")
        page.wait_for_url(re.compile(r"q=thue"))
        rows = page.locator("table.listing tbody tr")
        assert rows.count() == 1 and commented["tax"].receipt in rows.first.inner_text()

        page.goto(live_server.url + "/admin/policies/comment/")
        search = page.get_by_placeholder("Tìm góp ý")
        search.press_sequentially("Nguyễn Thị Thu")
        search.press("Enter")
        page.wait_for_url(re.compile(r"q="))
        assert commented["tax"].receipt in page.locator("table.listing").inner_text()
        assert commented["other"].receipt not in page.locator("table.listing").inner_text()
        page.screenshot(path=str(OUTPUT / "moderator-list-search.png"))
