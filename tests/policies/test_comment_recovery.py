"""A visitor's comment survives a CSRF failure, the size limit, the rate limit and a database outage.

The CSRF middleware runs for real here (`enforce_csrf_checks=True`) and DEBUG is off, as in production.
"""

import datetime
import re
import tempfile
from html import unescape

from django.test import Client
from django.utils import timezone

import pytest
import time_machine
from bs4 import BeautifulSoup

from policies.models import Comment, ConsentRecord
from tests.factories import ConsultationDraftFactory
from tests.policies.comment_helpers import comment_url, valid_data
from tests.production_app import postgres_cluster, production_app

# Attachments and uploads go to throw-away folders (tests/policies/conftest.py).
pytestmark = pytest.mark.usefixtures("private_media")

BODY = 'Đề nghị bỏ quy định "nộp bản sao" <script>alert(1)</script> & giữ mức hỗ trợ cũ.'
NAME = 'Rơ Châm "Hiền" <b>'


def section(anchor, number, heading):
    return ("section", {"kind": "article", "number": number, "heading": heading, "anchor": anchor, "body": "<p>x</p>"})


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False


@pytest.fixture
def draft(db):
    return ConsultationDraftFactory(
        sections=[section("dieu-1", "Điều 1", "Phạm vi"), section("dieu-2", "Điều 2", "Mức hỗ trợ")]
    )


@pytest.fixture
def browser():
    return Client(enforce_csrf_checks=True)


def typed(draft, **overrides):
    fields = {"body": BODY, "name": NAME, "organisation": "Thôn 3, xã Ia Tơi", "contact": "0912345678"}
    return valid_data(draft, **{**fields, "section": "dieu-2", **overrides})


def open_form(browser, draft):
    """What the visitor's browser holds after opening the form: its cookie and the page's token."""
    html = browser.get(comment_url(draft)).content.decode()
    return BeautifulSoup(html, "html.parser").select_one("input[name=csrfmiddlewaretoken]")["value"]


def nothing_stored():
    return not Comment.objects.exists() and not ConsentRecord.objects.exists()


def form_values(html):
    """The values a browser would send from the page's form with a `name` field, as the visitor sees them."""
    form = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "name"}).find_parent("form")
    values = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name:
            continue
        if field.name == "textarea":
            text = field.get_text()
            values[name] = text[1:] if text.startswith("\n") else text  # as HTML parsers do
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            values[name] = chosen["value"] if chosen else ""
        elif field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                values[name] = field["value"]
        elif field.get("type") != "file":
            values[name] = field.get("value", "")
    return values


