"""A version for an audience prints as the draft's notice does: one A4 sheet whose QR a real decoder reads
as the comment form's address, with the version's own text at its longest."""

import pytest
import zxingcpp

from policies.models import AudienceVersion
from policies.models.audience import NOTICE_MAX_LENGTH
from policies.setup import setup_audience_languages
from tests.browser.test_print import long_draft, printed_pages  # noqa: F401 - long_draft is a fixture

SAMPLE = "Bản mẫu — cần người dịch kiểm tra. "


@pytest.fixture
def versioned_draft(long_draft):  # noqa: F811 - the fixture imported above
    languages = setup_audience_languages()
    notice = (SAMPLE + "Nội dung thông báo viết cho bà con đọc, dài đúng mức tối đa cho phép. " * 20)[
        :NOTICE_MAX_LENGTH
    ]
    long_draft.audience_versions.add(
        AudienceVersion(language=languages["jra"], summary="Tóm tắt bản mẫu.", notice_text=notice)
    )
    long_draft.save_revision().publish()
    return long_draft


@pytest.mark.django_db(transaction=True)
class TestPrintedVersionNotice:
    def test_qr_decodes_to_the_comment_form_and_the_notice_fits_one_sheet(self, page, live_server, versioned_draft):
        url = live_server.url + versioned_draft.url
        sheets = printed_pages(page, url + "ban/jra/in/")
        assert len(sheets) == 1, "the version's notice must fit on one A4 sheet, even at its longest"
        codes = zxingcpp.read_barcodes(sheets[0], formats=zxingcpp.BarcodeFormat.QRCode)
        assert [code.text for code in codes] == [url + "gop-y/"]

    def test_the_version_text_is_printed_in_its_language(self, page, live_server, versioned_draft):
        page.goto(live_server.url + versioned_draft.url + "ban/jra/in/")
        text = page.locator("[lang=jra]")
        assert text.inner_text().startswith(SAMPLE.strip())
        assert page.locator("html").get_attribute("lang") == "vi"
