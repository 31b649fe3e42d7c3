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

        # At 1366 px: each receipt, draft code and date on one line, and the table fits the screen.
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "moderator-list-1366.png"))
        for row in table.locator("tbody tr").all():
            assert lines(row.locator(".field-receipt a")) == 1, row.inner_text()
            assert lines(row.locator(".draft-code")) == 1, row.inner_text()
            assert lines(row.locator(".field-received")) == 1, row.inner_text()
        table_box = box(table)
        assert table_box["x"] + table_box["width"] <= 1366

        # The filters are Vietnamese, drafts and sections named as the draft names them.
        page.get_by_role("button", name="Hiện bộ lọc").click()
        for label in ("Dự thảo", "Trạng thái", "Nguồn", "Chương, điều", "Trùng nội dung", "Xử lý"):
            assert page.get_by_role("button", name=label, exact=True).is_visible(), label
        page.keyboard.press("Escape")

        # The moderator types without diacritics and finds the comment written with them.
        search = page.get_by_placeholder("Tìm kiếm…")
        search.press_sequentially("thue dat")
        search.press("Enter")
        page.wait_for_url(re.compile(r"q=thue"))
        rows = page.locator("table.listing tbody tr")
        assert rows.count() == 1 and commented["tax"].receipt in rows.first.inner_text()

        page.goto(live_server.url + "/admin/policies/comment/")
        search = page.get_by_placeholder("Tìm kiếm…")
        search.press_sequentially("Nguyễn Thị Thu")
        search.press("Enter")
        page.wait_for_url(re.compile(r"q="))
        assert commented["tax"].receipt in page.locator("table.listing").inner_text()
        assert commented["other"].receipt not in page.locator("table.listing").inner_text()
        page.screenshot(path=str(OUTPUT / "moderator-list-search.png"))

    def test_bulk_hide_asks_a_reason_then_hides_the_chosen_comments(self, page, live_server, commented):
        sign_in(page, live_server, "kiemduyet", viewport=(1366, 768))
        page.goto(live_server.url + "/admin/policies/comment/?state=pending")
        table = page.locator("table.listing")
        for key in ("tax", "other"):
            table.locator("tr", has_text=commented[key].receipt).locator("input[data-bulk-action-checkbox]").check()
        page.get_by_role("link", name="Ẩn các góp ý đã chọn").click()
        page.wait_for_url(re.compile(r"/admin/bulk/policies/comment/hide/"))
        main = page.locator("main").inner_text()
        assert commented["tax"].receipt in main and commented["other"].receipt in main
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "moderator-bulk-hide-1366.png"))
        page.get_by_label("Lý do ẩn").fill("Nội dung không liên quan đến dự thảo")
        page.get_by_role("button", name="Có, ẩn").click()
        page.wait_for_url(re.compile(r"/admin/policies/comment/\?state=pending"))
        assert "Đã ẩn 2 góp ý." in page.locator("body").inner_text()
        for key in ("tax", "other"):
            commented[key].refresh_from_db()
            assert commented[key].state == Comment.State.HIDDEN
            assert commented[key].hidden_reason == "Nội dung không liên quan đến dự thảo"

        page.goto(live_server.url + f"/admin/policies/comment/inspect/{commented['tax'].pk}/")
        assert "Điều" in page.locator("main").inner_text() and "None" not in page.locator("main").inner_text()
        page.screenshot(path=str(OUTPUT / "moderator-inspect-1366.png"), full_page=True)
