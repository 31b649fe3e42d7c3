import io
import re

from django.urls import reverse
from django.utils.http import urlencode

from wagtail.models import ModelLogEntry

import pytest
from openpyxl import load_workbook

from policies import roles
from policies.models import Comment, CommentAttachment
from tests.factories import CommentFactory, ConsultationDraftFactory

# Attachments and uploads go to throw-away folders (tests/policies/conftest.py).
pytestmark = pytest.mark.usefixtures("private_media")

INDEX = "wagtailsnippets_policies_comment:list"
SYNTHESIS = "wagtailsnippets_policies_synthesis"


def url(action, *args):
    return reverse(f"wagtailsnippets_policies_comment:{action}", args=args)


def bulk_url(action, ids, next_url=None):
    """Wagtail's bulk action address, as the listing's bar builds it: the ids in the query string."""
    query = [("id", pk) for pk in ids] + ([("next", next_url)] if next_url else [])
    return reverse("wagtail_bulk_action", args=["policies", "comment", action]) + "?" + urlencode(query)


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
        assert f'data-object-id="{setup["own"].pk}" data-bulk-action-checkbox' in html
        assert f'data-object-id="{setup["other"].pk}"' not in html
        assert 'href="/admin/bulk/policies/comment/approve/"' in html

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

    def test_bulk_delete_is_logged_per_comment_and_refused_to_moderators(self, client, setup):
        ids = [setup["own"].pk, setup["other"].pk]
        client.force_login(setup["moderator"])
        client.post(bulk_url("delete", ids))
        assert Comment.objects.filter(pk__in=ids).count() == 2
        client.force_login(setup["justice"])
        response = client.post(bulk_url("delete", ids))
        assert response.status_code == 302
        assert not Comment.objects.filter(pk__in=ids).exists()
        deleted = ModelLogEntry.objects.filter(object_id__in=[str(pk) for pk in ids], action="wagtail.delete")
        assert deleted.count() == 2

    def test_site_history_names_only_comments_in_scope(self, client, setup):
        for comment in (setup["own"], setup["other"]):
            comment.moderate("hide", user=setup["justice"], reason="Trùng lặp")
        client.force_login(setup["moderator"])
        html = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
        assert setup["own"].receipt in html
        assert setup["other"].receipt not in html and setup["other_draft"].code not in html

    def test_moderate_view_refuses_other_units_id(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(url("moderate", setup["other"].pk), {"action": "approve"})
        assert response.status_code == 404
        setup["other"].refresh_from_db()
        assert setup["other"].state == Comment.State.PENDING

    def test_bulk_with_one_foreign_id_changes_nothing(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(bulk_url("approve", [setup["own"].pk, setup["other"].pk]))
        assert refused(response)
        assert set(Comment.objects.values_list("state", flat=True)) == {Comment.State.PENDING}

    @pytest.mark.parametrize("action", ["approve", "hide", "spam", "restore"])
    def test_bulk_action_on_another_units_comment_alone_is_refused(self, client, setup, action):
        if action == "restore":
            setup["other"].moderate("approve", setup["justice"])
        before = Comment.objects.get(pk=setup["other"].pk).state
        client.force_login(setup["moderator"])
        confirm = client.get(bulk_url(action, [setup["other"].pk]))
        assert refused(confirm) and setup["other"].body not in confirm.content.decode()
        response = client.post(bulk_url(action, [setup["other"].pk]), {"reason": "Xúc phạm"})
        assert refused(response)
        assert Comment.objects.get(pk=setup["other"].pk).state == before
        assert not logs(setup["other"], f"policies.comment.{action}").filter(user=setup["moderator"]).exists()

    @pytest.mark.parametrize("ids", [["abc"], ["all"], ["1²"], []])
    def test_bulk_action_with_odd_ids_changes_nothing(self, client, setup, ids):
        client.force_login(setup["justice"])
        response = client.post(bulk_url("approve", ids))
        assert refused(response) or response.status_code == 404
        assert set(Comment.objects.values_list("state", flat=True)) == {Comment.State.PENDING}

    def test_editor_records_handling_but_cannot_moderate(self, client, setup):
        client.force_login(setup["editor"])
        response = client.post(url("moderate", setup["own"].pk), {"action": "approve"})
        assert refused(response)
        response = client.post(bulk_url("approve", [setup["own"].pk]))
        assert refused(response)
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.PENDING

    def test_get_on_action_views_changes_nothing(self, client, setup):
        client.force_login(setup["moderator"])
        assert client.get(url("moderate", setup["own"].pk), {"action": "approve"}).status_code == 405
        # A bulk action's address, opened, asks for confirmation and changes nothing.
        confirm = client.get(bulk_url("approve", [setup["own"].pk]))
        assert confirm.status_code == 200 and setup["own"].receipt in confirm.content.decode()
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.PENDING


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
        response = client.post(bulk_url("approve", [c.pk for c in more], next_url=reverse(INDEX)))
        assert response.status_code == 302 and response["Location"] == reverse(INDEX)
        assert all(c.state == Comment.State.APPROVED for c in Comment.objects.filter(pk__in=[c.pk for c in more]))
        assert ModelLogEntry.objects.filter(action="policies.comment.approve").count() == 3

    def test_bulk_hide_needs_a_reason(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(bulk_url("hide", [setup["own"].pk]), {"reason": "  "})
        assert "Vui lòng ghi lý do ẩn góp ý." in response.content.decode()
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.PENDING
        client.post(bulk_url("hide", [setup["own"].pk]), {"reason": "Quảng cáo"})
        setup["own"].refresh_from_db()
        assert (setup["own"].state, setup["own"].hidden_reason) == (Comment.State.HIDDEN, "Quảng cáo")
        assert logs(setup["own"], "policies.comment.hide").get().data == {"reason": "Quảng cáo"}

    def test_bulk_redirect_stays_in_the_admin(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(bulk_url("approve", [setup["own"].pk], next_url="https://evil.example/"))
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/") and "evil" not in response["Location"]

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
        response = client.post(url("add"), self.data(setup["own_draft"]))
        assert response.status_code == 302, response.content.decode()[:3000]
        comment = Comment.objects.get(body="Ý kiến tại hội nghị thôn 3")
        assert comment.source == Comment.Source.MEETING
        assert str(comment.received_on) == "2026-11-20"
        assert comment.entered_by == setup["moderator"]
        assert comment.state == Comment.State.APPROVED
        assert logs(comment, "wagtail.create").count() == 1

    def test_offline_comment_for_another_units_draft_is_refused(self, client, setup):
        client.force_login(setup["moderator"])
        response = client.post(url("add"), self.data(setup["other_draft"]))
        assert response.status_code == 200
        assert not Comment.objects.filter(body="Ý kiến tại hội nghị thôn 3").exists()

    def test_online_is_not_an_offline_source(self, client, setup):
        client.force_login(setup["moderator"])
        client.post(url("add"), self.data(setup["own_draft"], source="online"))
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
        create = reverse(f"{SYNTHESIS}:add")
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
        assert "99/BC-KHAC" not in client.get(reverse(f"{SYNTHESIS}:list")).content.decode()
        for action in ("edit", "history"):
            assert refused(client.get(reverse(f"{SYNTHESIS}:{action}", args=[theirs.pk])))

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


@pytest.mark.django_db
class TestHandEditedFilters:
    @pytest.mark.parametrize(
        "query",
        [
            {"draft": "abc"},
            {"draft": "99999999999999999999999"},
            {"draft": "1\x00"},
            {"state": "zzz"},
            {"status": "zzz"},
            {"source": "online'--"},
            {"section": "<script>"},
            {"trung": "9"},
            {"handling": "zzz"},
            {"state": "pending", "draft": "²"},
        ],
    )
    def test_odd_value_gives_a_vietnamese_form_error_or_is_ignored(self, client, setup, query):
        client.force_login(setup["moderator"])
        response = client.get(reverse(INDEX), query)
        assert response.status_code == 200
        html = response.content.decode()
        assert setup["own"].receipt in html and setup["other"].receipt not in html
        # Whatever the filter form says of the value, it says it in Vietnamese.
        errors = re.findall(r'<p class="error-message">\s*(.*?)\s*</p>', html, re.S)
        assert all("hợp lệ" in error for error in errors), errors
        if query.keys() & {"state", "source", "section", "trung", "handling"} or query.get("draft") == "abc":
            assert errors

    def test_another_units_draft_is_not_a_choice(self, client, setup):
        client.force_login(setup["moderator"])
        html = client.get(reverse(INDEX), {"draft": setup["other_draft"].pk}).content.decode()
        assert "Hãy chọn một lựa chọn hợp lệ." in html and setup["other"].receipt not in html

    def test_handling_none_lists_comments_without_a_decision(self, client, setup):
        handled = CommentFactory(draft=setup["own_draft"], handling=Comment.Handling.TAKEN_IN)
        client.force_login(setup["moderator"])
        html = client.get(reverse(INDEX), {"handling": "none"}).content.decode()
        assert setup["own"].receipt in html and handled.receipt not in html
        html = client.get(reverse(INDEX), {"handling": "taken_in"}).content.decode()
        assert setup["own"].receipt not in html and handled.receipt in html


@pytest.mark.django_db
class TestModerationOnTheModel:
    def test_queryset_moderates_each_logs_each_and_drops_each_drafts_pages_once(self, setup):
        from policies.models.comments import comment_visibility_changed

        more = CommentFactory(draft=setup["own_draft"])
        dropped = []

        def listen(sender, draft, **kwargs):
            dropped.append(draft.pk)

        comment_visibility_changed.connect(listen)
        try:
            count = Comment.objects.filter(pk__in=[setup["own"].pk, more.pk]).moderate(
                "hide", setup["moderator"], "Trùng lặp"
            )
        finally:
            comment_visibility_changed.disconnect(listen)
        assert count == 2 and dropped == [setup["own_draft"].pk]
        for comment in (setup["own"], more):
            comment.refresh_from_db()
            assert (comment.state, comment.hidden_reason) == (Comment.State.HIDDEN, "Trùng lặp")
            assert comment.moderated_at is not None
            assert logs(comment, "policies.comment.hide").get().user == setup["moderator"]

    def test_hiding_without_a_reason_is_refused(self, setup):
        with pytest.raises(ValueError):
            setup["own"].moderate("hide", setup["moderator"])
        setup["own"].refresh_from_db()
        assert setup["own"].state == Comment.State.PENDING

    def test_restore_clears_the_hidden_reason(self, setup):
        setup["own"].moderate("hide", setup["moderator"], "Xúc phạm")
        setup["own"].moderate("restore", setup["moderator"])
        setup["own"].refresh_from_db()
        assert (setup["own"].state, setup["own"].hidden_reason) == (Comment.State.PENDING, "")

    def test_erase_personal_data_keeps_the_words(self, setup):
        comment = setup["own"]
        comment.name, comment.publish_as = "Nguyễn Văn A", Comment.PublishAs.NAME
        comment.save()
        comment.erase_personal_data(setup["moderator"])
        comment.refresh_from_db()
        assert (comment.name, comment.contact, comment.publish_as) == ("", "", Comment.PublishAs.ANONYMOUS)
        assert comment.body == "Ý kiến của đơn vị mình"
        assert logs(comment, "policies.comment.withdraw_consent").get().user == setup["moderator"]
