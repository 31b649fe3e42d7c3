import datetime
import io
import re

from django.urls import reverse
from django.utils import timezone

import pytest
from docx import Document
from openpyxl import load_workbook

from policies import roles
from policies.models import Comment
from tests.factories import CommentFactory, ConsultationDraftFactory, SynthesisFactory
from tests.policies.comment_helpers import comment_url, valid_data

# Attachments and uploads go to throw-away folders (tests/policies/conftest.py).
pytestmark = pytest.mark.usefixtures("private_media")

MARK_EMAIL = "dau-vet-rieng-7731@example.org"
MARK_PHONE = "0987771234"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def names_on(html):
    return re.findall(r"<strong>([^<]+)</strong> ·", html)


@pytest.mark.django_db
class TestPublicComments:
    def test_only_approved_public_comments_show_per_the_publish_choice(self, client, open_draft):
        CommentFactory(draft=open_draft, body="Đã duyệt có tên", name="Lê Văn Tám", state="approved")
        CommentFactory(
            draft=open_draft, body="Đã duyệt ẩn danh A", name="Ẩn Danh Một", publish_as="anonymous", state="approved"
        )
        CommentFactory(draft=open_draft, body="Đã duyệt ẩn danh B", name="", publish_as="anonymous", state="approved")
        CommentFactory(draft=open_draft, body="Không công khai", publish_as="private", state="approved")
        CommentFactory(draft=open_draft, body="Đang chờ", state="pending")
        CommentFactory(draft=open_draft, body="Bị ẩn", state="hidden")
        CommentFactory(draft=open_draft, body="Rác", state="spam")
        html = client.get(open_draft.url).content.decode()
        for shown in ("Đã duyệt có tên", "Lê Văn Tám", "Đã duyệt ẩn danh A", "Đã duyệt ẩn danh B"):
            assert shown in html
        for hidden in ("Ẩn Danh Một", "Không công khai", "Đang chờ", "Bị ẩn", "Rác"):
            assert hidden not in html
        assert names_on(html) == ["Lê Văn Tám", "Người góp ý 1", "Người góp ý 2"]

    def test_twenty_a_page_with_numbering_across_pages(self, client, open_draft):
        base = timezone.now() - datetime.timedelta(days=1)
        for n in range(25):
            CommentFactory(
                draft=open_draft,
                body=f"Ý kiến số {n + 1:02d}",
                publish_as="anonymous",
                state="approved",
                created_at=base + datetime.timedelta(minutes=n),
            )
        first = client.get(open_draft.url).content.decode()
        second = client.get(open_draft.url, {"trang": 2}).content.decode()
        assert first.count('class="card comment"') == 20 and second.count('class="card comment"') == 5
        assert "Ý kiến số 20" in first and "Ý kiến số 21" not in first
        assert names_on(second)[0] == "Người góp ý 21"
        assert "?trang=2" in first
        assert client.get(open_draft.url, {"trang": "xyz"}).status_code == 200
        assert client.get(open_draft.url, {"trang": 99}).status_code == 200

    def test_published_response_appears_under_the_comment(self, client, open_draft):
        CommentFactory(
            draft=open_draft, state="approved", handling="taken_in", response="Đã bổ sung vào Điều 3 của dự thảo."
        )
        html = client.get(open_draft.url).content.decode()
        assert "Tiếp thu" in html and "Đã bổ sung vào Điều 3 của dự thảo." in html

    def test_form_link_only_while_open(self, client, open_draft):
        assert comment_url(open_draft) in client.get(open_draft.url).content.decode()
        open_draft.consultation_closes = timezone.now() - datetime.timedelta(seconds=1)
        open_draft.save_revision().publish()
        assert comment_url(open_draft) not in client.get(open_draft.url).content.decode()


