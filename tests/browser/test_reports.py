import re

from django.contrib.auth import get_user_model

import pytest
from docx import Document

from policies.demo import DEMO_PASSWORD


@pytest.mark.django_db(transaction=True)
class TestJusticeOfficeReport:
    def test_picks_a_period_and_downloads_the_docx(self, page, live_server, site_data, tmp_path):
        user = get_user_model().objects.get(username="tuphap")
        user.set_password(DEMO_PASSWORD)
        user.save()
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", "tuphap")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.get_by_role("button", name=re.compile("Đăng nhập")).click()
        page.wait_for_url(re.compile(r"/admin/$"))
        # The dashboard shows the compliance panel; the Reports menu leads to the report.
        assert "Truyền thông dự thảo: chỉ tiêu 100 %" in page.locator("body").inner_text()
        page.goto(live_server.url + "/admin/bao-cao/")
        page.get_by_label("Kỳ báo cáo").select_option("2026-H1")
        page.get_by_role("button", name="Xem báo cáo").click()
        page.wait_for_url(re.compile(r"period=2026-H1"))
        assert page.get_by_role("heading", name=re.compile("6 tháng đầu năm 2026")).count() == 1
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Tải báo cáo (DOCX)").click()
        download = download_info.value
        assert download.suggested_filename == "bao-cao-2026-H1-toan-bo.docx"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        document = Document(str(target))
        head = document.tables[0].rows[0].cells
        assert "Độc lập - Tự do - Hạnh phúc" in head[1].text
        assert "Số:" in head[0].text and "/BC-" in head[0].text
        texts = [para.text for para in document.paragraphs]
        assert "BÁO CÁO" in texts
        assert "Kết quả truyền thông dự thảo chính sách 6 tháng đầu năm 2026" in texts
        assert any(text.startswith("Các cơ quan, đơn vị đã đăng tải dự thảo") for text in texts)
        assert len(document.tables) > 5
