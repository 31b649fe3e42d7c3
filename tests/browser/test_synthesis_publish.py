"""The demo's moderator publishes a synthesis in Chromium: asked to confirm while the window is open, then done."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from policies.models import Comment, Synthesis

CREATE = "wagtailsnippets_policies_synthesis:add"
INDEX = "wagtailsnippets_policies_synthesis:list"


def test_moderator_publishes_in_the_browser_after_confirming(page, live_server, site_data, tmp_path):
    from django.contrib.auth import get_user_model

    from policies.demo import DEMO_PASSWORD
    from policies.models import DraftPage

    user = get_user_model().objects.get(username="kiemduyet")
    user.set_password(DEMO_PASSWORD)
    user.save()
    draft = DraftPage.objects.get(drafting_unit__code="phong-gd-dt", consultation_closes__gt=timezone.now())
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "kiemduyet")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(live_server.url + reverse(INDEX))
    page.get_by_role("link", name="Thêm bản tổng hợp ý kiến").first.click()
    page.wait_for_url(re.compile(re.escape(reverse(CREATE)) + "$"))
    # The list offers the moderator's own drafts only.
    offered = page.locator("select[name=draft] option").all_text_contents()
    assert draft.title in offered
    assert not any("Chính sách hỗ trợ phát triển sản xuất" in title for title in offered)  # Phòng TC-KH's
    page.select_option("select[name=draft]", label=draft.title)
    page.fill("input[name=issued_on]", "25/11/2026")  # as the date widget shows it, day first
    page.check("input[name=published]")
    page.locator("main form button[type=submit]:visible").first.click()

    box = page.locator("input[name=confirm_publish]")
    box.wait_for()
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "confirm.png"))
    text = page.locator("main").inner_text()
    unhandled = Comment.objects.filter(draft=draft, handling="").exclude(state__in=["spam", "hidden"]).count()
    assert "Thời hạn lấy ý kiến chưa kết thúc" in text
    assert f"Còn {unhandled} góp ý chưa có cách xử lý" in text
    assert not Synthesis.objects.filter(draft=draft).exists()

    box.check()
    page.locator("main form button[type=submit]:visible").first.click()
    page.wait_for_url(re.compile(re.escape(reverse(INDEX)) + "$"))
    synthesis = Synthesis.objects.get(draft=draft)
    assert synthesis.published
    assert synthesis.issued_on == datetime.date(2026, 11, 25)
