"""An editor's day with the draft form (issue 13), in Chromium at 1366×768.

`bientap` writes a draft with three articles and types no anchor and no code, sends it for review, the
Justice Office (`tuphap`) approves it, and the public page and its comment form show the three articles
under the anchors the server gave them. A form autosave left behind does not stop the next draft.
"""

import datetime
import re
from pathlib import Path

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from policies.models import DraftIndexPage, DraftPage
from tests.browser.admin_session import sign_in
from tests.browser.test_admin_dates import type_into

OUTPUT = Path(__file__).resolve().parent.parent / "output"
TITLE = "Quy định hỗ trợ đấu nối nước sạch cho hộ nghèo"
ARTICLES = [
    ("Điều 1", "Phạm vi điều chỉnh"),
    ("Điều 2", "Đối tượng được hỗ trợ"),
    ("Điều 3", "Mức hỗ trợ"),
]


def open_add_form(page, live_server):
    index = DraftIndexPage.objects.get()
    page.goto(f"{live_server.url}/admin/pages/add/policies/draftpage/{index.pk}/")
    expect(page.get_by_role("heading", name="Mới: Dự thảo chính sách")).to_be_visible()
    # A person starts typing once the form is drawn and its scripts run. Wagtail's unsaved-changes watch,
    # which starts autosave, takes the form's first state two seconds after it loads: what a fast test types
    # before that counts as the first state, never as a change, and no autosave comes.
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "() => Boolean(window.wagtail?.app?.queryController('w-unsaved')?.initialFormData)", timeout=15000
    )


def fill_required(page, title=TITLE):
    page.locator("#id_title").press_sequentially(title)
    page.locator("#id_summary").press_sequentially("Hỗ trợ hộ nghèo kinh phí đấu nối nước sạch vào nhà.")
    page.locator("select[name=drafting_unit]").select_option(label="Phòng Giáo dục và Đào tạo")
    page.locator("select[name=stage]").select_option(label="Lấy ý kiến dự thảo")


def add_article(page, position, number, heading):
    page.locator("#sections-root .c-sf-add-button").last.click()
    page.locator(f"input[name='sections-{position}-value-number']").press_sequentially(number)
    page.locator(f"input[name='sections-{position}-value-heading']").press_sequentially(heading)


def wait_for_drafts(page, count):
    """Until autosave has stored `count` drafts (the browser keeps running while this waits)."""
    for _attempt in range(300):
        if DraftPage.objects.count() >= count:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"expected {count} drafts, found {DraftPage.objects.count()}")


