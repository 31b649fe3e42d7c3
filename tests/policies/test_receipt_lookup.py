import re
from urllib.parse import urlsplit

from django.core import mail

import pytest
from bs4 import BeautifulSoup

from policies.models import Comment
from policies.views.receipts import OTHER_REASON, normalise_receipt, reason_category
from tests.factories import CommentFactory, SynthesisFactory
from tests.policies.comment_helpers import comment_url, valid_data

# Attachments and uploads go to throw-away folders (tests/policies/conftest.py).
pytestmark = pytest.mark.usefixtures("private_media")

LOOKUP = "/gop-y/tra-cuu/"
NAME = "Hoàng Thị Mận"
CONTACT = "man.hoang.7731@example.org"


def lookup(client, receipt, **extra):
    return client.get(LOOKUP, {"so": receipt}, **extra)


def text_of(response):
    """What a person reads on the page (tags stripped, spaces collapsed)."""
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(soup.get_text(" ").split())


def result_of(response):
    section = BeautifulSoup(response.content, "html.parser").select_one(".lookup-result")
    return " ".join(section.get_text(" ").split()) if section else ""


@pytest.fixture
def comment(open_draft):
    return CommentFactory(
        draft=open_draft,
        body="Đề nghị nâng mức hỗ trợ cho học sinh ở thôn xa.",
        name=NAME,
        organisation="Thôn 5, xã Ia Tơi",
        contact=CONTACT,
    )


def assert_no_personal_data(response):
    html = response.content.decode()
    assert NAME not in html and CONTACT not in html and "Thôn 5" not in html


@pytest.mark.django_db
class TestReceiptStates:
    def test_pending_comment_says_it_waits_for_moderation_and_hides_its_words(self, client, comment):
        response = lookup(client, comment.receipt)
        assert response.status_code == 200
        result = result_of(response)
        assert "Đã tiếp nhận, đang chờ kiểm duyệt" in result
        assert comment.draft.title in result and comment.draft.code in result
        assert comment.body not in response.content.decode()
        assert_no_personal_data(response)

    def test_published_comment_shows_its_own_words_but_no_name_or_contact(self, client, comment):
        Comment.objects.filter(pk=comment.pk).update(state="approved", publish_as="name")
        response = lookup(client, comment.receipt)
        result = result_of(response)
        assert "Đã đăng công khai" in result
        assert comment.body in result
        assert_no_personal_data(response)

    def test_approved_private_comment_is_not_shown_and_says_why(self, client, comment):
        Comment.objects.filter(pk=comment.pk).update(state="approved", publish_as="private")
        response = lookup(client, comment.receipt)
        assert "không đăng công khai theo đề nghị của bạn" in result_of(response)
        assert comment.body not in response.content.decode()
        assert_no_personal_data(response)

    def test_hidden_comment_shows_a_plain_category_never_the_moderators_note(self, client, comment):
        note = f"Xúc phạm cán bộ xã, có nêu tên ông {NAME}"
        Comment.objects.filter(pk=comment.pk).update(state="hidden", hidden_reason=note)
        response = lookup(client, comment.receipt)
        result = result_of(response)
        assert "Không được đăng công khai" in result
        assert "Lý do Có lời lẽ xúc phạm, thô tục hoặc thiếu văn hóa." in result
        assert note not in response.content.decode() and "cán bộ xã" not in result
        assert comment.body not in response.content.decode()
        assert_no_personal_data(response)

    def test_spam_is_only_not_published(self, client, comment):
        Comment.objects.filter(pk=comment.pk).update(state="spam", hidden_reason="Quảng cáo đất")
        response = lookup(client, comment.receipt)
        result = result_of(response)
        assert "Không được đăng" in result
        assert "Lý do" not in result and "Quảng cáo" not in result and "quảng cáo" not in result
        assert comment.body not in response.content.decode()
        assert_no_personal_data(response)

    def test_page_is_never_cached_and_has_no_script(self, client, comment):
        response = lookup(client, comment.receipt)
        assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
        assert "<script" not in response.content.decode()
        assert 'name="robots" content="noindex"' in response.content.decode()


