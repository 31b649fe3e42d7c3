import datetime
import io
import unicodedata

from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

import pytest
import time_machine
from docx import Document
from PIL import Image

from cms.http import client_ip
from policies.forms import CONSENT_NOTICE_VERSION, form_stamp
from policies.models import Comment, CommentAttachment, ConsentRecord, DraftPage
from tests.factories import ConsultationDraftFactory
from tests.policies.comment_helpers import comment_url, valid_data

# Attachments and uploads go to throw-away folders (tests/policies/conftest.py).
pytestmark = pytest.mark.usefixtures("private_media")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def png_bytes():
    output = io.BytesIO()
    Image.new("RGB", (2, 2)).save(output, format="PNG")
    return output.getvalue()


def docx_bytes():
    output = io.BytesIO()
    document = Document()
    document.add_paragraph("Góp ý kèm theo")
    document.save(output)
    return output.getvalue()


def nothing_stored():
    return not Comment.objects.exists() and not ConsentRecord.objects.exists()


@pytest.mark.django_db
class TestCommentFormPage:
    def test_form_is_never_cached_and_consent_is_unticked(self, client, open_draft):
        response = client.get(comment_url(open_draft))
        html = response.content.decode()
        assert response.status_code == 200
        assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
        assert 'name="consent"' in html
        consent_input = html[html.index('name="consent"') - 200 : html.index('name="consent"') + 100]
        assert "checked" not in consent_input
        assert "<script" not in html
        for words in (
            "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
            "Mục đích",
            "rút lại",
            open_draft.drafting_unit.name,
        ):
            assert words in html
        assert 'name="stamp"' in html and 'name="token"' in html and 'name="website"' in html


@pytest.mark.django_db
class TestCommentSubmission:
    def test_valid_comment_is_stored_pending_with_consent_and_receipt(self, client, open_draft):
        response = client.post(comment_url(open_draft), valid_data(open_draft))
        comment = Comment.objects.get()
        assert response.status_code == 200
        assert comment.receipt in response.content.decode()
        assert comment.receipt.startswith(f"GY-{timezone.localdate().year}-")
        assert comment.state == Comment.State.PENDING
        assert comment.source == Comment.Source.ONLINE
        assert comment.consent.notice_version == CONSENT_NOTICE_VERSION
        assert open_draft.drafting_unit.name in comment.consent.notice_text
        assert abs((timezone.now() - comment.consent.given_at).total_seconds()) < 60

    def test_receipt_is_emailed_when_an_email_is_given(self, client, open_draft):
        client.post(comment_url(open_draft), valid_data(open_draft, contact="An.Nguyen@Example.vn"))
        comment = Comment.objects.get()
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["an.nguyen@example.vn"]
        assert comment.receipt in mail.outbox[0].subject and comment.receipt in mail.outbox[0].body

    def test_no_email_for_a_phone_number(self, client, open_draft):
        client.post(comment_url(open_draft), valid_data(open_draft, contact="0912 345 678"))
        assert Comment.objects.get().contact == "0912345678"
        assert mail.outbox == []

    def test_same_form_sent_twice_gives_one_comment_and_the_same_receipt(self, client, open_draft):
        data = valid_data(open_draft)
        first = client.post(comment_url(open_draft), data)
        second = client.post(comment_url(open_draft), data)
        comment = Comment.objects.get()
        assert comment.receipt in first.content.decode()
        assert comment.receipt in second.content.decode()

    def test_token_from_another_drafts_form_does_not_leak_its_receipt(self, client, open_draft):
        other = ConsultationDraftFactory()
        data = valid_data(other)
        client.post(comment_url(other), data)
        theirs = Comment.objects.get()
        response = client.post(comment_url(open_draft), {**data, "stamp": valid_data(open_draft)["stamp"]})
        assert theirs.receipt not in response.content.decode()
        assert "Biểu mẫu đã quá hạn hoặc không hợp lệ" in response.content.decode()  # a stamp names its own token
        assert not Comment.objects.filter(draft=open_draft).exists()

    def test_consent_unticked_is_refused(self, client, open_draft):
        response = client.post(comment_url(open_draft), valid_data(open_draft, consent=None))
        assert response.status_code == 400
        assert "Vui lòng đánh dấu ô đồng ý" in response.content.decode()
        assert nothing_stored()

    def test_empty_comment_is_refused(self, client, open_draft):
        response = client.post(comment_url(open_draft), valid_data(open_draft, body=" \u200b \n "))
        assert "Vui lòng nhập nội dung góp ý" in response.content.decode()
        assert nothing_stored()

    def test_publish_with_name_needs_a_name(self, client, open_draft):
        response = client.post(comment_url(open_draft), valid_data(open_draft, name=""))
        assert "vui lòng nhập họ tên" in response.content.decode()
        assert nothing_stored()

    def test_bad_contact_is_refused_with_an_example(self, client, open_draft):
        response = client.post(comment_url(open_draft), valid_data(open_draft, contact="gọi tôi"))
        assert "0912 345 678" in response.content.decode()
        assert nothing_stored()


