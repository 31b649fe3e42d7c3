"""Error pages are Vietnamese pages in the site's look, checked with DEBUG off as in production."""

import re

from django.template import loader
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from policies import roles
from policies.models import CommentAttachment
from tests.factories import CommentFactory, ConsultationDraftFactory
from tests.production_app import database_url, production_app

SITE_NAME = "Cổng truyền thông dự thảo chính sách"
# Words of Django's and Wagtail's English error pages; none is Vietnamese ("Wagtail" is a name).
ENGLISH = re.compile(
    r"\b(the|and|not|found|page|error|server|bad|request|forbidden|denied|access|please|you|your|was|sorry|"
    r"failed|verification|aborted|csrf|token|cookie|again|requested|could|go)\b",
    re.IGNORECASE,
)


def visible_text(html):
    soup = BeautifulSoup(html, "html.parser")
    # <noscript>: Wagtail's "JavaScript is required" note on every admin page, left to the admin-wide crawl.
    for hidden in soup(["script", "style", "svg", "template", "noscript"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def assert_vietnamese_page(html, heading):
    """The site's look (its header, stylesheet, `lang="vi"`), the expected heading, and no English words."""
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "vi"
    assert soup.select_one(".site-header .site-name").get_text(strip=True) == SITE_NAME
    assert soup.select_one('link[rel="stylesheet"]')["href"].endswith(".css")
    assert soup.h1.get_text(strip=True) == heading
    text = visible_text(html)
    assert not ENGLISH.findall(text), text


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    return settings


@pytest.mark.django_db
@pytest.mark.usefixtures("production_like")
class TestPublicErrorPages:
    def test_missing_page_is_a_vietnamese_404(self, client):
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        assert_vietnamese_page(response.content.decode(), "Không tìm thấy trang")

    def test_missing_draft_is_a_vietnamese_404_with_a_search_box(self, client):
        draft = ConsultationDraftFactory()
        response = client.get(draft.get_parent().url + "khong-co-du-thao-nay/")
        assert response.status_code == 404
        html = response.content.decode()
        assert_vietnamese_page(html, "Không tìm thấy trang")
        assert BeautifulSoup(html, "html.parser").select_one('form[action="/tim-kiem/"] input[name="q"]')

    def test_unknown_host_is_a_vietnamese_400(self, client):
        response = client.get("/", HTTP_HOST="gia-mao.example")
        assert response.status_code == 400
        assert_vietnamese_page(response.content.decode(), "Yêu cầu không hợp lệ")

    def test_form_with_too_many_fields_is_a_vietnamese_400(self):
        draft = ConsultationDraftFactory()
        browser = Client(enforce_csrf_checks=True)
        browser.get(f"/theo-doi/{draft.pk}/")  # sets the CSRF cookie, as opening the form does
        token = browser.cookies["csrftoken"].value
        response = browser.post(
            f"/theo-doi/{draft.pk}/", {"csrfmiddlewaretoken": token, **{f"o{n}": "x" for n in range(1100)}}
        )
        assert response.status_code == 400
        assert_vietnamese_page(response.content.decode(), "Yêu cầu không hợp lệ")

    def test_form_without_csrf_token_is_a_vietnamese_403(self):
        draft = ConsultationDraftFactory()
        response = Client(enforce_csrf_checks=True).post(
            f"/theo-doi/{draft.pk}/", {"email": "an@example.vn", "consent": "on"}
        )
        assert response.status_code == 403
        html = response.content.decode()
        assert_vietnamese_page(html, "Biểu mẫu chưa được gửi")
        assert "lưu trong trình duyệt đã bị xóa hoặc bị chặn" in html

    def test_stale_csrf_token_is_explained_in_vietnamese(self):
        draft = ConsultationDraftFactory()
        browser = Client(enforce_csrf_checks=True)
        browser.get(f"/theo-doi/{draft.pk}/")
        response = browser.post(f"/theo-doi/{draft.pk}/", {"csrfmiddlewaretoken": "x" * 64, "email": "an@example.vn"})
        assert response.status_code == 403
        html = response.content.decode()
        assert_vietnamese_page(html, "Biểu mẫu chưa được gửi")
        assert "trang biểu mẫu đã mở quá lâu" in html


class TestServerError:
    def test_unexpected_error_is_a_vietnamese_500(self, db, production_like):
        production_like.ROOT_URLCONF = "tests.error_urls"
        response = Client(raise_request_exception=False).get("/loi-bat-ngo/")
        assert response.status_code == 500
        assert "Retry-After" not in response
        assert_vietnamese_page(response.content.decode(), "Máy chủ gặp lỗi")

    def test_500_and_503_pages_need_no_database_nor_request(self):
        # No django_db mark: a query while rendering would raise.
        for template, heading in [("500.html", "Máy chủ gặp lỗi"), ("503.html", "Cổng thông tin tạm gián đoạn")]:
            assert_vietnamese_page(loader.render_to_string(template), heading)


@pytest.mark.django_db
@pytest.mark.usefixtures("production_like")
class TestAdminErrorPages:
    def test_missing_admin_page_is_wagtails_404_in_vietnamese(self, client, make_user, unit):
        client.force_login(make_user(role=roles.EDITOR, units=[unit]))
        response = client.get("/admin/khong-co-trang-nay/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "page404__header" in html  # Wagtail's own admin page
        soup = BeautifulSoup(html, "html.parser")
        assert soup.title.get_text(strip=True).startswith("Lỗi 404")
        assert soup.h1.get_text(strip=True) == "Lỗi 404"
        text = visible_text(html)
        assert "Không tìm thấy trang được yêu cầu." in text
        assert not ENGLISH.findall(text), text

    def test_other_units_attachment_is_refused_in_vietnamese(self, client, make_user, unit, other_unit, settings):
        from django.core.files.base import ContentFile

        comment = CommentFactory(draft=ConsultationDraftFactory(drafting_unit=other_unit))
        attachment = CommentAttachment(comment=comment, original_name="gop-y.pdf", kind="pdf", size=9)
        attachment.file.save("gop-y.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        client.force_login(make_user(role=roles.MODERATOR, units=[unit]))
        address = f"/admin/policies/comment/attachment/{attachment.pk}/"

        # Wagtail sends a page request back to the dashboard with its message...
        response = client.get(address, follow=True)
        assert response.redirect_chain == [("/admin/", 302)]
        assert "Bạn không có quyền truy cập vào khu vực này." in visible_text(response.content.decode())
        # ...and lets a script's request through as a plain 403: the site's Vietnamese page.
        response = client.get(address, headers={"x-requested-with": "XMLHttpRequest"})
        assert response.status_code == 403
        assert_vietnamese_page(response.content.decode(), "Không có quyền truy cập")


@pytest.fixture
def deployed(transactional_db, tmp_path):
    """The app under gunicorn with cms.settings.production, sharing this test's database."""
    from django.db import connection

    from home.setup import ensure_page_tree

    ensure_page_tree()  # a transactional test starts from an emptied database
    draft = ConsultationDraftFactory(title="Dự thảo thử trang lỗi")
    with production_app(database_url(connection.settings_dict), tmp_path) as app:
        app.env["COMMENT_MIN_SECONDS"] = "0"  # the robot is fast; the rule has its own tests
        app.start()
        yield app, draft.url


class TestUnderGunicorn:
    def test_missing_page_is_a_vietnamese_404(self, deployed):
        app, _draft_url = deployed
        response = app.request("GET", "/khong-co-trang-nay/")
        assert response.status == 404
        assert_vietnamese_page(response.text, "Không tìm thấy trang")

    def test_post_without_csrf_token_is_a_vietnamese_403(self, deployed):
        app, _draft_url = deployed
        app.cookies.clear()
        response = app.request("POST", "/du-thao/", {"q": "thuế"})
        assert response.status == 403
        assert_vietnamese_page(response.text, "Biểu mẫu chưa được gửi")

    def test_comment_without_csrf_cookie_comes_back_and_can_be_sent(self, deployed):
        app, draft_url = deployed
        app.cookies.clear()
        form = app.request("GET", draft_url + "gop-y/")
        assert form.status == 200
        fields = {
            "csrfmiddlewaretoken": form.hidden("csrfmiddlewaretoken"),
            "stamp": form.hidden("stamp"),
            "token": form.hidden("token"),
            "body": "Đề nghị giữ mức hỗ trợ <b>cũ</b> cho thôn 3.",
            "name": "Rơ Châm Hiền",
            "organisation": "Thôn 3",
            "contact": "0912345678",
            "publish_as": "name",
            "consent": "on",
            "website": "",
        }
        app.cookies.clear()  # the browser lost its cookie while the form was open
        refused = app.request("POST", draft_url + "gop-y/", fields)
        assert refused.status == 403
        assert_vietnamese_page(refused.text, "Biểu mẫu chưa được gửi")
        assert "Đề nghị giữ mức hỗ trợ &lt;b&gt;cũ&lt;/b&gt; cho thôn 3." in refused.text
        assert 'value="Rơ Châm Hiền"' in refused.text and 'value="0912345678"' in refused.text
        assert "csrftoken" in app.cookies  # a fresh token came with the page

        reopened = app.request(
            "POST",
            draft_url + "gop-y/",
            {
                "csrfmiddlewaretoken": refused.hidden("csrfmiddlewaretoken"),
                "khoi_phuc": "1",
                **{name: fields[name] for name in ("stamp", "token", "body", "name", "organisation", "contact")},
                "publish_as": "name",
            },
        )
        assert reopened.status == 200
        assert "Nội dung bạn đã nhập đã được điền lại" in reopened.text
        assert "Đề nghị giữ mức hỗ trợ &lt;b&gt;cũ&lt;/b&gt; cho thôn 3.</textarea>" in reopened.text
        assert "Số tiếp nhận" not in reopened.text

        sent = app.request(
            "POST", draft_url + "gop-y/", {**fields, "csrfmiddlewaretoken": reopened.hidden("csrfmiddlewaretoken")}
        )
        assert sent.status == 200
        assert "Đã nhận góp ý của bạn" in sent.text