@pytest.mark.django_db
class TestReceiptHandling:
    def test_handling_appears_only_once_the_synthesis_is_published(self, client, comment):
        Comment.objects.filter(pk=comment.pk).update(
            state="approved", handling="explained", response="Mức hỗ trợ theo khả năng ngân sách năm 2026."
        )
        synthesis = SynthesisFactory(draft=comment.draft, published=False)
        before = result_of(lookup(client, comment.receipt))
        assert "Mức hỗ trợ theo khả năng ngân sách" not in before
        assert "chưa công bố bản tổng hợp" in before

        synthesis.published = True
        synthesis.save()
        after = result_of(lookup(client, comment.receipt))
        assert "Cách xử lý Giải trình" in after
        assert "Trả lời của cơ quan soạn thảo Mức hỗ trợ theo khả năng ngân sách năm 2026." in after
        # The same words the published synthesis prints for this comment.
        assert "Giải trình: Mức hỗ trợ theo khả năng ngân sách năm 2026." in text_of(
            client.get(comment.draft.url + "tong-hop/")
        )

    def test_private_comment_gets_its_answer_without_its_words(self, client, comment):
        Comment.objects.filter(pk=comment.pk).update(
            state="approved", publish_as="private", handling="not_taken", response="Đã chuyển UBND xã."
        )
        SynthesisFactory(draft=comment.draft)
        response = lookup(client, comment.receipt)
        assert "Cách xử lý Không tiếp thu" in result_of(response)
        assert "Đã chuyển UBND xã." in result_of(response)
        assert comment.body not in response.content.decode()

    def test_a_duplicate_answered_in_the_synthesis_row_answers_this_one_too(self, client, comment):
        Comment.objects.filter(pk=comment.pk).update(state="approved")
        twin = CommentFactory(draft=comment.draft, body=comment.body.upper(), state="approved", name="Khác")
        Comment.objects.filter(pk=twin.pk).update(handling="taken_in", response="Đã bổ sung tại Điều 3.")
        SynthesisFactory(draft=comment.draft)
        assert "Cách xử lý Tiếp thu" in result_of(lookup(client, comment.receipt))

    def test_unhandled_comment_in_published_synthesis_says_not_yet_handled(self, client, comment):
        Comment.objects.filter(pk=comment.pk).update(state="approved")
        SynthesisFactory(draft=comment.draft)
        assert "Cách xử lý Chưa xử lý" in result_of(lookup(client, comment.receipt))

    def test_hidden_comment_shows_no_handling_even_after_the_synthesis(self, client, comment):
        Comment.objects.filter(pk=comment.pk).update(
            state="hidden", hidden_reason="Trùng lặp", handling="taken_in", response="Ghi chú nội bộ"
        )
        SynthesisFactory(draft=comment.draft)
        result = result_of(lookup(client, comment.receipt))
        assert "Ghi chú nội bộ" not in result and "Cách xử lý" not in result
        assert "Trùng với góp ý đã gửi." in result

    def test_unpublished_draft_is_not_named(self, client, comment):
        comment.draft.unpublish()
        response = lookup(client, comment.receipt)
        assert "Đã tiếp nhận, đang chờ kiểm duyệt" in result_of(response)
        assert comment.draft.title not in response.content.decode()


