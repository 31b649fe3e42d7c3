"""A commune clerk's import day, in Chromium at 1366 px: upload, map an unknown form once, confirm.

Ia Tơi's January sheet writes one form as "bảng tin thôn", a name the catalogue does not know.
The clerk maps it in the preview to "Niêm yết bảng tin"; the preview runs again with the mapping,
and the rows are stored with that form. Screenshots go to tests/output/ for people to look at.
"""

import re
from pathlib import Path

import pytest

from outreach.models import ActivityRecord, ImportAlias
from tests.browser.admin_session import sign_in

SHEET = Path(__file__).resolve().parent.parent / "data" / "hoat-dong-xa-ia-toi-thang-01-2026.xlsx"
OUTPUT = Path(__file__).resolve().parent.parent / "output"
NOTICE_BOARD = "Niêm yết bảng tin"


def count(report, name):
    return report.locator(f"[data-count={name}] strong").inner_text()


def shoot_whole(page, element, path):
    """A 1366 px wide screenshot of the whole preview: the admin scrolls inside its own box, so the window
    is made as tall as the page for the shot (the width, and so the layout, stays 1366 px)."""
    height = page.evaluate("document.querySelector('main').scrollHeight + 200")
    page.set_viewport_size({"width": 1366, "height": max(768, height)})
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1366, "height": 768})


@pytest.mark.django_db(transaction=True)
def test_clerk_maps_an_unknown_form_in_the_preview_and_imports_with_it(page, live_server, site_data):
    OUTPUT.mkdir(exist_ok=True)
    sign_in(page, live_server, "xaiatoi", viewport=(1366, 768))
    page.goto(live_server.url + "/admin/hoat-dong/nhap/")
    page.set_input_files("input[name=file]", str(SHEET))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    report = page.locator(".import-report")
    report.wait_for()

    # The first preview: two rows name an unknown form, so nothing can be confirmed yet.
    assert (count(report, "total"), count(report, "new"), count(report, "errors")) == ("5", "3", "2")
    unknown = report.locator("[data-unknown=form]")
    assert "“bảng tin thôn”" in unknown.inner_text() and "2 dòng" in unknown.inner_text()
    assert report.get_by_role("button", name=re.compile("Xác nhận")).count() == 0
    # Rows as they will be stored, with how each name was recognised.
    ia_dom = report.locator("tr[data-row='5'] td[data-column=commune]")
    assert "Ia Dom → Xã Ia Tơi (sáp nhập 01/07/2025)" in ia_dom.inner_text()
    assert report.locator("tr[data-row='6'] td[data-column=cost]").inner_text().strip() == "1.500.000"
    shoot_whole(page, report, OUTPUT / "clerk-import-preview-unknown-1366.png")

    # Map it once, as a person does: pick the entry in the select, press the button.
    unknown.get_by_label("“bảng tin thôn” là").select_option(label=NOTICE_BOARD)
    unknown.get_by_role("button", name="Ghi nhớ và xem trước lại").click()
    page.wait_for_selector(".import-report")
    report = page.locator(".import-report")
    assert "Đã ghi nhớ: “bảng tin thôn” là “Niêm yết bảng tin”" in page.locator("body").inner_text()
    assert (count(report, "total"), count(report, "new"), count(report, "errors")) == ("5", "5", "0")
    form_cell = report.locator("tr[data-row='4'] td[data-column=form]")
    assert NOTICE_BOARD in form_cell.inner_text() and form_cell.get_attribute("data-match") == "alias"
    assert report.locator("[data-unknown]").count() == 0
    page.screenshot(path=str(OUTPUT / "clerk-import-preview-top-1366.png"))
    shoot_whole(page, report, OUTPUT / "clerk-import-preview-1366.png")

    # The wide preview table scrolls inside its box: the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    report.get_by_role("button", name="Xác nhận nhập 5 hoạt động mới").click()
    page.wait_for_url(re.compile(r"/admin/outreach/activityrecord/"))
    imported = ActivityRecord.objects.filter(batch__isnull=False)
    assert imported.count() == 5
    assert set(imported.filter(content__contains="bảng tin").values_list("form__name", flat=True)) == {NOTICE_BOARD}
    assert ImportAlias.objects.get().unit.code == "ia-toi"

    # The activity list at 1366 px: the filter panel sits beside the columns, never over them.
    page.screenshot(path=str(OUTPUT / "clerk-activity-list-1366.png"), full_page=False)
    filters = page.locator(".changelist-filter").bounding_box()
    headings = page.locator(".result-list thead th")
    assert headings.count() == 8
    for number in range(headings.count()):
        heading = headings.nth(number).bounding_box()
        assert heading["x"] + heading["width"] <= filters["x"], (headings.nth(number).inner_text(), heading, filters)
    assert page.locator(".result-list td", has_text="1.500.000").count() >= 1
