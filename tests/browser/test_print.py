"""What leaves the screen: the printed A4 notice (one sheet, a QR a real decoder reads) and a new draft's address."""

import datetime
import re

from django.utils import timezone

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import expect

from tests.factories import DraftPageFactory, draft_index

DPI = 150
MM = DPI / 25.4  # pixels per millimetre at DPI
# The longest title and summary the draft's fields accept.
LONG_TITLE = (
    "Quy định mức hỗ trợ đào tạo nghề, tạo việc làm và chuyển đổi nghề nghiệp cho đồng bào dân tộc thiểu số, "
    "hộ nghèo, hộ cận nghèo, người khuyết tật và lao động nông thôn ở các thôn, làng đặc biệt khó khăn trên địa "
    "bàn xã giai đoạn 2026 - 2030 và những năm tiếp theo"
)
LONG_SUMMARY = (
    "Hỗ trợ học phí, tiền ăn, tiền đi lại và tài liệu học tập cho người học nghề trình độ sơ cấp và đào tạo dưới "
    "ba tháng; hỗ trợ doanh nghiệp, hợp tác xã nhận lao động sau đào tạo; ưu tiên phụ nữ, thanh niên và người "
    "khuyết tật ở thôn, làng đặc biệt khó khăn, để mỗi hộ có ít nhất một người có việc làm ổn định, thu nhập."
)


LINES_OF_TEXT = """element => {
    const lines = [];
    let top = null;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const y = Math.round(range.getBoundingClientRect().top);
            if (top === null || y > top + 2) { lines.push(""); top = y; }
            lines[lines.length - 1] += node.data[i];
        }
    }
    return lines;
}"""


@pytest.fixture
def long_draft(transactional_db):
    index = draft_index()
    index.contact_address = "Bộ phận tiếp nhận và trả kết quả, Ủy ban nhân dân xã, thôn 1, đường Hồ Chí Minh"
    index.contact_hotline = "0260 3 800 000"
    index.save()
    closes = timezone.now() + datetime.timedelta(days=30)
    return DraftPageFactory(
        parent=index,
        title=LONG_TITLE[:255],
        summary=LONG_SUMMARY[:300],
        slug="ho-tro-dao-tao-nghe-cho-dong-bao-dan-toc",  # as long as an automatic slug gets
        consultation_closes=closes,
        original_closes=closes - datetime.timedelta(days=10),
        extension_reason="Nhiều thôn, làng chưa tổ chức được cuộc họp lấy ý kiến vì mưa lũ cắt đường.",
    )


def printed_pages(page, url):
    """Print `url` to PDF as Chromium does for A4 and return each sheet as an image at DPI."""
    page.goto(url)
    pdf = pypdfium2.PdfDocument(page.pdf(format="A4"))
    return [sheet.render(scale=DPI / 72).to_pil().convert("L") for sheet in pdf]


