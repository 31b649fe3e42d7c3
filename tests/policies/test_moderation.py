import io

from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest
from openpyxl import load_workbook

from policies import roles
from policies.models import Comment, CommentAttachment
from tests.factories import CommentFactory, ConsultationDraftFactory

# Attachments and uploads go to throw-away folders (tests/policies/conftest.py).
pytestmark = pytest.mark.usefixtures("private_media")

INDEX = "policies_comment_modeladmin_index"


def url(action, *args):
    return reverse(f"policies_comment_modeladmin_{action}", args=args)


@pytest.fixture
def setup(db, unit, other_unit, make_user):
    own_draft = ConsultationDraftFactory(drafting_unit=unit)
    other_draft = ConsultationDraftFactory(drafting_unit=other_unit)
    return {
        "moderator": make_user(role=roles.MODERATOR, units=[unit]),
        "editor": make_user(role=roles.EDITOR, units=[unit]),
        "justice": make_user(role=roles.JUSTICE_OFFICE, units=[]),
        "own": CommentFactory(draft=own_draft, body="Ý kiến của đơn vị mình", contact="0911000111"),
        "other": CommentFactory(draft=other_draft, body="Ý kiến của đơn vị khác"),
        "own_draft": own_draft,
        "other_draft": other_draft,
    }