@pytest.mark.django_db
class TestReceiptInput:
    def test_empty_lookup_shows_only_the_form(self, client):
        response = client.get(LOOKUP)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.select_one('form[method="get"] input[name="so"]')
        assert not soup.select(".message.error") and not soup.select(".lookup-result")

    def test_unknown_receipt_says_so_in_vietnamese(self, client, comment):
        response = lookup(client, "GY-2026-ACDEFGH")
        assert response.status_code == 404
        assert "Không tìm thấy góp ý có số tiếp nhận GY-2026-ACDEFGH." in text_of(response)
        assert not BeautifulSoup(response.content, "html.parser").select(".lookup-result")

    def test_malformed_receipt_says_what_one_looks_like(self, client):
        for typed in ("abc", "<script>x</script>", "GY-" + "A" * 40, "GY-2026-ÁCD"):
            response = lookup(client, typed)
            assert response.status_code == 400, typed
            assert "Số tiếp nhận không đúng dạng." in text_of(response)
            assert "<script>x" not in response.content.decode()

    def test_receipt_typed_loosely_is_found(self, client, comment):
        year, code = comment.receipt.split("-")[1:]
        for typed in (comment.receipt.lower(), f" gy {year} {code} ", f"GY{year}{code}", f"GY–{year}–{code}"):
            response = lookup(client, typed)
            assert response.status_code == 200, typed
            assert "đang chờ kiểm duyệt" in result_of(response), typed

    def test_lookups_are_rate_limited_per_client(self, client, comment, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "receipt": (3, 600)}
        for _attempt in range(3):
            assert lookup(client, "GY-2026-ACDEFGH").status_code == 404
        refused = lookup(client, comment.receipt)
        assert refused.status_code == 429
        assert "Bạn đã tra cứu nhiều lần trong thời gian ngắn" in text_of(refused)
        assert not BeautifulSoup(refused.content, "html.parser").select(".lookup-result")
        # Another client is not affected.
        assert lookup(client, comment.receipt, REMOTE_ADDR="10.9.8.7").status_code == 200


class TestReceiptParsing:
    def test_normalise_receipt(self):
        assert normalise_receipt("gy-2026-acde347") == "GY-2026-ACDE347"
        assert normalise_receipt("GY 2026 ACDE347") == "GY-2026-ACDE347"
        assert normalise_receipt("GY2026ACDE347") == "GY-2026-ACDE347"
        assert normalise_receipt("ＧＹ－２０２６－ＡＣＤＥ３４７") == "GY-2026-ACDE347"
        assert normalise_receipt("GY-DEMO-A01") == "GY-DEMO-A01"
        assert normalise_receipt("") is None
        assert normalise_receipt("2026-ACDE347") is None
        assert normalise_receipt("GY-2026-ACDE347; DROP") is None

    def test_reason_category(self):
        assert str(reason_category("Lời lẽ xúc phạm cá nhân.")).startswith("Có lời lẽ xúc phạm")
        assert str(reason_category("Có số điện thoại của người khác")).startswith("Có thông tin cá nhân")
        assert str(reason_category("Trùng lặp với ý kiến trước")) == "Trùng với góp ý đã gửi."
        assert str(reason_category("khong lien quan den du thao")).startswith("Không liên quan")
        assert reason_category("Lý do khác, ông Nguyễn Văn A") == OTHER_REASON


@pytest.mark.django_db
class TestReceiptLinks:
    def test_confirmation_page_links_to_the_lookup_of_its_receipt(self, client, open_draft):
        response = client.post(comment_url(open_draft), valid_data(open_draft))
        comment = Comment.objects.get()
        link = BeautifulSoup(response.content, "html.parser").find("a", string="Tra cứu tình trạng góp ý")
        assert link is not None
        followed = client.get(link["href"])
        assert followed.status_code == 200
        assert f"Góp ý số {comment.receipt}" in result_of(followed)
        assert "đang chờ kiểm duyệt" in result_of(followed)

    def test_receipt_email_links_to_the_lookup_of_its_receipt(self, client, open_draft):
        client.post(comment_url(open_draft), valid_data(open_draft, contact="an.nguyen@example.vn"))
        comment = Comment.objects.get()
        line = next(line for line in mail.outbox[0].body.splitlines() if line.startswith("Tra cứu tình trạng"))
        url = re.search(r"https?://\S+", line)[0]
        assert url.startswith("http://testserver/gop-y/tra-cuu/?so=")
        parts = urlsplit(url)
        followed = client.get(f"{parts.path}?{parts.query}")
        assert f"Góp ý số {comment.receipt}" in result_of(followed)

    def test_every_public_page_leads_to_the_lookup_for_a_visitor_who_lost_the_confirmation(self, client, open_draft):
        for url in ("/", open_draft.url, "/du-thao/"):
            footer = BeautifulSoup(client.get(url).content, "html.parser").find("footer")
            link = footer.find("a", string="Tra cứu góp ý đã gửi")
            assert link is not None and link["href"] == "/gop-y/tra-cuu/", url
