"""Error pages and a comment's recovery, as a visitor meets them in Chromium."""

import re

import pytest

from policies.models import Comment
from tests.factories import ConsultationDraftFactory

BODY = "Đề nghị giữ mức hỗ trợ tiền ăn trưa cho học sinh bán trú <ở thôn xa>."
SCREENSHOTS = "/tmp"  # noqa: S108 - looked at by hand, never read by the tests


@pytest.fixture
def draft(transactional_db):
    from home.setup import ensure_page_tree

    ensure_page_tree()  # a live-server test starts from an emptied database
    return ConsultationDraftFactory(title="Dự thảo Nghị quyết hỗ trợ học sinh bán trú")


def fill_comment(page, live_server, draft):
    page.goto(live_server.url + draft.url + "gop-y/")
    page.get_by_label("Nội dung góp ý").fill(BODY)
    page.get_by_label("Họ và tên").fill("Rơ Mah Thị Hoa")
    page.get_by_label("Điện thoại hoặc thư điện tử").fill("0912345678")
    page.get_by_label("Công khai kèm họ tên").check()
    page.get_by_label(re.compile("đồng ý để dữ liệu của tôi được xử lý")).check()


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True)
class TestErrorPagesInChromium:
    def test_missing_page_is_vietnamese_and_fits_a_phone(self, page, live_server, draft):
        response = page.goto(live_server.url + "/du-thao/khong-co-du-thao-nay/")
        assert response.status == 404
        assert page.get_by_role("heading", level=1).inner_text() == "Không tìm thấy trang"
        assert page.locator("html").get_attribute("lang") == "vi"
        assert fits_the_screen(page)
        page.screenshot(path=f"{SCREENSHOTS}/errors-404.png", full_page=True)
        # The search box on the page leads to the drafts.
        page.get_by_label("Tìm dự thảo").fill("học sinh")
        page.get_by_role("button", name="Tìm").click()
        page.wait_for_url(re.compile(r"/tim-kiem/\?q="))
        assert draft.title in page.locator("main").inner_text()

    def test_comment_whose_cookie_was_lost_comes_back_and_is_sent(self, page, live_server, draft, settings):
        settings.COMMENT_MIN_SECONDS = 0  # the robot types faster than a person; the rule is tested elsewhere
        fill_comment(page, live_server, draft)
        page.context.clear_cookies()  # cookies cleared while the form was open
        with page.expect_response(re.compile(r"/gop-y/$")) as answer:
            page.get_by_role("button", name="Gửi góp ý").click()
        assert answer.value.status == 403
        assert page.get_by_role("heading", level=1).inner_text() == "Biểu mẫu chưa được gửi"
        assert page.get_by_label("Nội dung góp ý").input_value() == BODY
        assert page.get_by_label("Họ và tên").input_value() == "Rơ Mah Thị Hoa"
        assert page.get_by_label("Điện thoại hoặc thư điện tử").input_value() == "0912345678"
        assert fits_the_screen(page)
        page.screenshot(path=f"{SCREENSHOTS}/errors-403-comment.png", full_page=True)
        assert not Comment.objects.exists()

        page.get_by_role("button", name="Mở lại biểu mẫu góp ý").click()
        page.wait_for_url(re.compile(r"/gop-y/$"))
        assert "Nội dung bạn đã nhập đã được điền lại" in page.locator("main").inner_text()
        assert page.get_by_label("Nội dung góp ý").input_value() == BODY
        assert page.get_by_label("Công khai kèm họ tên").is_checked()
        consent = page.get_by_label(re.compile("đồng ý để dữ liệu của tôi được xử lý"))
        assert not consent.is_checked()
        page.screenshot(path=f"{SCREENSHOTS}/errors-comment-reopened.png", full_page=True)
        consent.check()
        page.get_by_role("button", name="Gửi góp ý").click()
        receipt = page.locator(".receipt-number").inner_text()
        comment = Comment.objects.get(receipt=receipt)
        assert (comment.body, comment.name, comment.contact) == (BODY, "Rơ Mah Thị Hoa", "0912345678")

    def test_comment_with_too_large_a_file_keeps_its_text(self, page, live_server, draft, settings):
        settings.COMMENT_MIN_SECONDS = 0
        settings.COMMENT_MAX_REQUEST_BYTES = 200_000
        fill_comment(page, live_server, draft)
        page.get_by_label("Tệp đính kèm").set_input_files(
            {"name": "ban-chup.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * 400_000}
        )
        with page.expect_response(re.compile(r"/gop-y/$")) as answer:
            page.get_by_role("button", name="Gửi góp ý").click()
        assert answer.value.status == 413
        assert "tệp đính kèm quá lớn" in page.get_by_role("alert").first.inner_text()
        assert page.get_by_label("Nội dung góp ý").input_value() == BODY
        assert page.get_by_label("Họ và tên").input_value() == "Rơ Mah Thị Hoa"
        page.screenshot(path=f"{SCREENSHOTS}/errors-413-comment.png", full_page=True)
        assert not Comment.objects.exists()