@pytest.mark.django_db
class TestContactNeverPublic:
    def test_contact_marker_absent_from_every_public_surface(self, client, open_draft, make_user):
        client.post(comment_url(open_draft), valid_data(open_draft, contact=MARK_EMAIL))
        response = client.post(comment_url(open_draft), valid_data(open_draft, contact=MARK_PHONE))
        assert MARK_PHONE not in response.content.decode()
        Comment.objects.update(state="approved", handling="taken_in", response="Tiếp thu")
        SynthesisFactory(draft=open_draft)
        surfaces = [
            open_draft.url,
            comment_url(open_draft),
            open_draft.url + "tong-hop/",
            open_draft.url + "tong-hop/?tai=xlsx",
            "/",
            "/du-thao/",
            "/du-thao/rss/",
            "/sitemap.xml",
            "/tim-kiem/?q=ho+tro",
        ]
        for path in surfaces:
            response = client.get(path)
            assert response.status_code == 200, path  # a 404 would hide nothing and prove nothing
            body = response.content if not response.streaming else b"".join(response.streaming_content)
            assert MARK_EMAIL.encode() not in body, path
            assert MARK_PHONE.encode() not in body, path
        docx = Document(io.BytesIO(client.get(open_draft.url + "tong-hop/?tai=docx").content))
        text = "\n".join(cell.text for table in docx.tables for row in table.rows for cell in row.cells)
        assert MARK_EMAIL not in text and MARK_PHONE not in text
        # Staff exports leave contact data out too.
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        export = client.get(reverse("wagtailsnippets_policies_comment:list"), {"export": "csv"})
        text = b"".join(export.streaming_content).decode()
        assert MARK_EMAIL not in text and MARK_PHONE not in text


@pytest.mark.django_db
class TestXssEscapedEverywhere:
    def test_payload_in_every_field_is_escaped_on_every_surface(self, client, open_draft, make_user, monkeypatch):
        from policies.models import DraftPage

        monkeypatch.setattr(DraftPage, "section_choices", lambda self: [("dieu-1", XSS)])
        client.post(
            comment_url(open_draft),
            valid_data(open_draft, body=XSS, name=XSS, organisation=XSS, section="dieu-1", contact="a@example.org"),
        )
        comment = Comment.objects.get()
        Comment.objects.update(state="approved", handling="explained", response=XSS, hidden_reason=XSS)
        SynthesisFactory(draft=open_draft, introduction=XSS, number_symbol=XSS, signer_name=XSS)
        moderator = make_user(role=roles.MODERATOR, units=[open_draft.drafting_unit])
        surfaces = [open_draft.url, open_draft.url + "tong-hop/"]
        for path in surfaces:
            html = client.get(path).content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html, path
            assert "&lt;script&gt;alert" in html, path
        client.force_login(moderator)
        for path in (
            reverse("wagtailsnippets_policies_comment:list"),
            reverse("wagtailsnippets_policies_comment:inspect", args=[comment.pk]),
            reverse("wagtailsnippets_policies_comment:edit", args=[comment.pk]),
        ):
            html = client.get(path).content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html, path
        client.logout()
        sheet = load_workbook(io.BytesIO(client.get(open_draft.url + "tong-hop/?tai=xlsx").content)).active
        assert XSS in [cell.value for row in sheet.iter_rows() for cell in row]
        docx = Document(io.BytesIO(client.get(open_draft.url + "tong-hop/?tai=docx").content))
        cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
        assert XSS in cells


@pytest.mark.django_db
class TestOfflineCountsEverywhere:
    def test_offline_comment_counts_and_shows_like_an_online_one(self, client):
        draft = ConsultationDraftFactory()
        CommentFactory(draft=draft, source="hotline", state="approved", name="Y Blih", body="Gọi qua đường dây nóng")
        CommentFactory(draft=draft, source="online", state="approved", body="Gửi trên cổng")
        SynthesisFactory(draft=draft)
        assert "Gọi qua đường dây nóng" in client.get(draft.url).content.decode()
        html = client.get(draft.url + "tong-hop/").content.decode()
        assert '<dd class="total-comments">2</dd>' in html
        assert "Y Blih – Đường dây nóng" in html
