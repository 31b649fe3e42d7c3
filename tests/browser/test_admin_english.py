"""What only JavaScript renders in the admin (sidebar, Help menu, keyboard-shortcuts dialog, editor widgets) is
Vietnamese too, as Chromium shows it to an editor who signs in through the login form."""

import tempfile
from pathlib import Path

import pytest

from home.builtin_names import vietnamese_builtin_names
from policies.models import DraftPage
from tests.browser.admin_session import sign_in
from tests.test_admin_english import english_words

# Screenshots for a person to look at (the machine's temporary folder, not the repository).
SCREENSHOTS = Path(tempfile.gettempdir())


def english_in(text):
    found = {}
    for line in text.splitlines():
        for word in english_words(line):
            found.setdefault(word, line.strip()[:120])
    return found


# Text scripts put where people and screen readers meet it without it being in the page's visible text.
SHOWN_ATTRIBUTES = """() => Array.from(document.querySelectorAll('[title],[aria-label],[placeholder],[alt]'))
    .flatMap((el) => ['title', 'aria-label', 'placeholder', 'alt'].map((name) => el.getAttribute(name)))
    .filter(Boolean).join('\\n')"""


def english_on_screen(page):
    return english_in(page.locator("body").inner_text() + "\n" + page.evaluate(SHOWN_ATTRIBUTES))


@pytest.mark.django_db(transaction=True)
class TestAdminInChromium:
    @pytest.fixture(autouse=True)
    def demo(self, site_data):
        # A flushed live-server database lost what migrate renamed; do what migrate does.
        vietnamese_builtin_names()

    def test_sidebar_help_menu_and_shortcuts_dialog_are_vietnamese(self, page, live_server):
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, live_server, "bientap")
        sidebar = page.locator("#wagtail-sidebar")
        sidebar.get_by_role("button", name="Trợ giúp").click()
        guide = sidebar.get_by_role("link", name="Hướng dẫn sử dụng cổng")
        assert guide.get_attribute("href") == "/admin/huong-dan/"
        assert "wagtail.org" not in sidebar.inner_html()
        found = english_on_screen(page)
        assert not found, found

        sidebar.get_by_role("button", name="Phím tắt").click()
        dialog = page.get_by_role("dialog", name="Phím tắt")
        dialog.wait_for()
        page.screenshot(path=SCREENSHOTS / "admin-english-shortcuts.png")
        found = english_in(dialog.inner_text())
        assert not found, found

        page.keyboard.press("Escape")
        page.goto(live_server.url + "/admin/huong-dan/")
        assert page.get_by_role("heading", name="Biên tập viên cơ quan soạn thảo").is_visible()
        page.screenshot(path=SCREENSHOTS / "admin-english-guide.png")

    def test_draft_edit_page_as_rendered_is_vietnamese(self, page, live_server):
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, live_server, "bientap")
        draft = DraftPage.objects.filter(drafting_unit__code="phong-gd-dt").order_by("pk").first()
        page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
        page.get_by_role("tab", name="Nội dung").wait_for()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SCREENSHOTS / "admin-english-edit.png")
        found = english_on_screen(page)
        assert not found, found
