import re

from django.contrib.auth import get_user_model

import pytest

from policies.demo import DEMO_PASSWORD


@pytest.mark.django_db(transaction=True)
class TestVisitor:
    def test_visitor_reads_home_page_and_skips_to_content(self, page, live_server, site_data):
        page.goto(live_server.url + "/")
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.get_by_role("heading", level=1).inner_text() == "Cổng truyền thông dự thảo chính sách"
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
        assert skip.evaluate("element => element === document.activeElement")
        skip.press("Enter")
        assert page.url.endswith("#noi-dung")


@pytest.mark.django_db(transaction=True)
class TestEditorSignIn:
    def test_editor_signs_in_to_vietnamese_admin(self, page, live_server, site_data):
        user = get_user_model().objects.get(username="bientap")
        user.set_password(DEMO_PASSWORD)
        user.save()
        page.goto(live_server.url + "/admin/")
        assert page.locator("html").get_attribute("lang") == "vi"
        page.fill("input[name=username]", "bientap")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.get_by_role("button", name=re.compile("Đăng nhập")).click()
        page.wait_for_url(re.compile(r"/admin/$"))
        body = page.locator("body").inner_text()
        assert "Cổng truyền thông dự thảo chính sách" in body
        assert "Bỏ qua, đến nội dung chính" in body
        assert "Sign in" not in body