@pytest.mark.django_db(transaction=True)
class TestPrintedNotice:
    def test_qr_on_the_printed_sheet_decodes_to_the_comment_form_url(self, page, live_server, long_draft):
        sheets = printed_pages(page, live_server.url + long_draft.url + "in/")
        assert len(sheets) == 1, "the notice must fit on one A4 sheet, even with the longest title"
        codes = zxingcpp.read_barcodes(sheets[0], formats=zxingcpp.BarcodeFormat.QRCode)
        assert [code.text for code in codes] == [live_server.url + long_draft.url + "gop-y/"]

    def test_address_wraps_after_a_slash_and_stays_inside_its_column(self, page, live_server, long_draft):
        page.goto(live_server.url + long_draft.url + "in/")
        page.emulate_media(media="print")
        address = page.locator(".how .url")
        assert address.inner_text().replace("\n", "") == f"{live_server.url[7:]}{long_draft.url}gop-y/"
        # The address as printed, one string per line (each character placed by its own box).
        lines = address.evaluate(LINES_OF_TEXT)
        assert len(lines) > 1 and all(line.endswith("/") for line in lines), lines
        column = page.locator(".how ul").bounding_box()
        assert address.evaluate("e => e.getBoundingClientRect().right") <= column["x"] + column["width"]

    def test_qr_is_printed_large_with_a_quiet_zone(self, page, live_server, long_draft):
        sheet = printed_pages(page, live_server.url + long_draft.url + "in/")[0]
        (code,) = zxingcpp.read_barcodes(sheet, formats=zxingcpp.BarcodeFormat.QRCode)
        corners = [code.position.top_left, code.position.top_right, code.position.bottom_left]
        left, top = corners[0].x, corners[0].y
        width, height = corners[1].x - left, corners[2].y - top
        assert width >= 38 * MM and height >= 38 * MM, f"symbol {width / MM:.0f} × {height / MM:.0f} mm"
        # Four modules of white all round the symbol.
        modules = 17 + 4 * int(code.extra["Version"])
        margin = round(4 * width / modules)
        quiet = sheet.crop((left - margin, top - margin, left + width + margin, top + height + margin))
        ring = quiet.copy()
        ring.paste(255, (margin - 2, margin - 2, margin + width + 2, margin + height + 2))
        assert ring.getextrema()[0] > 200, "the quiet zone has ink in it"
        assert code.ec_level in ("Q", "H")


ADMIN_PASSWORD = "Mật-khẩu-2026"
TITLE = "Quy định mức hỗ trợ đào tạo nghề cho đồng bào dân tộc thiểu số"


@pytest.fixture
def new_draft_form(page, live_server, transactional_db):
    """The admin's form for a new draft, signed in as a superuser, with the required fields filled."""
    from django.contrib.auth import get_user_model

    from tests.factories import UnitFactory

    index = draft_index()
    unit = UnitFactory(name="Phòng Lao động - Thương binh và Xã hội")
    get_user_model().objects.create_superuser("quantri", "quantri@example.org", ADMIN_PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", ADMIN_PASSWORD)
    page.get_by_role("button", name=re.compile("Đăng nhập")).click()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{live_server.url}/admin/pages/add/policies/draftpage/{index.pk}/")
    page.fill("#id_summary", "Hỗ trợ học phí và tiền ăn cho người học nghề.")
    page.locator("select[name=drafting_unit]").select_option(label=unit.name)
    return page


@pytest.mark.django_db(transaction=True)
class TestNewDraftAddress:
    def test_draft_titled_in_vietnamese_gets_a_short_ascii_address(self, new_draft_form, live_server):
        from policies.models import DraftPage

        page = new_draft_form
        page.fill("#id_title", TITLE)
        page.get_by_role("tab", name="Quảng bá").click()
        expect(page.locator("#id_slug")).to_have_value("quy-dinh-muc-ho-tro-dao-tao-nghe-cho")
        page.get_by_role("button", name="Lưu nháp").click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
        draft = DraftPage.objects.get(title=TITLE)
        assert draft.slug == "quy-dinh-muc-ho-tro-dao-tao-nghe-cho"
        assert draft.url == "/du-thao/quy-dinh-muc-ho-tro-dao-tao-nghe-cho/"

    def test_vietnamese_slug_typed_by_hand_is_folded(self, new_draft_form, live_server):
        from policies.models import DraftPage

        page = new_draft_form
        page.fill("#id_title", TITLE)
        page.get_by_role("tab", name="Quảng bá").click()
        expect(page.locator("#id_slug")).to_have_value("quy-dinh-muc-ho-tro-dao-tao-nghe-cho")
        page.fill("#id_slug", "đào-tạo-nghề-đồng-bào")
        page.locator("#id_slug").blur()
        expect(page.locator("#id_slug")).to_have_value("dao-tao-nghe-dong-bao")
        page.get_by_role("button", name="Lưu nháp").click()
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
        assert DraftPage.objects.get(title=TITLE).slug == "dao-tao-nghe-dong-bao"
