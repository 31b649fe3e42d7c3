"""Signing in to the admin in Chromium as a demo account, typed as a person types it."""

import re

from django.contrib.auth import get_user_model

from policies.demo import DEMO_PASSWORD


def sign_in(page, live_server, username, viewport=None):
    """Sign `username` in through the login form (their password set to the demo one first).

    `viewport` is (width, height) when the test looks at a given screen size; any earlier session is dropped.
    """
    if viewport:
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    user = get_user_model().objects.get(username=username)
    user.set_password(DEMO_PASSWORD)
    user.save()
    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Tên đăng nhập").press_sequentially(username)
    page.get_by_label("Mật khẩu").press_sequentially(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    page.wait_for_url(re.compile(r"/admin/$"))