@pytest.mark.django_db
class TestCsrfFailure:
    def test_form_without_its_cookie_shows_the_typed_text_back(self, browser, draft):
        sent = typed(draft)
        token = open_form(browser, draft)
        browser.cookies.clear()  # the browser lost its cookie while the form was open
        response = browser.post(comment_url(draft), {**sent, "csrfmiddlewaretoken": token})

        assert response.status_code == 403
        html = response.content.decode()
        assert "Biểu mẫu chưa được gửi" in html and "Góp ý bạn đã nhập vẫn còn đây" in html
        values = form_values(html)
        assert values["body"] == BODY
        assert (values["name"], values["organisation"], values["contact"]) == (
            NAME,
            "Thôn 3, xã Ia Tơi",
            "0912345678",
        )
        assert values["section"] == "dieu-2"
        assert "token" not in values and "stamp" not in values  # they came with a request that failed the check
        assert "Trình duyệt không gửi kèm mã bảo vệ của trang" in html  # why: the cookie, not a stale form
        assert "<script>alert(1)</script>" not in html and "<b>" not in html
        assert "no-store" in response["Cache-Control"]
        assert nothing_stored()

    def test_form_with_a_stale_token_shows_the_typed_text_back(self, browser, draft):
        open_form(browser, draft)
        response = browser.post(comment_url(draft), {**typed(draft), "csrfmiddlewaretoken": "x" * 64})
        assert response.status_code == 403
        assert form_values(response.content.decode())["body"] == BODY
        assert nothing_stored()

    def test_typed_text_reopens_the_real_form_and_is_sent_once(self, browser, draft):
        sent = typed(draft)
        token = open_form(browser, draft)
        browser.cookies.clear()
        refused = browser.post(comment_url(draft), {**sent, "csrfmiddlewaretoken": token}).content.decode()
        assert "csrftoken" in browser.cookies  # the refusal brought a fresh token and its cookie

        # "Mở lại biểu mẫu góp ý": the recovery form, sent as it stands.
        reopened = browser.post(comment_url(draft), form_values(refused))
        assert reopened.status_code == 200
        html = reopened.content.decode()
        assert "Nội dung bạn đã nhập đã được điền lại" in html
        values = form_values(html)
        assert values["body"] == BODY and values["name"] == NAME and values["section"] == "dieu-2"
        assert values["publish_as"] == "name" and values["token"] != sent["token"]  # a fresh one, never the sent one
        assert "consent" not in values  # the visitor ticks the consent again, under the full notice
        assert nothing_stored()

        values["consent"] = "on"
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):  # reading, ticking consent
            receipt = browser.post(comment_url(draft), values)
        assert "Đã nhận góp ý của bạn" in receipt.content.decode()
        comment = Comment.objects.get()
        assert (comment.body, comment.name, comment.section) == (BODY, NAME, "dieu-2")
        assert str(comment.submission_token) == values["token"]
        browser.post(comment_url(draft), values)  # pressed twice
        assert Comment.objects.count() == 1

    def test_another_sites_post_is_refused_without_showing_its_text(self, browser, draft, settings):
        settings.ALLOWED_HOSTS = ["testserver"]
        token = open_form(browser, draft)
        response = browser.post(
            comment_url(draft),
            {**typed(draft, body="Xem ngay tại evil.example"), "csrfmiddlewaretoken": token},
            headers={"origin": "https://evil.example"},
        )
        assert response.status_code == 403
        html = response.content.decode()
        assert "Biểu mẫu chưa được gửi" in html
        assert "evil.example" not in html and "Góp ý bạn đã nhập" not in html
        assert nothing_stored()

    def test_a_token_sent_through_a_failed_check_cannot_hide_the_visitors_comment(self, browser, draft):
        """Another site posts someone's earlier token without a CSRF token; the visitor reopens and sends."""
        earlier = browser.post(
            comment_url(draft), {**valid_data(draft), "csrfmiddlewaretoken": open_form(browser, draft)}
        )
        assert earlier.status_code == 200
        planted = str(Comment.objects.get().submission_token)
        forged = browser.post(comment_url(draft), typed(draft, token=planted))  # no CSRF token at all
        reopened = form_values(browser.post(comment_url(draft), form_values(forged.content.decode())).content.decode())
        assert reopened["token"] != planted
        reopened["consent"] = "on"
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):
            assert "Đã nhận góp ý của bạn" in browser.post(comment_url(draft), reopened).content.decode()
        assert Comment.objects.filter(body=BODY).count() == 1

    def test_empty_post_gets_the_plain_csrf_page(self, browser, draft):
        response = browser.post(comment_url(draft), {})
        assert response.status_code == 403
        html = response.content.decode()
        assert "Biểu mẫu chưa được gửi" in html and "Góp ý bạn đã nhập" not in html

    def test_other_forms_never_echo_what_was_posted(self, browser, draft):
        response = browser.post(f"/theo-doi/{draft.pk}/", {"email": "an@example.vn", "body": BODY})
        assert response.status_code == 403
        html = response.content.decode()
        assert "Biểu mẫu chưa được gửi" in html
        assert "giữ mức hỗ trợ cũ" not in html and "Góp ý bạn đã nhập" not in html


@pytest.mark.django_db
class TestTooLarge:
    def test_oversized_attachment_shows_the_text_back_with_a_size_error(self, browser, draft, settings):
        settings.COMMENT_MAX_REQUEST_BYTES = 50_000
        from django.core.files.uploadedfile import SimpleUploadedFile

        token = open_form(browser, draft)
        big = SimpleUploadedFile("ban-chup.pdf", b"%PDF-1.4\n" + b"0" * 80_000, content_type="application/pdf")
        response = browser.post(comment_url(draft), {**typed(draft), "csrfmiddlewaretoken": token, "attachments": big})

        assert response.status_code == 413
        html = response.content.decode()
        assert "tệp đính kèm quá lớn (cả góp ý và tệp gửi lên tối đa 48,8\xa0KB" in html
        values = form_values(html)
        assert values["body"] == BODY and values["name"] == NAME and values["section"] == "dieu-2"
        assert nothing_stored()

    def test_text_over_djangos_memory_limit_comes_back_with_a_vietnamese_413(self, browser, draft, settings):
        # Django refuses a body whose text passes DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB; the comment box holds 5,000
        # characters); policies.recovery keeps the part it read, so the text comes back as far as it was read.
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        token = open_form(browser, draft)
        response = browser.post(comment_url(draft), {**typed(draft, body="x" * 3000), "csrfmiddlewaretoken": token})
        assert response.status_code == 413
        html = response.content.decode()
        assert "nội dung gửi lên quá lớn" in html
        assert form_values(html)["body"] == "x" * 3000
        assert nothing_stored()


