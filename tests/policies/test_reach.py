import datetime
import re

from django.contrib.staticfiles import finders
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from policies.views.reach import MAX_SCRIPT_WORDS, reading_minutes
from tests.factories import (
    DraftPageFactory,
    draft_index,
)

DAY = datetime.timedelta(days=1)
TEXT_FILE = {"tai": "1"}  # the script as the .txt file the commune's broadcast computer reads


def change(title):
    return ("item", {"change": "new", "title": title, "explanation": "", "current_rule": "", "contested": False})


@pytest.fixture
def index(db):
    index = draft_index()
    index.contact_address = "Bộ phận một cửa UBND xã Ia Tơi"
    index.contact_hotline = "0260 3 800 000"
    index.save()
    return index


@pytest.mark.django_db
class TestPrintableNotice:
    def test_has_title_summary_window_contact_and_form_address(self, client, index):
        draft = DraftPageFactory(parent=index, title="Quy định quản lý chợ", summary="Sắp xếp chỗ bán hàng.")
        html = client.get(draft.url + "in/").content.decode()
        assert "Quy định quản lý chợ" in html and "Sắp xếp chỗ bán hàng." in html
        assert timezone.localtime(draft.consultation_closes).strftime("%d/%m/%Y") in html
        assert "Bộ phận một cửa UBND xã Ia Tơi" in html and "0260 3 800 000" in html
        assert f"testserver{draft.url}gop-y/" in re.sub(r"<wbr>|</?span>", "", html)

    def test_qr_code_is_inline_svg_and_prints_on_one_a4_page(self, client, index):
        draft = DraftPageFactory(parent=index)
        html = client.get(draft.url + "in/").content.decode()
        svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
        root = ElementTree.fromstring(svg)
        assert root.tag.endswith("svg")
        # The print rules come in the notice's own stylesheet (no inline style under the site's CSP).
        stylesheet = re.search(r'<link rel="stylesheet" href="/static/([^"]+)"', html).group(1)
        with open(finders.find(stylesheet), encoding="utf-8") as css:
            rules = css.read()
        assert "@page { size: A4" in rules and "@media print" in rules
        assert "<script" not in html and "<img" not in html

    def test_qr_code_scales_to_its_printed_box_with_a_quiet_zone(self, index):
        from policies.views.reach import qr_svg

        # Decoded from the printed sheet in tests/browser/test_print.py; here: a drawing that CSS can size.
        root = ElementTree.fromstring(qr_svg("http://testserver/du-thao/x/gop-y/"))
        assert "width" not in root.attrib and "height" not in root.attrib
        x, y, width, height = (int(n) for n in root.attrib["viewBox"].split())
        assert (x, y) == (0, 0) and width == height
        path = root.find("{*}path[@class='qrline']")
        first_module = re.match(r"M(\d+) (\d+)", path.attrib["d"]).groups()
        assert first_module == ("4", "4")

    def test_escapes_user_text(self, client, index):
        draft = DraftPageFactory(parent=index, title="<script>alert(1)</script>")
        assert "<script>alert(1)" not in client.get(draft.url + "in/").content.decode()


