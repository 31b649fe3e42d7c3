import re

from django.contrib.auth import get_user_model

import pytest

from policies.demo import DEMO_PASSWORD
from policies.models import Comment, Unit
from tests.factories import ConsultationDraftFactory


@pytest.mark.django_db(transaction=True)
class TestCommentJourney:
    def test_visitor_comments_moderator_approves_it_appears_on_the_draft(
        self, page, live_server, site_data, settings, tmp_path
    ):
        settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
        settings.COMMENT_MIN_SECONDS = 1  # the robot types faster than a person; the rule is tested elsewhere
        draft = ConsultationDraftFactory(
            title="Dự thảo Nghị quyết hỗ trợ học sinh vùng khó khăn",
            drafting_unit=Unit.objects.get(code="phong-gd-dt"),
        )

        # A visitor reads the open draft and follows the link to the form.
        page.goto(live_server.url + draft.url)
        assert page.get_by_role("heading", level=1).inner_text() == draft.title
        page.get_by_role("link", name="Gửi góp ý cho dự thảo này").click()
        page.wait_for_url(re.compile(r"/gop-y/$"))
        page.get_by_label("Nội dung góp ý").fill("Đề nghị hỗ trợ thêm tiền xe cho học sinh ở làng xa.")
        page.get_by_label("Họ và tên").fill("Rơ Mah Thị Hoa")
        page.get_by_label("Điện thoại hoặc thư điện tử").fill("0912345678")
        page.get_by_label("Công khai kèm họ tên").check()
        consent = page.get_by_label(re.compile("đồng ý để dữ liệu của tôi được xử lý"))
        assert not consent.is_checked()
        consent.check()
        page.wait_for_timeout(1100)
        page.get_by_role("button", name="Gửi góp ý").click()
        receipt = page.locator(".receipt-number").inner_text()
        comment = Comment.objects.get()
        assert receipt == comment.receipt and comment.state == Comment.State.PENDING

        # Not public before moderation.
        page.goto(live_server.url + draft.url)
        assert "tiền xe cho học sinh" not in page.locator("main").inner_text()

        # The moderator of the drafting unit signs in and approves it.
        moderator = get_user_model().objects.get(username="kiemduyet")
        moderator.set_password(DEMO_PASSWORD)
        moderator.save()
        page.goto(live_server.url + "/admin/policies/comment/")
        page.fill("input[name=username]", "kiemduyet")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.get_by_role("button", name=re.compile("Đăng nhập")).click()
        page.wait_for_url(re.compile(r"/admin/policies/comment/$"))
        assert receipt in page.locator("main").inner_text()
        page.goto(live_server.url + f"/admin/policies/comment/inspect/{comment.pk}/")
        page.get_by_role("button", name="Duyệt", exact=True).click()
        page.wait_for_url(re.compile(rf"/inspect/{comment.pk}/$"))
        assert "Đã duyệt 1 góp ý" in page.locator("body").inner_text()

        # It appears under the draft, with the name but never the phone number.
        page.goto(live_server.url + draft.url)
        main = page.locator("main").inner_text()
        assert "Đề nghị hỗ trợ thêm tiền xe cho học sinh ở làng xa." in main
        assert "Rơ Mah Thị Hoa" in main and "0912345678" not in page.content()
