"""A trainer's day, in Chromium: open the session, tick who came from the roster, save, see them recorded;
then add the latecomers from the sign-in sheet."""

import re
from pathlib import Path

import openpyxl
import pytest

from outreach.models import TrainingSession
from tests.browser.admin_session import sign_in

OUTPUT = Path(__file__).resolve().parent.parent / "output"
SESSION_TITLE = "Tập huấn truyền thông chính sách cho phóng viên, người quản lý trang thông tin"


def attending(session):
    return set(session.attendances.values_list("member__full_name", "name"))


@pytest.mark.django_db(transaction=True)
class TestTrainerDay:
    def test_trainer_ticks_attendees_saves_and_sees_them_recorded(self, page, live_server, site_data, tmp_path):
        session = TrainingSession.objects.get(title=SESSION_TITLE)
        sign_in(page, live_server, "taphuan", viewport=(1366, 768))

        # From the menu to the session list, then the session's attendance page.
        page.get_by_role("button", name="Truyền thông và tập huấn").click()
        page.get_by_role("link", name="Lớp tập huấn", exact=True).click()
        page.wait_for_url(re.compile(r"/admin/snippets/outreach/trainingsession/$"))
        page.get_by_role("link", name=f"Điểm danh lớp “{SESSION_TITLE}”").click()
        page.wait_for_url(re.compile(rf"/admin/tap-huan/{session.pk}/diem-danh/$"))

        # The district's reporters and the communes' propagandists are all there to tick.
        for name in ("Nguyễn Văn An", "Trần Thị Bích", "Y Blin", "Rơ Mah Hương"):
            assert not page.get_by_label(name).is_checked()
        page.get_by_label("Y Blin").check()
        page.get_by_label("Rơ Mah Hương").check()
        page.get_by_label("Trần Thị Bích").check()
        page.get_by_role("button", name="Lưu danh sách tham dự").click()
        page.wait_for_url(re.compile(r"/diem-danh/$"))
        assert "thêm 3 người, bỏ 0 người" in page.locator("body").inner_text()
        assert page.get_by_label("Y Blin").is_checked() and page.get_by_label("Rơ Mah Hương").is_checked()
        assert not page.get_by_label("Nguyễn Văn An").is_checked()
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "trainer-attendance-ticked.png"), full_page=True)

        # A second thought: Trần Thị Bích did not come after all.
        page.get_by_label("Trần Thị Bích").uncheck()
        page.get_by_role("button", name="Lưu danh sách tham dự").click()
        page.wait_for_url(re.compile(r"/diem-danh/$"))
        assert "thêm 0 người, bỏ 1 người" in page.locator("body").inner_text()
        assert attending(session) == {("Y Blin", ""), ("Rơ Mah Hương", "")}

        # Recorded: the session's own form lists them, the session list counts them.
        page.get_by_role("link", name="Mở trang sửa lớp tập huấn").click()
        page.wait_for_url(re.compile(rf"/trainingsession/edit/{session.pk}/$"))
        chosen = page.locator("select[name$='-member'] option:checked").all_inner_texts()
        assert sorted(chosen) == ["Rơ Mah Hương – Ia Đal", "Y Blin – Ia Tơi"]
        page.goto(live_server.url + "/admin/snippets/outreach/trainingsession/")
        row = page.locator("tr", has_text=SESSION_TITLE)
        assert row.locator("td").last.inner_text().strip() == "2"

        # Latecomers signed the paper sheet; the clerk typed it up. Upload it on the same page.
        sheet = tmp_path / "danh-sach-ky-ten.xlsx"
        workbook = openpyxl.Workbook()
        workbook.active.append(["STT", "Họ và tên", "Đơn vị", "Điện thoại"])
        workbook.active.append([1, "Nguyen Van An", "Phòng Tư pháp", "0905 000 101"])
        workbook.active.append([2, "Đinh Thị Hoa", "Đoàn Thanh niên xã Ia Tơi", ""])
        workbook.active.append([3, "", "", "0900 111 222"])
        workbook.save(sheet)
        page.goto(live_server.url + f"/admin/tap-huan/{session.pk}/diem-danh/")
        page.get_by_label("Bảng tính danh sách tham dự").set_input_files(str(sheet))
        page.get_by_role("button", name="Tải lên và ghi danh sách").click()
        report = page.locator(".attendance-report")
        report.wait_for()
        assert report.locator("[data-count=matched] strong").inner_text() == "1"
        assert report.locator("[data-count=by_name] strong").inner_text() == "1"
        assert report.locator("[data-count=not_recorded] strong").inner_text() == "1"
        assert "Dòng 4 (điện thoại “0900 111 222”)" in report.inner_text()
        assert page.get_by_label("Nguyễn Văn An").is_checked()
        assert "Đinh Thị Hoa – Đoàn Thanh niên xã Ia Tơi" in page.locator(".attendance-typed-in").inner_text()
        page.screenshot(path=str(OUTPUT / "trainer-attendance-sheet.png"), full_page=True)
        assert attending(session) == {
            ("Y Blin", ""),
            ("Rơ Mah Hương", ""),
            ("Nguyễn Văn An", ""),
            (None, "Đinh Thị Hoa"),
        }
