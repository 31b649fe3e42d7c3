"""What a visitor meets on the public pages: a comment form whose help and errors screen readers announce,
titles that name the site once, a home page that opens on the drafts taking comments."""

import datetime

from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from policies.templatetags.site_title import strip_site_name, with_site_name
from tests.factories import DraftPageFactory, draft_index
from tests.policies.comment_helpers import comment_url, valid_data

# Attachments and uploads go to throw-away folders (tests/policies/conftest.py).
pytestmark = pytest.mark.usefixtures("private_media")

SITE = "Cổng truyền thông dự thảo chính sách"


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def missing_describedby(soup):
    """Ids named by an aria-describedby on the page that no element carries."""
    named = [name for element in soup.select("[aria-describedby]") for name in element["aria-describedby"].split()]
    return [name for name in named if soup.find(id=name) is None]


def summary_links(soup):
    return [link["href"] for link in soup.select("#loi-bieu-mau a")]


@pytest.mark.django_db
class TestCommentFormHelpIsAnnounced:
    def test_every_described_by_id_exists_on_the_empty_form(self, client, open_draft):
        soup = soup_of(client.get(comment_url(open_draft)))
        assert missing_describedby(soup) == []
        described = {element["id"]: element["aria-describedby"] for element in soup.select("[aria-describedby]")}
        assert described == {
            "id_body": "id_body_helptext",
            "id_contact": "id_contact_helptext",
            "id_attachments": "id_attachments_helptext",
        }
        assert soup.find(id="id_body_helptext").get_text() == "Bắt buộc, tối đa 5.000 ký tự."
        assert soup.find(id="loi-bieu-mau") is None

    def test_the_subscription_form_names_only_ids_it_has(self, client, open_draft):
        response = client.post(f"/theo-doi/{open_draft.pk}/", {"email": "khong-hop-le"})
        assert missing_describedby(soup_of(response)) == []


@pytest.mark.django_db
class TestFailedSubmit:
    def test_summary_comes_first_focused_and_links_each_mistake_in_the_forms_order(self, client, open_draft):
        data = valid_data(open_draft, name="", contact="0912 34", consent=None, publish_as="name")
        response = client.post(comment_url(open_draft), data)
        assert response.status_code == 400
        soup = soup_of(response)
        summary = soup.find(id="loi-bieu-mau")
        assert summary["role"] == "alert" and summary["tabindex"] == "-1" and summary.has_attr("autofocus")
        assert summary.find_previous(["input", "textarea", "select"], type=lambda kind: kind != "hidden") is None
        assert summary_links(soup) == ["#id_name", "#id_contact", "#id_consent"]
        assert [link.get_text() for link in summary.select("a")] == [
            "Bạn chọn công khai kèm họ tên: vui lòng nhập họ tên, hoặc chọn ẩn danh.",
            "Số điện thoại hoặc thư điện tử không hợp lệ. Ví dụ: 0912 345 678 hoặc ten@example.vn.",
            "Vui lòng đánh dấu ô đồng ý xử lý dữ liệu cá nhân để gửi góp ý.",
        ]
        for href in summary_links(soup):
            assert soup.find(id=href[1:]) is not None, href
        assert missing_describedby(soup) == []
        assert soup.find(id="id_consent")["aria-describedby"] == "id_consent_error"
        assert soup.find(id="id_contact")["aria-describedby"] == "id_contact_helptext id_contact_error"
        assert soup.title.get_text().startswith("Lỗi: Gửi góp ý: ")
        assert "<script" not in response.content.decode()

    def test_what_the_visitor_typed_is_kept(self, client, open_draft):
        body = "Đề nghị giữ mức hỗ trợ <cũ> & thêm tiền xe.\nDòng thứ hai."
        data = valid_data(open_draft, body=body, organisation="Thôn 3", contact="0912 34", consent=None)
        soup = soup_of(client.post(comment_url(open_draft), data))
        assert soup.find(id="id_body").get_text() == "\n" + body  # Django's textarea starts with a newline
        assert soup.find(id="id_organisation")["value"] == "Thôn 3"
        assert soup.find(id="id_contact")["value"] == "0912 34"
        assert soup.find(id="id_publish_as_0").has_attr("checked")  # "name", as chosen

    def test_a_radio_group_mistake_links_its_first_choice(self, client, open_draft):
        soup = soup_of(client.post(comment_url(open_draft), valid_data(open_draft, publish_as="bogus")))
        assert summary_links(soup) == ["#id_publish_as_0"]
        assert soup.find(id="id_publish_as_0") is not None
        assert soup.find("fieldset", attrs={"aria-describedby": "id_publish_as_error"}) is not None
        assert missing_describedby(soup) == []

    def test_a_mistake_of_the_whole_form_is_listed_as_text(self, client, open_draft, settings):
        settings.COMMENT_MIN_SECONDS = 120  # the form was served a minute ago: too fast
        response = client.post(comment_url(open_draft), valid_data(open_draft))
        summary = soup_of(response).find(id="loi-bieu-mau")
        assert summary_links(soup_of(response)) == []
        assert "Biểu mẫu được gửi quá nhanh" in summary.select_one("li").get_text()

    def test_a_form_sent_back_too_large_focuses_its_message(self, client, open_draft, settings):
        settings.COMMENT_MAX_REQUEST_BYTES = 2000
        data = valid_data(open_draft, body="Góp ý rất dài. " * 200)
        response = client.post(comment_url(open_draft), data)
        assert response.status_code == 413
        message = soup_of(response).find(id="thong-bao-bieu-mau")
        assert message["role"] == "alert" and message["tabindex"] == "-1" and message.has_attr("autofocus")
        assert "quá lớn" in message.get_text()
        assert missing_describedby(soup_of(response)) == []