@pytest.mark.django_db
class TestRefusals:
    def test_a_second_before_the_window_opens_is_refused(self, client, open_draft):
        data = valid_data(open_draft)
        with time_machine.travel(open_draft.consultation_opens - datetime.timedelta(seconds=1), tick=False):
            response = client.post(comment_url(open_draft), data)
        assert response.status_code == 403
        assert "chưa đến thời hạn lấy ý kiến" in response.content.decode()
        assert nothing_stored()

    def test_a_second_after_the_window_closes_is_refused(self, client, open_draft):
        data = valid_data(open_draft)
        with time_machine.travel(open_draft.consultation_closes + datetime.timedelta(seconds=1), tick=False):
            response = client.post(comment_url(open_draft), data)
            page = client.get(comment_url(open_draft))
        assert response.status_code == 403
        assert "Đã hết thời hạn lấy ý kiến" in response.content.decode()
        assert 'name="body"' not in page.content.decode()
        assert nothing_stored()

    def test_the_last_second_of_the_window_is_accepted(self, client, open_draft):
        with time_machine.travel(open_draft.consultation_closes, tick=False):
            data = valid_data(open_draft)
            response = client.post(comment_url(open_draft), data)
        assert response.status_code == 200
        assert Comment.objects.count() == 1

    def test_unpublished_draft_takes_no_comment(self, client, open_draft):
        data = valid_data(open_draft)
        url = comment_url(open_draft)
        open_draft.unpublish()
        response = client.post(url, data)
        assert response.status_code == 404
        assert nothing_stored()
        assert not DraftPage.objects.get(pk=open_draft.pk).accepts_comments()

    def test_filled_honeypot_gets_a_neutral_page_and_nothing_is_stored(self, client, open_draft):
        response = client.post(comment_url(open_draft), valid_data(open_draft, website="http://spam.example"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Cảm ơn bạn đã góp ý" in html
        assert "GY-" not in html
        assert nothing_stored()

    def test_form_sent_faster_than_a_human_is_shown_again(self, client, open_draft):
        data = valid_data(open_draft)
        response = client.post(comment_url(open_draft), {**data, "stamp": form_stamp(open_draft, data["token"])})
        html = response.content.decode()
        assert response.status_code == 400
        assert "Biểu mẫu được gửi quá nhanh" in html
        assert "Đề nghị bổ sung hỗ trợ" in html  # nothing the person typed is lost
        assert nothing_stored()

    @pytest.mark.parametrize("stamp", ["", "forged:stamp", None])
    def test_missing_or_forged_stamp_is_refused(self, client, open_draft, stamp):
        response = client.post(comment_url(open_draft), valid_data(open_draft, stamp=stamp))
        assert response.status_code == 400
        assert "Biểu mẫu đã quá hạn hoặc không hợp lệ" in response.content.decode()
        assert nothing_stored()

    def test_stamp_of_another_draft_is_refused(self, client, open_draft):
        other = ConsultationDraftFactory()
        stamp = valid_data(other)["stamp"]
        response = client.post(comment_url(open_draft), valid_data(open_draft, stamp=stamp))
        assert response.status_code == 400
        assert nothing_stored()

    def test_rate_limit_per_client_refuses_and_stores_nothing_more(self, client, open_draft, settings):
        settings.RATE_LIMITS = {"comment": (2, 600)}
        for _i in range(2):
            assert client.post(comment_url(open_draft), valid_data(open_draft)).status_code == 200
        response = client.post(comment_url(open_draft), valid_data(open_draft))
        assert response.status_code == 429
        assert "Vui lòng đợi khoảng 10 phút" in response.content.decode()
        assert Comment.objects.count() == 2

    def test_rate_limit_ignores_a_spoofed_forwarded_header_without_trusted_proxies(self, client, open_draft, settings):
        settings.RATE_LIMITS = {"comment": (1, 600)}
        settings.TRUSTED_PROXY_COUNT = 0
        client.post(comment_url(open_draft), valid_data(open_draft), HTTP_X_FORWARDED_FOR="1.1.1.1")
        response = client.post(comment_url(open_draft), valid_data(open_draft), HTTP_X_FORWARDED_FOR="2.2.2.2")
        assert response.status_code == 429
        assert Comment.objects.count() == 1

    def test_rate_limit_is_per_client_behind_a_trusted_proxy(self, client, open_draft, settings):
        settings.RATE_LIMITS = {"comment": (1, 600)}
        settings.TRUSTED_PROXY_COUNT = 1
        first = client.post(comment_url(open_draft), valid_data(open_draft), HTTP_X_FORWARDED_FOR="1.1.1.1")
        second = client.post(comment_url(open_draft), valid_data(open_draft), HTTP_X_FORWARDED_FOR="2.2.2.2")
        third = client.post(comment_url(open_draft), valid_data(open_draft), HTTP_X_FORWARDED_FOR="9.9.9.9, 2.2.2.2")
        assert (first.status_code, second.status_code, third.status_code) == (200, 200, 429)

    def test_rate_limit_window_passes(self, client, open_draft, settings):
        settings.RATE_LIMITS = {"comment": (1, 600)}
        client.post(comment_url(open_draft), valid_data(open_draft))
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
            assert client.post(comment_url(open_draft), valid_data(open_draft)).status_code == 200
        assert Comment.objects.count() == 2


class TestClientIp:
    def request(self, remote="10.0.0.9", forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    def test_without_trusted_proxies_the_header_is_ignored(self, settings):
        settings.TRUSTED_PROXY_COUNT = 0
        assert client_ip(self.request(forwarded="1.2.3.4")) == "10.0.0.9"

    def test_one_proxy_takes_the_right_most_entry(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(self.request(forwarded="6.6.6.6, 1.2.3.4")) == "1.2.3.4"

    def test_two_proxies_take_the_second_from_the_right(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip(self.request(forwarded="6.6.6.6, 1.2.3.4, 10.0.0.2")) == "1.2.3.4"

    def test_too_few_hops_or_garbage_fall_back_to_the_socket_address(self, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        assert client_ip(self.request(forwarded="1.2.3.4")) == "10.0.0.9"
        settings.TRUSTED_PROXY_COUNT = 1
        assert client_ip(self.request(forwarded="not-an-ip")) == "10.0.0.9"
        assert client_ip(self.request(forwarded="2001:db8::1")) == "2001:db8::1"


@pytest.mark.django_db
class TestHostileInput:
    def test_comment_longer_than_5000_characters_is_refused(self, client, open_draft):
        response = client.post(comment_url(open_draft), valid_data(open_draft, body="a" * 5001))
        assert response.status_code == 400
        assert "dài quá 5000 ký tự" in response.content.decode()
        assert nothing_stored()

    def test_5000_decomposed_characters_count_once_composed(self, client, open_draft):
        body = unicodedata.normalize("NFD", "ế" * 5000)
        assert len(body) > 5000
        response = client.post(comment_url(open_draft), valid_data(open_draft, body=body))
        assert response.status_code == 200
        assert Comment.objects.get().body == "ế" * 5000

    def test_oversized_request_is_refused_in_vietnamese_before_reading(self, client, open_draft, settings):
        settings.COMMENT_MAX_REQUEST_BYTES = 1000
        response = client.post(comment_url(open_draft), valid_data(open_draft, body="x" * 2000))
        assert response.status_code == 413
        assert "quá lớn" in response.content.decode()
        assert nothing_stored()

    def test_body_over_djangos_memory_limit_is_a_clear_error(self, client, open_draft, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        response = client.post(
            comment_url(open_draft),
            valid_data(open_draft, body="x" * 3000),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (400, 413)
        assert "Vui lòng" in response.content.decode()
        assert nothing_stored()

    def test_nul_bytes_are_removed(self, client, open_draft):
        response = client.post(
            comment_url(open_draft), valid_data(open_draft, body="Thuế\x00 đất", name="An\x00 Nguyễn")
        )
        assert response.status_code == 200
        comment = Comment.objects.get()
        assert (comment.body, comment.name) == ("Thuế đất", "An Nguyễn")

    def test_bidi_and_zero_width_tricks_are_removed(self, client, open_draft):
        body = "Đồng ý\u202e với\u200b dự thảo\u2066\ufeff"
        client.post(comment_url(open_draft), valid_data(open_draft, body=body, organisation="Xã\u200d Ia Tơi"))
        comment = Comment.objects.get()
        assert comment.body == "Đồng ý với dự thảo"
        assert comment.organisation == "Xã Ia Tơi"

    def test_decomposed_text_is_stored_composed(self, client, open_draft):
        name = unicodedata.normalize("NFD", "Trần Thị Ánh")
        client.post(
            comment_url(open_draft), valid_data(open_draft, name=name, body=unicodedata.normalize("NFD", "Thuế"))
        )
        comment = Comment.objects.get()
        assert comment.name == "Trần Thị Ánh" and comment.body == "Thuế"

    def test_invalid_utf8_is_a_clear_page_not_a_500(self, client, open_draft):
        response = client.post(
            comment_url(open_draft), b"body=%FF%FE&consent=on", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500
        assert nothing_stored()

    def test_unknown_publish_choice_and_section_are_refused(self, client, open_draft):
        response = client.post(comment_url(open_draft), valid_data(open_draft, publish_as="everyone"))
        assert response.status_code == 400
        assert nothing_stored()


@pytest.mark.django_db
class TestSections:
    def test_section_reference_comes_from_the_drafts_sections(self, client, open_draft, monkeypatch):
        monkeypatch.setattr(DraftPage, "section_choices", lambda self: [("dieu-1", "Điều 1"), ("dieu-2", "Điều 2")])
        html = client.get(comment_url(open_draft)).content.decode()
        assert "Điều 2" in html
        client.post(comment_url(open_draft), valid_data(open_draft, section="dieu-2"))
        assert Comment.objects.get().section == "dieu-2"
        response = client.post(comment_url(open_draft), valid_data(open_draft, section="dieu-99"))
        assert response.status_code == 400
        assert Comment.objects.count() == 1


@pytest.mark.django_db
class TestAttachments:
    def test_real_files_are_stored_privately(self, client, open_draft, private_media, settings):
        files = [upload("gop-y.pdf", PDF), upload("anh.png", png_bytes()), upload("Góp ý.docx", docx_bytes())]
        response = client.post(comment_url(open_draft), {**valid_data(open_draft), "attachments": files})
        assert response.status_code == 200, response.content.decode()
        kinds = sorted(CommentAttachment.objects.values_list("kind", flat=True))
        assert kinds == ["docx", "pdf", "png"]
        for attachment in CommentAttachment.objects.all():
            path = attachment.file.path
            assert path.startswith(str(private_media))
            assert not path.startswith(settings.MEDIA_ROOT)
            assert attachment.original_name not in path
            with pytest.raises(ValueError):
                attachment.file.url  # noqa: B018

    @pytest.mark.parametrize(
        "name,content",
        [
            ("bao-cao.pdf", b"MZ\x90\x00 this is a windows program"),
            ("anh.png", PDF),  # a real PDF named .png
            ("van-ban.docx", b"PK\x03\x04not really a zip"),
            ("trang.html", b"<script>alert(1)</script>"),
        ],
    )
    def test_files_are_checked_by_content(self, client, open_draft, name, content):
        response = client.post(
            comment_url(open_draft), {**valid_data(open_draft), "attachments": [upload(name, content)]}
        )
        assert response.status_code == 400
        assert "không phải PDF, DOCX, JPEG hay PNG thật" in response.content.decode()
        assert nothing_stored() and not CommentAttachment.objects.exists()

    def test_oversized_file_is_refused(self, client, open_draft, settings):
        settings.COMMENT_ATTACHMENT_MAX_BYTES = 1024
        big = upload("lon.pdf", PDF + b"0" * 2048)
        response = client.post(comment_url(open_draft), {**valid_data(open_draft), "attachments": [big]})
        assert "quá lớn" in response.content.decode()
        assert nothing_stored()

    def test_more_than_three_files_are_refused(self, client, open_draft):
        files = [upload(f"{n}.pdf", PDF) for n in range(4)]
        response = client.post(comment_url(open_draft), {**valid_data(open_draft), "attachments": files})
        assert "tối đa 3 tệp" in response.content.decode()
        assert nothing_stored()