@pytest.mark.django_db(transaction=True)
class TestEditorDay:
    def test_editor_writes_three_articles_without_anchors_sends_for_review_and_the_public_sees_them(
        self, page, live_server, site_data
    ):
        page.set_viewport_size({"width": 1366, "height": 768})
        existing = set(DraftPage.objects.values_list("pk", flat=True))
        year = timezone.localdate().year
        sign_in(page, live_server, "bientap")
        open_add_form(page, live_server)
        # The code is proposed, read-only: nothing to type, nothing to collide.
        expect(page.locator("#id_code")).to_have_count(0)
        expect(page.locator("main")).to_contain_text(f"DT-{year}-")
        fill_required(page)
        for position, (number, heading) in enumerate(ARTICLES):
            add_article(page, position, number, heading)
        # No anchor typed: autosave stores the draft and the server's anchors appear in the form.
        for position in range(3):
            anchor = page.locator(f"input[name='sections-{position}-value-anchor']")
            expect(anchor).to_have_value(f"dieu-{position + 1}")

        page.get_by_role("tab", name="Thời hạn, tiến trình").click()
        today = timezone.localdate()
        opens = (today - datetime.timedelta(days=1)).strftime("%d/%m/%Y") + " 07:00"
        closes = (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y") + " 17:00"
        type_into(page, "input[name=consultation_opens]", opens)
        type_into(page, "input[name=consultation_closes]", closes)
        page.get_by_role("tab", name="Nội dung").click()

        page.locator("#id_title").scroll_into_view_if_needed()
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "editor_day_draft_form.png"))
        page.locator("input[name='sections-2-value-anchor']").scroll_into_view_if_needed()
        page.screenshot(path=str(OUTPUT / "editor_day_draft_sections.png"))

        page.get_by_role("button", name="Thao tác khác").click()
        page.get_by_role("button", name=re.compile("^Gửi duyệt")).click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
        expect(page.locator(".messages")).to_contain_text("đã được gửi kiểm duyệt")

        created = DraftPage.objects.exclude(pk__in=existing)
        assert created.count() == 1, list(created.values_list("code", "slug"))
        draft = created.get()
        assert re.fullmatch(rf"DT-{year}-\d{{2,}}", draft.code)
        assert draft.code not in set(DraftPage.objects.exclude(pk=draft.pk).values_list("code", flat=True))
        assert draft.current_workflow_task is not None

        # The Justice Office approves; the draft goes live.
        sign_in(page, live_server, "tuphap")
        page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
        page.get_by_role("button", name="Thao tác khác").click()
        page.get_by_role("button", name="Duyệt và xuất bản", exact=True).click()
        page.wait_for_url(re.compile(r"/admin/"))
        for _attempt in range(100):
            draft.refresh_from_db()
            if draft.live:
                break
            page.wait_for_timeout(50)
        assert draft.live

        page.goto(live_server.url + draft.url)
        sections = page.locator("section.draft-section")
        expect(sections).to_have_count(3)
        assert [sections.nth(i).get_attribute("id") for i in range(3)] == ["dieu-1", "dieu-2", "dieu-3"]
        page.get_by_role("link", name="Điều 2. Đối tượng được hỗ trợ").click()
        assert page.url.endswith("#dieu-2")

        page.goto(live_server.url + draft.url + "gop-y/")
        options = page.locator("select[name=section] option")
        assert [(options.nth(i).get_attribute("value"), options.nth(i).inner_text()) for i in range(4)][1:] == [
            ("dieu-1", "Điều 1. Phạm vi điều chỉnh"),
            ("dieu-2", "Điều 2. Đối tượng được hỗ trợ"),
            ("dieu-3", "Điều 3. Mức hỗ trợ"),
        ]

    def test_a_form_left_after_autosave_does_not_stop_the_next_draft(self, page, live_server, site_data):
        page.set_viewport_size({"width": 1366, "height": 768})
        before = DraftPage.objects.count()
        sign_in(page, live_server, "bientap")
        open_add_form(page, live_server)
        fill_required(page)
        wait_for_drafts(page, before + 1)  # autosave stored the form
        expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))

        # The editor leaves, comes back and starts the same draft again, with its first article.
        open_add_form(page, live_server)
        fill_required(page)
        add_article(page, 0, *ARTICLES[0])
        wait_for_drafts(page, before + 2)
        # What the server chose is put into the open form: the free slug, the derived anchor.
        expect(page.locator("input[name='sections-0-value-anchor']")).to_have_value("dieu-1")
        expect(page.locator("input[name=slug]")).to_have_value("quy-dinh-ho-tro-dau-noi-nuoc-sach-cho-ho-2")
        page.get_by_role("button", name="Lưu nháp").click()
        expect(page.locator(".messages")).to_contain_text("đã được cập nhật")
        assert page.locator(".w-field__errors .error-message").count() == 0
        new = list(DraftPage.objects.order_by("-pk")[:2])
        assert DraftPage.objects.count() == before + 2
        assert new[0].code != new[1].code
        assert {new[0].slug, new[1].slug} == {
            "quy-dinh-ho-tro-dau-noi-nuoc-sach-cho-ho",
            "quy-dinh-ho-tro-dau-noi-nuoc-sach-cho-ho-2",
        }

    def test_the_unit_choice_offers_todays_units_first_and_marks_merged_ones(self, page, live_server, site_data):
        page.set_viewport_size({"width": 1366, "height": 768})
        sign_in(page, live_server, "bientap")
        open_add_form(page, live_server)
        # The coordinating units: every unit, filtered as one types, without diacritics (policies/unit_choice.py).
        box = page.get_by_role("searchbox", name="Lọc danh sách đơn vị (gõ tên, không cần dấu)").last
        select = page.locator("select[name=coordinating_units]")
        shown = "s => [...s.options].filter(o => !o.hidden).map(o => o.textContent.trim())"
        box.press_sequentially("Ia Dom")
        assert select.evaluate(shown) == ["Xã Ia Dom (đã sáp nhập vào Xã Ia Tơi)"]
        box.fill("")
        box.press_sequentially("ia toi")
        assert select.evaluate(shown) == [
            "Xã Ia Tơi",
            "Xã Ia Dom (đã sáp nhập vào Xã Ia Tơi)",
            "Xã Ia Tơi (trước 01/7/2025) (đã sáp nhập vào Xã Ia Tơi)",
        ]
        page.screenshot(path=str(OUTPUT / "editor_day_unit_chooser.png"))