class TestTitlePattern:
    @pytest.mark.parametrize(
        ("title", "expected"),
        [
            ("", SITE),
            (SITE, SITE),
            ("Dự thảo X", f"Dự thảo X – {SITE}"),
            (f"Dự thảo X – {SITE}", f"Dự thảo X – {SITE}"),
            (f"Dự thảo X – {SITE} – {SITE}", f"Dự thảo X – {SITE}"),
            (f"{SITE} | Dự thảo X", f"Dự thảo X – {SITE}"),
            ("  Dự thảo\n   X  ", f"Dự thảo X – {SITE}"),
            # The site name inside a title of its own stays.
            (f"{SITE} năm 2026", f"{SITE} năm 2026 – {SITE}"),
            (f"Giới thiệu {SITE}", f"Giới thiệu {SITE} – {SITE}"),
        ],
    )
    def test_the_site_name_comes_once_at_the_end(self, title, expected):
        assert with_site_name(title, SITE) == expected

    def test_a_site_name_with_markup_is_escaped_and_still_recognised(self):
        name = "Cổng A & B"
        assert with_site_name("Dự thảo X – Cổng A &amp; B", name) == "Dự thảo X – Cổng A &amp; B"
        assert with_site_name("<b>", "<i>") == "<b> – &lt;i&gt;"

    def test_no_site_name_leaves_the_title(self):
        assert strip_site_name("Dự thảo X", "") == "Dự thảo X"
        assert with_site_name("Dự thảo X", "") == "Dự thảo X"


@pytest.mark.django_db
class TestPageTitles:
    def test_no_public_page_repeats_the_site_name(self, client):
        index = draft_index()
        draft = DraftPageFactory(parent=index, title="Dự thảo thuế chợ", seo_title=f"Thuế chợ – {SITE}")
        pages = {
            "/": SITE,
            index.url: f"{index.title} – {SITE}",
            draft.url: f"Thuế chợ – {SITE}",
            comment_url(draft): f"Gửi góp ý: Dự thảo thuế chợ – {SITE}",
            draft.url + "loa/": f"Bài đọc trên loa truyền thanh: Dự thảo thuế chợ – {SITE}",
            draft.url + "in/": f"Thông báo lấy ý kiến: Dự thảo thuế chợ – {SITE}",
            "/tim-kiem/": f"Tìm kiếm dự thảo – {SITE}",
            "/khong-co-trang-nay/": f"Không tìm thấy trang – {SITE}",
        }
        for path, expected in pages.items():
            title = soup_of(client.get(path)).title.get_text()
            assert title == expected, path
            assert title.count(SITE) == 1, path
        # A link shared on Zalo shows the site's name once too, from og:site_name.
        shared = soup_of(client.get(draft.url))
        assert shared.find("meta", property="og:title")["content"] == "Thuế chợ"
        assert shared.find("meta", property="og:site_name")["content"] == SITE


@pytest.mark.django_db
class TestHomeOpensOnOpenDrafts:
    def test_open_drafts_come_right_after_the_heading_then_the_introduction(self, client):
        index = draft_index()
        now = timezone.now()
        DraftPageFactory(parent=index, title="Dự thảo đang mở", consultation_closes=now + datetime.timedelta(days=3))
        soup = soup_of(client.get("/"))
        headings = [heading.get_text() for heading in soup.select("main h1, main h2, main h3")]
        assert headings[:3] == [SITE, "Đang lấy ý kiến", "Dự thảo đang mở"]
        assert headings.index("Giới thiệu") > headings.index("Dự thảo đang mở")
        assert soup.select_one("#gioi-thieu ~ .lead").get_text().startswith("Nơi người dân")
