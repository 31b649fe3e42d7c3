"""Every public page type fits a 360 px phone screen: nothing scrolls the page sideways."""

import pytest

from tests.factories import CommentFactory

# What people paste into comments: addresses and references with no place to break a line.
LONG_ADDRESS = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.004227"


@pytest.fixture
def public_pages(site_data):
    """The address of one page of each public type, with the demo's data and long unbroken words."""
    from policies.models import ConsultationStatus, DraftPage, Synthesis

    synthesis = Synthesis.objects.filter(published=True).select_related("draft").get()
    open_draft = next(d for d in DraftPage.objects.live() if d.consultation_status() == ConsultationStatus.OPEN)
    for draft in (open_draft, synthesis.draft):
        answered = CommentFactory(
            draft=draft,
            state="approved",
            organisation="Hợp tác xã nông nghiệp dịch vụ tổng hợp thôn Thanh Xuân",
            section="Điều 2. Đối tượng áp dụng",
            body=f"Đề nghị ghi rõ thủ tục, xem {LONG_ADDRESS} và mẫu số 01/ĐKHT-NN-PTNT.",
            handling="explained",
            response=f"Thủ tục đã công khai tại {LONG_ADDRESS}.",
        )
    return {
        "trang chủ": "/",
        "danh sách dự thảo": "/du-thao/",
        "dự thảo": open_draft.url,
        "form góp ý": open_draft.url + "gop-y/",
        "tổng hợp ý kiến": synthesis.draft.url + "tong-hop/",
        "thông báo niêm yết": open_draft.url + "in/",
        "tìm kiếm": "/tim-kiem/?q=thue",
        "tập huấn": "/tap-huan/",
        "số liệu công khai": "/so-lieu-cong-khai/",
        "đăng ký nhận tin": f"/theo-doi/{open_draft.pk}/",
        "tra cứu góp ý": f"/gop-y/tra-cuu/?so={answered.receipt}",  # with its published answer
    }


@pytest.mark.django_db(transaction=True)
class TestNarrowScreens:
    def test_no_public_page_scrolls_sideways_at_360_px(self, page, live_server, public_pages):
        page.set_viewport_size({"width": 360, "height": 740})
        too_wide = {}
        for name, url in public_pages.items():
            response = page.goto(live_server.url + url)
            assert response.status == 200, f"{name}: {url} answered {response.status}"
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide[name] = width
        assert too_wide == {}

    def test_synthesis_reads_as_one_card_per_comment_on_a_phone(self, page, live_server, public_pages):
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(live_server.url + public_pages["tổng hợp ý kiến"])
        row = page.locator("table.synthesis-table tbody tr").filter(has_text="Hợp tác xã nông nghiệp")
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        # Each cell is headed by its column, as the hidden table head would say.
        assert row.locator("td").nth(3).evaluate("cell => getComputedStyle(cell, '::before').content") == (
            '"Tiếp thu, giải trình"'
        )
        assert LONG_ADDRESS[:30] in row.inner_text()

    def test_wide_figures_scroll_inside_their_own_box(self, page, live_server, public_pages):
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(live_server.url + public_pages["số liệu công khai"])
        boxes = page.locator(".table-scroll")
        assert boxes.count() > 0
        for index in range(boxes.count()):
            box = boxes.nth(index)
            assert box.bounding_box()["x"] + box.bounding_box()["width"] <= 360
            # A box that scrolls can be reached and scrolled with the keyboard.
            assert box.get_attribute("tabindex") == "0" and box.get_attribute("aria-labelledby")
