"""Moderating many comments at once: Wagtail's snippet bulk actions, one per moderation action.

Each action asks the moderation permission and the comment policy's scope. The ids come from the
address (`?id=…`): if one of them is not a comment the user may see, nothing is done at all and the
request is refused, without naming the other unit's comment.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from cms.http import parse_id
from policies.admin_lookup import visible_to
from policies.comment_views import MODERATE_PERMISSION, MODERATION_MESSAGES, clean_reason
from policies.models import Comment


class HideReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do ẩn"),
        max_length=1000,
        help_text=_("Ghi rõ vì sao góp ý không được công khai; lý do được lưu trong lịch sử của góp ý."),
        error_messages={"required": _("Vui lòng ghi lý do ẩn góp ý.")},
    )

    def clean_reason(self):
        reason = clean_reason(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError(_("Vui lòng ghi lý do ẩn góp ý."))
        return reason


class CommentModerationBulkAction(SnippetBulkAction):
    models = [Comment]
    template_name = "policies/admin/comment_bulk_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self, model, object_ids):
        # No "select all in listing" (the list template offers none): it would ignore the list's filters.
        ids = {parse_id(value) for value in object_ids}
        if not ids or None in ids:
            raise PermissionDenied
        comments = list(visible_to(self.request.user, Comment.objects.select_related("draft").filter(pk__in=ids)))
        if len(comments) != len(ids):
            # Some ids are not the user's to touch (or do not exist): do nothing at all.
            raise PermissionDenied
        return comments

    def get_all_objects_in_listing_query(self, parent_id):
        return ["all"]  # refused by get_queryset

    def check_perm(self, comment):
        return True  # get_queryset has refused anything out of scope

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def get_execution_context(self):
        return {"user": self.request.user, "reason": self.cleaned_form.cleaned_data.get("reason", "")}

    @classmethod
    def execute_action(cls, objects, user=None, reason="", **kwargs):
        count = Comment.objects.filter(pk__in=[comment.pk for comment in objects]).moderate(
            cls.action_type, user, reason
        )
        return count, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return MODERATION_MESSAGES[self.action_type] % {"count": num_parent_objects}


class ApproveBulkAction(CommentModerationBulkAction):
    display_name = _("Duyệt")
    action_type = "approve"
    aria_label = _("Duyệt các góp ý đã chọn")
    action_priority = 10
    question = _("Duyệt và công khai các góp ý này (trừ góp ý người gửi chọn không công khai)?")
    button = _("Có, duyệt")


class HideBulkAction(CommentModerationBulkAction):
    display_name = _("Ẩn (cần lý do)")
    action_type = "hide"
    aria_label = _("Ẩn các góp ý đã chọn")
    action_priority = 20
    form_class = HideReasonForm
    question = _("Ẩn các góp ý này khỏi trang công khai? Lý do được ghi vào lịch sử của từng góp ý.")
    button = _("Có, ẩn")


class SpamBulkAction(CommentModerationBulkAction):
    display_name = _("Đánh dấu rác")
    action_type = "spam"
    aria_label = _("Đánh dấu rác các góp ý đã chọn")
    action_priority = 25
    question = _("Đánh dấu các góp ý này là rác? Góp ý rác không được tính vào tổng hợp.")
    button = _("Có, đánh dấu rác")


class RestoreBulkAction(CommentModerationBulkAction):
    display_name = _("Đưa về chờ duyệt")
    action_type = "restore"
    aria_label = _("Đưa các góp ý đã chọn về chờ duyệt")
    action_priority = 28  # before Wagtail's delete (30), which the "More" menu holds
    question = _("Đưa các góp ý này về chờ duyệt? Góp ý đã công khai sẽ không còn hiện trên trang dự thảo.")
    button = _("Có, đưa về chờ duyệt")


BULK_ACTIONS = (ApproveBulkAction, HideBulkAction, SpamBulkAction, RestoreBulkAction)
