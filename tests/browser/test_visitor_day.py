"""A visitor's day on the public site, in Chromium: a phone's home page, a comment sent with mistakes,
the loudspeaker script. Screenshots go to tests/output/ for people to look at."""

import re
from pathlib import Path

import pytest

OUTPUT = Path(__file__).resolve().parent.parent / "output"
BODY = "Đề nghị giữ mức hỗ trợ tiền ăn cho học sinh bán trú ở thôn xa, vì đường đi lại khó khăn."
BAD_CONTACT = "0912 34"  # too short for a phone number

# Every id that an aria-describedby on the page names but no element carries.
MISSING_DESCRIBEDBY = """() => [...document.querySelectorAll('[aria-describedby]')]
    .flatMap(element => element.getAttribute('aria-describedby').split(/\\s+/))
    .filter(id => id && !document.getElementById(id))"""


def screenshot(page, name, full_page=True):
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"visitor_{name}.png"), full_page=full_page)


@pytest.fixture
def open_draft(site_data):
    from policies.models import ConsultationStatus, DraftPage

    drafts = DraftPage.objects.live().order_by("consultation_closes")
    return next(draft for draft in drafts if draft.consultation_status() == ConsultationStatus.OPEN)


@pytest.mark.django_db(transaction=True)
class TestCommentFormMistakes:
    def test_failed_submit_focuses_a_summary_that_links_every_mistake(self, page, live_server, open_draft):
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(live_server.url + open_draft.url + "gop-y/")
        assert page.evaluate(MISSING_DESCRIBEDBY) == []
        body = page.get_by_label("Nội dung góp ý")
        assert body.get_attribute("aria-describedby") == "id_body_helptext"
        assert page.locator("#id_body_helptext").inner_text() == "Bắt buộc, tối đa 5.000 ký tự."

        # The visitor types a comment and half a phone number, forgets the consent box, and sends.
        body.press_sequentially(BODY)
        page.get_by_label("Điện thoại hoặc thư điện tử").press_sequentially(BAD_CONTACT)
        page.get_by_role("button", name="Gửi góp ý").click()
        page.wait_for_load_state()

        # Focus is on the summary, which the accessibility tree gives as an alert with a link per mistake.
        assert page.evaluate("document.activeElement.id") == "loi-bieu-mau"
        assert page.title().startswith("Lỗi: Gửi góp ý: ")
        summary = page.locator("#loi-bieu-mau")
        tree = summary.aria_snapshot()
        assert tree.startswith('- alert "Chưa gửi được góp ý. Vui lòng sửa các mục sau:":')
        assert 'link "Số điện thoại hoặc thư điện tử không hợp lệ.' in tree
        assert 'link "Vui lòng đánh dấu ô đồng ý xử lý dữ liệu cá nhân để gửi góp ý."' in tree
        links = summary.get_by_role("link")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == ["#id_contact", "#id_consent"]
        screenshot(page, "comment_errors_1366", full_page=False)

        # What was typed is still there; each field with a mistake is described by its help and its error.
        assert body.input_value() == BODY
        contact = page.get_by_label("Điện thoại hoặc thư điện tử")
        assert contact.input_value() == BAD_CONTACT
        assert contact.get_attribute("aria-invalid") == "true"
        assert contact.get_attribute("aria-describedby") == "id_contact_helptext id_contact_error"
        consent = page.get_by_role("checkbox", name=re.compile("đồng ý để dữ liệu của tôi được xử lý"))
        assert consent.get_attribute("aria-describedby") == "id_consent_error"
        assert page.evaluate(MISSING_DESCRIBEDBY) == []

        # The consent link takes the keyboard to the box, which a space then ticks.
        summary.get_by_role("link", name=re.compile("đánh dấu ô đồng ý")).click()
        assert page.evaluate("document.activeElement.id") == "id_consent"
        page.keyboard.press("Space")
        assert consent.is_checked()

    def test_summary_fits_a_phone(self, page, live_server, open_draft):
        page.set_viewport_size({"width": 360, "height": 640})
        page.goto(live_server.url + open_draft.url + "gop-y/")
        page.get_by_role("button", name="Gửi góp ý").click()
        page.wait_for_load_state()
        assert page.evaluate("document.activeElement.id") == "loi-bieu-mau"
        box = page.locator("#loi-bieu-mau").bounding_box()
        assert 0 <= box["y"] < 640  # in view where focus put it
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        links = page.locator("#loi-bieu-mau").get_by_role("link")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == ["#id_body", "#id_consent"]
        screenshot(page, "comment_errors_360", full_page=False)


@pytest.mark.django_db(transaction=True)
class TestPhoneHomePage:
    def test_open_consultation_shows_before_the_fold_at_360_by_640(self, page, live_server, open_draft):
        page.set_viewport_size({"width": 360, "height": 640})
        page.goto(live_server.url + "/")
        first = page.locator("#dang-lay-y-kien + article.card h3 a")
        box = first.bounding_box()
        assert box["y"] + box["height"] <= 640, box
        assert first.inner_text() == open_draft.title
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(page, "home_360x640", full_page=False)

    def test_desktop_home_reads_drafts_then_introduction(self, page, live_server, open_draft):
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(live_server.url + "/")
        drafts = page.get_by_role("heading", name="Đang lấy ý kiến").bounding_box()
        introduction = page.get_by_role("heading", name="Giới thiệu").bounding_box()
        assert drafts["y"] < introduction["y"]
        assert page.title() == "Cổng truyền thông dự thảo chính sách"
        screenshot(page, "home_1366")


@pytest.mark.django_db(transaction=True)
class TestLoudspeakerPage:
    def test_reads_in_large_text_prints_alone_and_downloads_as_txt(self, page, live_server, open_draft):
        page.set_viewport_size({"width": 1366, "height": 768})
        page.goto(live_server.url + open_draft.url + "loa/")
        site_name = "Cổng truyền thông dự thảo chính sách"
        assert page.title() == f"Bài đọc trên loa truyền thanh: {open_draft.title} – {site_name}"
        script = page.locator(".loudspeaker .script")
        assert script.locator("p").first.inner_text().startswith("Kính thưa bà con Nhân dân!")
        assert float(script.evaluate("element => getComputedStyle(element).fontSize").removesuffix("px")) >= 22
        screenshot(page, "loudspeaker_1366")

        with page.expect_download() as download:
            page.get_by_role("link", name="Tải bài đọc (tệp .txt)").click()
        assert download.value.suggested_filename == f"loa-{open_draft.code.lower()}.txt"
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert text.startswith("Kính thưa bà con Nhân dân!") and "<" not in text

        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert not page.get_by_role("link", name="Tải bài đọc (tệp .txt)").is_visible()
        assert script.is_visible()
        screenshot(page, "loudspeaker_print")