@pytest.mark.django_db
class TestRefusalsKeepTheText:
    def test_rate_limited_comment_is_shown_back(self, browser, draft, settings):
        settings.RATE_LIMITS = {"comment": (1, 600)}
        token = open_form(browser, draft)
        browser.post(comment_url(draft), {**valid_data(draft), "csrfmiddlewaretoken": token})
        response = browser.post(comment_url(draft), {**typed(draft), "csrfmiddlewaretoken": token})
        assert response.status_code == 429
        html = response.content.decode()
        assert "đợi khoảng 10 phút" in html
        assert form_values(html)["body"] == BODY
        assert Comment.objects.count() == 1

    def test_comment_sent_after_the_window_closed_can_be_copied(self, browser, draft):
        token = open_form(browser, draft)
        draft.consultation_closes = timezone.now() - datetime.timedelta(minutes=1)
        draft.save_revision().publish()
        response = browser.post(comment_url(draft), {**typed(draft), "csrfmiddlewaretoken": token})
        assert response.status_code == 403
        soup = BeautifulSoup(response.content.decode(), "html.parser")
        assert "Đã hết thời hạn lấy ý kiến" in soup.get_text()
        textarea = soup.select_one("textarea#typed-body")
        assert textarea.has_attr("readonly") and textarea.get_text() == BODY
        assert nothing_stored()


@pytest.fixture(scope="module")
def deployed_on_postgres():
    """gunicorn with cms.settings.production on a private PostgreSQL cluster this test may stop."""
    with (
        postgres_cluster() as cluster,
        tempfile.TemporaryDirectory(prefix="portal-outage-") as workdir,
        production_app(cluster.url, workdir) as app,
    ):
        app.env["COMMENT_MIN_SECONDS"] = "0"  # the robot is fast; the rule has its own tests
        draft_url = app.migrate_and_create_draft()
        app.start()
        yield cluster, app, draft_url


class TestDatabaseOutage:
    def test_comment_sent_during_an_outage_gets_503_with_its_text_and_is_sent_later(self, deployed_on_postgres):
        cluster, app, draft_url = deployed_on_postgres
        form = app.request("GET", draft_url + "gop-y/")
        assert form.status == 200
        fields = {
            "csrfmiddlewaretoken": form.hidden("csrfmiddlewaretoken"),
            "stamp": form.hidden("stamp"),
            "token": form.hidden("token"),
            "body": BODY,
            "name": NAME,
            "organisation": "Thôn 3",
            "contact": "0912345678",
            "publish_as": "name",
            "consent": "on",
            "website": "",
        }

        cluster.stop()
        try:
            response = app.request("POST", draft_url + "gop-y/", fields)
            assert response.status == 503
            assert response.headers["Retry-After"] == "120"
            assert "Cổng thông tin tạm gián đoạn" in response.text
            values = form_values(response.text)
            assert values["body"] == BODY and values["name"] == NAME and values["contact"] == "0912345678"
            assert "<script>alert(1)</script>" not in response.text

            # Any other page during the outage: the same Vietnamese 503, not a 500.
            page = app.request("GET", draft_url)
            assert page.status == 503 and page.headers["Retry-After"] == "120"
            assert "Cổng thông tin tạm gián đoạn" in page.text

            # Trying again too early gives the text back again.
            again = app.request("POST", draft_url + "gop-y/", values)
            assert again.status == 503 and form_values(again.text)["body"] == BODY
        finally:
            cluster.start()

        reopened = app.request("POST", draft_url + "gop-y/", form_values(again.text))
        assert reopened.status == 200
        values = form_values(reopened.text)
        assert values["body"] == BODY and values["token"] != fields["token"]  # fresh: the recovery form carries none
        values["consent"] = "on"
        sent = app.request("POST", draft_url + "gop-y/", values)
        assert sent.status == 200 and "Đã nhận góp ý của bạn" in sent.text
        assert re.search(r"GY-[0-9A-Z-]+", unescape(sent.text))