def refused(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def logs(comment, action):
    return ModelLogEntry.objects.filter(object_id=str(comment.pk), action=action)


@pytest.mark.django_db
class TestModerationList:
    def test_moderator_lists_only_own_units_comments(self, client, setup):
        client.force_login(setup["moderator"])
        html = client.get(reverse(INDEX)).content.decode()
        assert setup["own"].receipt in html
        assert setup["other"].receipt not in html
        assert 'form="comment-bulk-form"' in html

    def test_justice_office_lists_all(self, client, setup):
        client.force_login(setup["justice"])
        html = client.get(reverse(INDEX)).content.decode()
        assert setup["own"].receipt in html and setup["other"].receipt in html

    def test_filter_and_search(self, client, setup):
        client.force_login(setup["justice"])
        html = client.get(reverse(INDEX), {"draft": setup["other_draft"].pk}).content.decode()
        assert setup["other"].receipt in html and setup["own"].receipt not in html
        html = client.get(reverse(INDEX), {"q": "đơn vị mình"}).content.decode()
        assert setup["own"].receipt in html and setup["other"].receipt not in html
        html = client.get(reverse(INDEX), {"state": "approved"}).content.decode()
        assert setup["own"].receipt not in html

    def test_draft_filter_offers_only_own_drafts(self, client, setup):
        client.force_login(setup["moderator"])
        html = client.get(reverse(INDEX)).content.decode()
        assert setup["own_draft"].code in html
        assert setup["other_draft"].code not in html

    def test_tampered_draft_filter_shows_nothing_from_other_units(self, client, setup):
        client.force_login(setup["moderator"])
        html = client.get(reverse(INDEX), {"draft": setup["other_draft"].pk}).content.decode()
        assert setup["other"].receipt not in html

    def test_identical_texts_are_grouped_with_honest_counts(self, client, setup):
        draft = setup["own_draft"]
        for text in ("Đồng ý với dự thảo!", "dong y voi   du thao", "ĐỒNG Ý VỚI DỰ THẢO"):
            CommentFactory(draft=draft, body=text)
        CommentFactory(draft=setup["other_draft"], body="Đồng ý với dự thảo")
        client.force_login(setup["moderator"])
        html = client.get(reverse(INDEX)).content.decode()
        assert html.count("trùng nội dung: 3") == 3
        html = client.get(reverse(INDEX), {"trung": "1"}).content.decode()
        assert setup["own"].receipt not in html and html.count("trùng nội dung: 3") == 3

    def test_export_is_scoped_without_contact_and_formula_safe(self, client, setup):
        CommentFactory(draft=setup["own_draft"], body='=HYPERLINK("http://x")', contact="marker@example.org")
        client.force_login(setup["moderator"])
        response = client.get(reverse(INDEX), {"export": "xlsx"})
        sheet = load_workbook(
            io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
        ).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        flat = " ".join(str(value) for row in values for value in row)
        assert setup["own"].receipt in flat
        assert setup["other"].receipt not in flat
        assert "marker@example.org" not in flat and "0911000111" not in flat
        assert '\'=HYPERLINK("http://x")' in [value for row in values for value in row]
        assert values[0][:3] == ["Số tiếp nhận", "Dự thảo", "Trạng thái"]

    def test_csv_export_escapes_formulas(self, client, setup):
        CommentFactory(draft=setup["own_draft"], body="@SUM(1+1)")
        client.force_login(setup["moderator"])
        response = client.get(reverse(INDEX), {"export": "csv"})
        text = b"".join(response.streaming_content).decode()
        assert "'@SUM(1+1)" in text and setup["other"].receipt not in text

    def test_user_without_role_cannot_list(self, client, setup, make_user, unit):
        client.force_login(make_user(role=roles.TRAINER, units=[unit]))
        assert refused(client.get(reverse(INDEX)))


@pytest.mark.django_db
class TestScopeOnEveryView:
    @pytest.mark.parametrize("action", ["inspect", "edit", "delete", "history"])
    def test_other_units_comment_is_refused(self, client, setup, action):
        client.force_login(setup["moderator"])
        response = client.get(url(action, setup["other"].pk))
        assert refused(response)
        assert setup["other"].body not in response.content.decode()

    @pytest.mark.parametrize("action", ["inspect", "edit", "history"])
    def test_own_units_comment_opens(self, client, setup, action):
        client.force_login(setup["moderator"])
        response = client.get(url(action, setup["own"].pk))
        assert response.status_code == 200

    def test_tampered_edit_post_changes_nothing(self, client, setup):
        client.force_login(setup["moderator"])
        client.post(url("edit", setup["other"].pk), {"handling": "taken_in", "response": "Đã sửa trộm"})
        setup["other"].refresh_from_db()
        assert setup["other"].handling == ""

    def test_delete_is_refused_to_moderators_and_in_scope_for_justice(self, client, setup):
        client.force_login(setup["moderator"])
        client.post(url("delete", setup["own"].pk))
        assert Comment.objects.filter(pk=setup["own"].pk).exists()
        client.force_login(setup["justice"])
        client.post(url("delete", setup["other"].pk))
        assert not Comment.objects.filter(pk=setup["other"].pk).exists()

    def test_moderate_view_refuses_other_units_id(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(url("moderate", setup["other"].pk), {"action": "approve"})
        assert response.status_code == 404
        setup["other"].refresh_from_db()
        assert setup["other"].state == Comment.State.PENDING

    def test_bulk_with_one_foreign_id_changes_nothing(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(url("bulk"), {"action": "approve", "ids": [setup["own"].pk, setup["other"].pk]})
        assert refused(response)
        assert set(Comment.objects.values_list("state", flat=True)) == {Comment.State.PENDING}

    def test_editor_records_handling_but_cannot_moderate(self, client, setup):
        client.force_login(setup["editor"])
        response = client.post(url("moderate", setup["own"].pk), {"action": "approve"})
        assert refused(response)
        response = client.post(url("bulk"), {"action": "approve", "ids": [setup["own"].pk]})
        assert refused(response)
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.PENDING

    def test_get_on_action_views_is_refused(self, client, setup):
        client.force_login(setup["moderator"])
        assert client.get(url("moderate", setup["own"].pk), {"action": "approve"}).status_code == 405
        assert client.get(url("bulk")).status_code == 405


@pytest.mark.django_db
class TestActions:
    def test_approve_is_logged(self, client, setup):
        client.force_login(setup["moderator"])
        client.post(url("moderate", setup["own"].pk), {"action": "approve"})
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.APPROVED
        entry = logs(setup["own"], "policies.comment.approve").get()
        assert entry.user == setup["moderator"]
        history = client.get(url("history", setup["own"].pk)).content.decode()
        assert "Đã duyệt góp ý" in history

    def test_hide_needs_a_reason(self, client, setup):
        client.force_login(setup["moderator"])
        client.post(url("moderate", setup["own"].pk), {"action": "hide", "reason": "  "})
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.PENDING
        client.post(url("moderate", setup["own"].pk), {"action": "hide", "reason": "Xúc phạm cá nhân"})
        setup["own"].refresh_from_db()
        assert (setup["own"].state, setup["own"].hidden_reason) == (Comment.State.HIDDEN, "Xúc phạm cá nhân")
        assert logs(setup["own"], "policies.comment.hide").get().data == {"reason": "Xúc phạm cá nhân"}

    def test_spam_and_restore(self, client, setup):
        client.force_login(setup["moderator"])
        client.post(url("moderate", setup["own"].pk), {"action": "spam"})
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.SPAM
        client.post(url("moderate", setup["own"].pk), {"action": "restore"})
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.PENDING
        assert logs(setup["own"], "policies.comment.spam").count() == 1
        assert logs(setup["own"], "policies.comment.restore").count() == 1

    def test_unknown_action_changes_nothing(self, client, setup):
        client.force_login(setup["moderator"])
        client.post(url("moderate", setup["own"].pk), {"action": "delete"})
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.PENDING

    def test_bulk_approve_logs_each(self, client, setup):
        more = [CommentFactory(draft=setup["own_draft"]) for _i in range(3)]
        client.force_login(setup["moderator"])
        response = client.post(url("bulk"), {"action": "approve", "ids": [c.pk for c in more]})
        assert response.status_code == 302
        assert all(c.state == Comment.State.APPROVED for c in Comment.objects.filter(pk__in=[c.pk for c in more]))
        assert ModelLogEntry.objects.filter(action="policies.comment.approve").count() == 3

    def test_bulk_hide_needs_a_reason(self, client, setup):
        client.force_login(setup["moderator"])
        client.post(url("bulk"), {"action": "hide", "ids": [setup["own"].pk]})
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.PENDING

    def test_bulk_redirect_stays_in_the_admin(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(
            url("bulk"), {"action": "approve", "ids": [setup["own"].pk], "next": "https://evil.example/"}
        )
        assert response["Location"] == reverse(INDEX)

    def test_handling_is_recorded_and_logged(self, client, setup):
        client.force_login(setup["editor"])
        comment = setup["own"]
        data = {"section": "", "handling": "explained", "response": "Đã giải trình tại cuộc họp."}
        response = client.post(url("edit", comment.pk), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        comment.refresh_from_db()
        assert (comment.handling, comment.response) == ("explained", "Đã giải trình tại cuộc họp.")
        assert comment.handled_at is not None
        assert comment.body == "Ý kiến của đơn vị mình"  # the visitor's words are not editable
        assert logs(comment, "policies.comment.handle").count() == 1


@pytest.mark.django_db
class TestOfflineComments:
    def data(self, draft, **extra):
        return {
            "draft": draft.pk,
            "source": "meeting",
            "received_on": "2026-11-20",
            "section": "",
            "body": "Ý kiến tại hội nghị thôn 3",
            "name": "Bà Rơ Châm H'Lan",
            "organisation": "Thôn 3",
            "contact": "",
            "publish_as": "name",
            "handling": "",
            "response": "",
            **extra,
        }

    def test_staff_record_an_offline_comment(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(url("create"), self.data(setup["own_draft"]))
        assert response.status_code == 302, response.content.decode()[:3000]
        comment = Comment.objects.get(body="Ý kiến tại hội nghị thôn 3")
        assert comment.source == Comment.Source.MEETING
        assert str(comment.received_on) == "2026-11-20"
        assert comment.entered_by == setup["moderator"]
        assert comment.state == Comment.State.APPROVED
        assert logs(comment, "wagtail.create").count() == 1

    def test_offline_comment_for_another_units_draft_is_refused(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(url("create"), self.data(setup["other_draft"]))
        assert response.status_code == 200
        assert not Comment.objects.filter(body="Ý kiến tại hội nghị thôn 3").exists()

    def test_online_is_not_an_offline_source(self, client, setup):
        client.force_login(setup["moderator"])
        client.post(url("create"), self.data(setup["own_draft"], source="online"))
        assert not Comment.objects.filter(body="Ý kiến tại hội nghị thôn 3").exists()


@pytest.mark.django_db
class TestAttachmentDownload:
    def make_attachment(self, comment):
        from django.core.files.base import ContentFile

        attachment = CommentAttachment(comment=comment, original_name="gop-y.pdf", kind="pdf", size=9)
        attachment.file.save("gop-y.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        return attachment

    def test_moderator_downloads_own_units_attachment(self, client, setup):
        attachment = self.make_attachment(setup["own"])
        client.force_login(setup["moderator"])
        response = client.get(url("attachment", attachment.pk))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4\n"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]
        inspect = client.get(url("inspect", setup["own"].pk)).content.decode()
        assert url("attachment", attachment.pk) in inspect

    def test_other_units_attachment_is_refused(self, client, setup):
        attachment = self.make_attachment(setup["other"])
        client.force_login(setup["moderator"])
        assert refused(client.get(url("attachment", attachment.pk)))

    def test_anonymous_visitor_is_sent_to_sign_in(self, client, setup):
        attachment = self.make_attachment(setup["own"])
        response = client.get(url("attachment", attachment.pk))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
class TestSynthesisAdmin:
    def data(self, draft, **extra):
        return {
            "draft": draft.pk,
            "number_symbol": "12/BC-PGDĐT",
            "place": "Ia H'Drai",
            "issued_on": "2026-11-26",
            "bodies_consulted": "10",
            "people_consulted": "50",
            "introduction": "",
            "signer_title": "Trưởng phòng",
            "signer_name": "Trần Văn Bình",
            "recipients": "- Lưu: VT.",
            "published": "on",
            **extra,
        }

    def test_editor_publishes_own_units_synthesis_only(self, client, setup):
        from policies.models import Synthesis

        client.force_login(setup["editor"])
        create = reverse("policies_synthesis_modeladmin_create")
        response = client.post(create, self.data(setup["other_draft"]))
        assert response.status_code == 200 and not Synthesis.objects.exists()
        # The window is still open: publishing needs the confirmation box (see test_synthesis_publish.py).
        response = client.post(create, self.data(setup["own_draft"], confirm_publish="on"))
        assert response.status_code == 302
        synthesis = Synthesis.objects.get()
        assert synthesis.published and synthesis.published_at is not None

    def test_other_units_synthesis_is_out_of_reach(self, client, setup):
        from tests.factories import SynthesisFactory

        theirs = SynthesisFactory(draft=setup["other_draft"], number_symbol="99/BC-KHAC")
        client.force_login(setup["editor"])
        assert "99/BC-KHAC" not in client.get(reverse("policies_synthesis_modeladmin_index")).content.decode()
        for action in ("edit", "history"):
            assert refused(client.get(reverse(f"policies_synthesis_modeladmin_{action}", args=[theirs.pk])))

    def test_moderator_sees_the_menu(self, client, setup):
        client.force_login(setup["moderator"])
        html = client.get("/admin/").content.decode()
        assert '"name": "lay-y-kien"' in html and f'"url": "{reverse(INDEX)}"' in html


@pytest.mark.django_db
class TestConsentWithdrawal:
    def test_withdrawal_erases_personal_data_and_keeps_the_words(self, client, setup, private_media):
        from django.core.files.base import ContentFile
        from django.utils import timezone

        from policies.models import ConsentRecord

        comment = setup["own"]
        ConsentRecord.objects.create(comment=comment, notice_version="2026-01", notice_text="Thông báo")
        attachment = CommentAttachment(comment=comment, original_name="cmnd.png", kind="png", size=9)
        attachment.file.save("cmnd.png", ContentFile(b"\x89PNG\r\n\x1a\n0"), save=True)
        path = attachment.file.path
        client.force_login(setup["moderator"])
        client.post(url("moderate", comment.pk), {"action": "withdraw_consent"})
        comment.refresh_from_db()
        assert (comment.name, comment.organisation, comment.contact) == ("", "", "")
        assert comment.publish_as == Comment.PublishAs.ANONYMOUS
        assert comment.body == "Ý kiến của đơn vị mình"
        assert not comment.attachments.exists()
        import os

        assert not os.path.exists(path)
        assert comment.consent.withdrawn_at <= timezone.now()
        assert logs(comment, "policies.comment.withdraw_consent").count() == 1

    def test_other_units_comment_cannot_be_erased(self, client, setup):
        client.force_login(setup["moderator"])
        assert client.post(url("moderate", setup["other"].pk), {"action": "withdraw_consent"}).status_code == 404
        setup["other"].refresh_from_db()
        assert setup["other"].name