@pytest.mark.django_db
class TestLoudspeakerScript:
    def test_plain_text_with_greeting_changes_deadline_and_how_to_comment(self, client, index):
        draft = DraftPageFactory(parent=index, changes=[change("Miễn phí chợ 12 tháng")])
        response = client.get(draft.url + "loa/", TEXT_FILE)
        text = response.content.decode()
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert text.startswith("Kính thưa bà con Nhân dân!")
        assert "Quy định mới: Miễn phí chợ 12 tháng." in text
        closes = timezone.localtime(draft.consultation_closes)
        assert f"ngày {closes.day} tháng {closes.month} năm {closes.year}" in text
        assert "0260 3 800 000" in text and f"testserver{draft.url}gop-y/" in text
        assert "<" not in text

    def test_long_drafts_are_cut_to_about_two_minutes(self, client, index):
        long_title = " ".join(["chính sách"] * 40)
        draft = DraftPageFactory(
            parent=index,
            title="Dự thảo rất dài " + " ".join(["từ"] * 80),
            summary=" ".join(["tóm tắt"] * 140)[:300],
            changes=[change(long_title) for _n in range(8)],
        )
        text = client.get(draft.url + "loa/", TEXT_FILE).content.decode()
        assert len(text.split()) <= MAX_SCRIPT_WORDS
        assert text.startswith("Kính thưa bà con Nhân dân!")

    def test_demo_scripts_fit_without_cutting_the_deadline(self, client, demo_data):
        from policies.models import DraftPage

        for draft in DraftPage.objects.live():
            text = client.get(draft.url + "loa/", TEXT_FILE).content.decode()
            assert len(text.split()) <= MAX_SCRIPT_WORDS
            assert text.rstrip().endswith("Xin cảm ơn bà con đã lắng nghe!")

    def test_page_shows_the_same_script_in_large_readable_paragraphs(self, client, index):
        draft = DraftPageFactory(parent=index, title="Chợ <b>phiên</b> & bến xe", changes=[change("Miễn phí chợ")])
        response = client.get(draft.url + "loa/")
        assert response["Content-Type"] == "text/html; charset=utf-8"
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        site_name = "Cổng truyền thông dự thảo chính sách"
        assert soup.title.string == f"Bài đọc trên loa truyền thanh: {draft.title} – {site_name}"
        assert soup.h1.get_text() == "Bài đọc trên loa truyền thanh"
        paragraphs = [" ".join(p.get_text(" ").split()) for p in soup.select(".script p")]
        text = client.get(draft.url + "loa/", TEXT_FILE).content.decode()
        assert paragraphs == [" ".join(part.split()) for part in text.split("\n\n")]
        assert "Chợ <b>phiên</b> & bến xe" in paragraphs[1]  # the visitor's markup stays text
        assert "<b>phiên</b>" not in response.content.decode()
        download = soup.find("a", string="Tải bài đọc (tệp .txt)")
        assert download["href"] == "?tai=1" and download.has_attr("download")
        assert soup.select_one(".reading-time").get_text() == "Đọc chậm, rõ: khoảng 1 phút."
        assert soup.select_one('link[rel="stylesheet"][href$="loudspeaker.css"]') is not None
        assert finders.find("css/loudspeaker.css")

    def test_reading_time_rounds_up_at_the_announcers_pace(self):
        assert reading_minutes("từ " * 1) == 1
        assert reading_minutes("từ " * 130) == 1
        assert reading_minutes("từ " * 131) == 2
        assert reading_minutes("từ " * MAX_SCRIPT_WORDS) == 2

    def test_download_as_txt_attachment(self, client, index):
        draft = DraftPageFactory(parent=index, code="DT-2026-09")
        response = client.get(draft.url + "loa/", {"tai": "1"})
        assert response["Content-Disposition"] == 'attachment; filename="loa-dt-2026-09.txt"'
        assert "Content-Disposition" not in client.get(draft.url + "loa/")

    def test_closed_window_says_it_has_ended(self, client, index):
        now = timezone.now()
        draft = DraftPageFactory(parent=index, consultation_opens=now - 30 * DAY, consultation_closes=now - DAY)
        assert "đã kết thúc" in client.get(draft.url + "loa/").content.decode()

    def test_unpublished_draft_has_no_notice_or_script(self, client, index):
        draft = DraftPageFactory(parent=index, live=False)
        assert client.get(draft.url + "loa/").status_code == 404
        assert client.get(f"/du-thao/{draft.slug}/in/").status_code == 404


@pytest.mark.django_db
class TestLoudspeakerScriptStates:
    def test_upcoming_window_gives_start_and_deadline(self, client, index):
        now = timezone.now()
        draft = DraftPageFactory(parent=index, consultation_opens=now + 3 * DAY, consultation_closes=now + 30 * DAY)
        text = client.get(draft.url + "loa/", TEXT_FILE).content.decode()
        opens = timezone.localtime(draft.consultation_opens)
        assert f"bắt đầu từ ngày {opens.day} tháng {opens.month}" in text and "Bà con góp ý trước" in text

    def test_no_window_yet_says_it_will_be_announced(self, client, index):
        draft = DraftPageFactory(parent=index, consultation_opens=None, consultation_closes=None)
        text = client.get(draft.url + "loa/", TEXT_FILE).content.decode()
        assert "sẽ được thông báo sau" in text and "đã kết thúc" not in text
