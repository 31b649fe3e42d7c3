import re

import pytest


@pytest.mark.django_db(transaction=True)
class TestVisitorReadsDrafts:
    def test_visitor_opens_an_open_draft_and_reads_its_parts_and_timeline(self, page, live_server, site_data):
        page.set_viewport_size({"width": 360, "height": 740})
        page.goto(live_server.url + "/du-thao/")
        first = page.locator("article.draft-card").first
        assert "Đang lấy ý kiến" in first.inner_text()
        assert re.search(r"còn \d+ ngày", first.inner_text())
        first.get_by_role("link").click()
        page.wait_for_url(re.compile(r"/du-thao/[^/]+/$"))
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Quy định mức hỗ trợ học sinh dân tộc thiểu số vùng đặc biệt khó khăn"
        )
        for heading in [
            "Sự cần thiết ban hành chính sách",
            "Mục đích, quan điểm xây dựng chính sách",
            "Phạm vi điều chỉnh, đối tượng chịu tác động",
            "Nội dung cơ bản của chính sách",
            "Điểm mới, sửa đổi, bãi bỏ so với quy định hiện hành",
            "Tiến trình xây dựng chính sách",
        ]:
            assert page.get_by_role("heading", level=2, name=heading).is_visible(), heading
        timeline = page.locator("ol.timeline")
        assert timeline.locator("li").count() == 4
        assert "Đang diễn ra" in timeline.locator("li[aria-current=step]").inner_text()
        # Nothing runs on the page, and nothing overflows a 360px-wide phone screen.
        assert page.locator("script").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.get_by_role("link", name="Điều 3. Mức hỗ trợ tiền ăn, nhà ở và gạo").click()
        assert page.url.endswith("#dieu-3")

    def test_notice_prints_with_an_svg_qr_code(self, page, live_server, site_data):
        page.goto(live_server.url + "/du-thao/ho-tro-hoc-sinh-dan-toc-thieu-so/in/")
        assert page.get_by_role("heading", level=1).inner_text().lower() == "thông báo lấy ý kiến nhân dân"
        qr = page.locator("figure.qr svg")
        assert qr.count() == 1 and qr.is_visible()
        box = qr.bounding_box()
        assert box["width"] > 100 and abs(box["width"] - box["height"]) < 1
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1  # one A4 sheet
