"""The unit choice in Chromium with a province's units: typing "ia toi" keeps "Xã Ia Tơi" in the list and hides
the rest; Enter picks it; without JavaScript the grouped select still works. Screenshots at 1366 px go to
tests/output/ (looked at by hand)."""

import random
import re
from pathlib import Path

import pytest

from bench.province import build_units
from home.setup import ensure_page_tree
from outreach.wagtail_hooks import activity_admin
from policies import roles
from policies.demo import DEMO_PASSWORD
from policies.models import Unit
from tests.factories import ActivityRecordFactory, UserFactory

OUTPUT = Path(__file__).resolve().parent.parent / "output"
FILTER = "Lọc danh sách đơn vị (gõ tên, không cần dấu)"
HIDDEN = "option => option.hidden"


@pytest.fixture
def province(transactional_db):
    ensure_page_tree()
    build_units(random.Random(2026), 1.0)
    UserFactory(username="tuphaptinh", role=roles.JUSTICE_OFFICE, password=DEMO_PASSWORD)
    OUTPUT.mkdir(exist_ok=True)
    return Unit.objects.get(name="Xã Ia Tơi")


def sign_in(page, live_server):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Tên đăng nhập").press_sequentially("tuphaptinh")
    page.get_by_label("Mật khẩu").press_sequentially(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    page.wait_for_url(re.compile(r"/admin/$"))


def watch_console(page):
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


@pytest.mark.django_db(transaction=True)
class TestTypingToFilter:
    def test_ia_toi_keeps_the_commune_and_hides_the_rest_on_the_report(self, page, live_server, province):
        problems = watch_console(page)
        sign_in(page, live_server)
        page.goto(live_server.url + "/admin/bao-cao/?period=2026-H1")
        select = page.locator("select#id_unit")
        page.screenshot(path=str(OUTPUT / "unit-choice-report.png"), full_page=True)

        page.get_by_label(FILTER).press_sequentially("ia toi")
        options = select.locator("option")
        ia_toi = select.locator("option", has_text=re.compile(r"^Xã Ia Tơi$"))
        assert ia_toi.evaluate(HIDDEN) is False
        assert select.locator("option", has_text="Phường An Phú").first.evaluate(HIDDEN) is True
        assert select.locator("option", has_text="Sở Tư pháp").first.evaluate(HIDDEN) is True
        visible = [
            text
            for text, hidden in options.evaluate_all(
                "items => items.filter(o => o.value).map(o => [o.textContent.trim(), o.hidden])"
            )
            if not hidden
        ]
        assert visible and all("Ia Tơi" in text for text in visible)  # the blank "every unit" stays too
        # Merged communes are matched too, and say where they went.
        assert "Xã Ia Tơi cũ 1 (đã sáp nhập vào Xã Ia Tơi)" in visible
        # Groups with no match disappear.
        assert select.locator("optgroup[label='Tỉnh Quảng Ngãi – Cơ quan chuyên môn']").evaluate("g => g.hidden")
        select.evaluate("s => { s.size = 12; }")  # drawn open for the screenshot only
        page.screenshot(path=str(OUTPUT / "unit-choice-filtered.png"), full_page=False)
        select.evaluate("s => { s.size = 0; }")

        # Enter in the box picks the first match instead of sending the form; the button then shows its report.
        page.get_by_label(FILTER).press("Enter")
        assert select.input_value() == str(province.pk)
        page.get_by_role("button", name="Xem báo cáo").click()
        page.wait_for_url(re.compile(rf"unit={province.pk}"))
        assert page.get_by_role("heading", name=re.compile("Xã Ia Tơi")).count() >= 1
        assert problems == []

    def test_diacritics_typed_are_folded_too_in_the_activity_form(self, page, live_server, province):
        problems = watch_console(page)
        sign_in(page, live_server)
        page.goto(live_server.url + activity_admin.url_helper.get_action_url("create"))
        unit_filter = page.locator("#id_unit-loc")
        unit_filter.press_sequentially("Ia Tơi")
        select = page.locator("select#id_unit")
        assert select.locator("option", has_text=re.compile(r"^Xã Ia Tơi$")).evaluate(HIDDEN) is False
        assert select.locator("option", has_text="Phường An Phú").first.evaluate(HIDDEN) is True
        # The commune select has its own box; the unit's filter leaves it alone.
        assert page.locator("#id_commune-loc").count() == 1
        commune = page.locator("select#id_commune")
        assert commune.locator("option", has_text="Phường An Phú").first.evaluate(HIDDEN) is False
        page.screenshot(path=str(OUTPUT / "unit-choice-activity-form.png"), full_page=True)
        assert problems == []

    def test_activity_listing_filter_keeps_the_other_filters(self, page, live_server, province):
        ActivityRecordFactory(unit=province)  # an empty listing shows no filters
        problems = watch_console(page)
        sign_in(page, live_server)
        page.goto(live_server.url + activity_admin.url_helper.index_url + "?entry_method=manual")
        box = page.locator("#id_unit_filter-loc")
        box.press_sequentially("ia toi")
        box.press("Enter")
        page.screenshot(path=str(OUTPUT / "unit-choice-activity-list.png"), full_page=True)
        page.get_by_role("button", name="Lọc").click()
        page.wait_for_url(re.compile(rf"unit__id__exact={province.pk}"))
        assert "entry_method=manual" in page.url
        assert page.locator("#id_unit_filter").input_value() == str(province.pk)
        assert problems == []


@pytest.mark.django_db(transaction=True)
class TestWithoutJavaScript:
    def test_grouped_select_still_chooses(self, chromium, live_server, province):
        context = chromium.new_context(locale="vi-VN", java_script_enabled=False)
        page = context.new_page()
        try:
            sign_in(page, live_server)
            page.goto(live_server.url + "/admin/bao-cao/?period=2026-H1")
            assert page.get_by_label(FILTER).count() == 0
            select = page.locator("select#id_unit")
            assert select.locator("optgroup").count() >= 3
            select.select_option(str(province.pk))
            page.get_by_role("button", name="Xem báo cáo").click()
            page.wait_for_url(re.compile(rf"unit={province.pk}"))
            page.screenshot(path=str(OUTPUT / "unit-choice-no-js.png"), full_page=False)
        finally:
            context.close()
