"""Comment moderation in the Wagtail admin: a snippet viewset scoped by unit.

Every view asks the comment's registered unit-scoped permission policy (policies.scope) through
`ScopedSnippetViewSet`: moderators see and act only on comments on drafts of their own units; the
Justice Office and superusers see all. Bulk moderation uses Wagtail's bulk actions
(policies.comment_bulk_actions); one comment is moderated from its inspect page.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, TitleColumn
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView, EditView, IndexView, InspectView

from cms.exports import DayFirstExportMixin
from policies.admin_lookup import ScopedSnippetViewSet, visible_to
from policies.comment_filters import CommentFilterSet
from policies.forms import CommentAdminForm, normalise_body
from policies.models import Comment, CommentAttachment
from policies.models.comments import comment_visibility_changed
from policies.naming import Folded, clean_text, fold

MODERATE_PERMISSION = "policies.moderate_comment"

# action → past-tense message, shown after one comment or many were moderated
MODERATION_MESSAGES = {
    "approve": gettext_lazy("Đã duyệt %(count)s góp ý."),
    "hide": gettext_lazy("Đã ẩn %(count)s góp ý."),
    "spam": gettext_lazy("Đã đánh dấu rác %(count)s góp ý."),
    "restore": gettext_lazy("Đã đưa %(count)s góp ý về chờ duyệt."),
}


def register_comment_log_actions(actions):
    actions.register_action("policies.comment.approve", _("Duyệt góp ý"), _("Đã duyệt góp ý"))
    actions.register_action("policies.comment.hide", _("Ẩn góp ý"), _("Đã ẩn góp ý"))
    actions.register_action("policies.comment.spam", _("Đánh dấu rác"), _("Đã đánh dấu góp ý là rác"))
    actions.register_action("policies.comment.restore", _("Khôi phục góp ý"), _("Đã đưa góp ý về chờ duyệt"))
    actions.register_action(
        "policies.comment.withdraw_consent",
        _("Rút lại đồng ý"),
        _("Người góp ý rút lại đồng ý: đã xóa thông tin cá nhân"),
    )
    actions.register_action("policies.comment.handle", _("Xử lý góp ý"), _("Đã ghi nhận tiếp thu, giải trình"))


def clean_reason(text):
    return normalise_body(text or "")[:1000]


def draft_section(comment):
    # One column for both: at 1366 px the list has no room for another column.
    if not comment.section:
        return format_html('<span class="draft-code">{}</span>', comment.draft.code)
    return format_html(
        '<span class="draft-code">{}</span><span class="section-title">{}</span>',
        comment.draft.code,
        comment.section_title,
    )


def duplicates(comment):
    count = getattr(comment, "duplicate_count", 1) or 1
    return _("trùng nội dung: %(count)s") % {"count": count} if count > 1 else "—"


class CommentIndexView(DayFirstExportMixin, IndexView):
    @cached_property
    def columns(self):
        # The receipt opens the inspect page, where a comment is moderated; editing is in the row's menu.
        receipt = self._get_title_column_class(TitleColumn)(
            "receipt",
            label=gettext_lazy("Số tiếp nhận"),
            sort_key="receipt",
            get_url=self.get_inspect_url,
            classname="field-receipt",
        )
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"),
            receipt,
            Column("draft_section", label=gettext_lazy("Dự thảo, chương, điều"), accessor=draft_section),
            Column("excerpt", label=gettext_lazy("Nội dung"), accessor=lambda c: Truncator(c.body).chars(120)),
            Column("state", label=gettext_lazy("Trạng thái"), accessor="get_state_display", sort_key="state"),
            Column("source", label=gettext_lazy("Nguồn"), accessor="get_source_display", sort_key="source"),
            Column("duplicates", label=gettext_lazy("Trùng nội dung"), accessor=duplicates),
            Column("handling", label=gettext_lazy("Xử lý"), accessor="get_handling_display", sort_key="handling"),
            # Day/month/year in digits: the long form takes two lines at 1366 px.
            Column(
                "received",
                label=gettext_lazy("Ngày nhận"),
                accessor=lambda c: c.received_on.strftime("%d/%m/%Y"),
                sort_key="received_on",
                classname="field-received",
            ),
        ]

    def search_queryset(self, queryset):
        """Every typed word must appear, without regard to case or diacritics, as the public search does:
        "thue" finds "thuế", "Nguyen" finds "Nguyễn", and "thuế" still finds it."""
        words = fold(clean_text(self.search_query or "")).split()
        if not words:
            return queryset
        space = Value(" ")
        text = Concat("receipt", space, "body", space, "name", space, "organisation", output_field=TextField())
        queryset = queryset.annotate(folded_search=Folded(text))
        for word in words:
            queryset = queryset.filter(folded_search__contains=word)
        return queryset


class CommentInspectView(InspectView):
    def get_section_display_value(self):
        """The commented section as the draft names it, not its anchor."""
        return self.object.section_title or "—"

    def get_field_display_value(self, field_name, field):
        # An empty time or person (not handled yet, sent through the site) reads "—", not Wagtail's "None".
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None else value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        viewset = self.model.snippet_viewset
        context["comment"] = self.object
        context["attachments"] = [
            (attachment, reverse(viewset.get_url_name("attachment"), args=[attachment.pk]))
            for attachment in self.object.attachments.all()
        ]
        context["moderate_url"] = reverse(viewset.get_url_name("moderate"), args=[self.object.pk])
        context["may_moderate"] = self.request.user.has_perm(MODERATE_PERMISSION)
        return context


class CommentCreateView(CreateView):
    def save_instance(self):
        comment = self.form.instance
        comment.entered_by = self.request.user
        # Staff typed it in from a meeting, form or call: it needs no further moderation.
        comment.state = Comment.State.APPROVED
        comment.moderated_at = timezone.now()
        if comment.handling:
            comment.handled_at = timezone.now()
        return super().save_instance()


class CommentEditView(EditView):
    def save_instance(self):
        handled = bool({"handling", "response"} & set(self.form.changed_data))
        if handled:
            self.form.instance.handled_at = timezone.now() if self.form.instance.handling else None
        instance = super().save_instance()
        if handled:
            log(instance=instance, action="policies.comment.handle", data={"handling": instance.handling})
            comment_visibility_changed.send(sender=Comment, draft=instance.draft)
        return instance


class CommentViewSet(ScopedSnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = gettext_lazy("Góp ý")
    menu_name = "gop-y"
    menu_order = 100
    # The address moderators know from before: /admin/policies/comment/.
    url_prefix = "policies/comment"
    index_view_class = CommentIndexView
    inspect_view_class = CommentInspectView
    add_view_class = CommentCreateView
    edit_view_class = CommentEditView
    filterset_class = CommentFilterSet
    index_template_name = "policies/admin/comment_index.html"
    inspect_template_name = "policies/admin/comment_inspect.html"
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ("receipt", "body", "name", "organisation")  # searched folded by CommentIndexView
    search_backend_name = None
    list_per_page = 50
    ordering = ("-created_at",)
    inspect_view_fields = (
        "receipt",
        "draft",
        "state",
        "hidden_reason",
        "source",
        "received_on",
        "created_at",
        "entered_by",
        "section",
        "body",
        "name",
        "organisation",
        "contact",
        "publish_as",
        "handling",
        "response",
        "handled_at",
        "moderated_at",
    )
    list_export = (
        "receipt",
        "export_draft",
        "export_state",
        "export_source",
        "export_section",
        "export_body",
        "export_author",
        "duplicate_count",
        "export_handling",
        "export_response",
        "received_on",
    )
    export_headings = {
        "receipt": "Số tiếp nhận",
        "export_draft": "Dự thảo",
        "export_state": "Trạng thái",
        "export_source": "Nguồn",
        "export_section": "Chương, điều",
        "export_body": "Nội dung góp ý",
        "export_author": "Người góp ý",
        "duplicate_count": "Số góp ý trùng nội dung",
        "export_handling": "Xử lý",
        "export_response": "Nội dung tiếp thu, giải trình",
        "received_on": "Ngày nhận",
    }
    export_filename = "gop-y"
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [FieldPanel("draft"), FieldRowPanel([FieldPanel("source"), FieldPanel("received_on")])],
                heading=gettext_lazy("Tiếp nhận"),
            ),
            FieldPanel("section"),
            FieldPanel("body"),
            MultiFieldPanel(
                [FieldPanel("name"), FieldPanel("organisation"), FieldPanel("contact"), FieldPanel("publish_as")],
                heading=gettext_lazy("Người góp ý"),
            ),
            MultiFieldPanel(
                [FieldPanel("handling"), FieldPanel("response")], heading=gettext_lazy("Tiếp thu, giải trình")
            ),
        ],
        base_form_class=CommentAdminForm,
    )

    def get_queryset(self, request):
        duplicates = (
            Comment.objects.filter(draft=OuterRef("draft"), text_fingerprint=OuterRef("text_fingerprint"))
            .order_by()
            .values("text_fingerprint")
            .annotate(total=Count("pk"))
            .values("total")
        )
        # The draft comes with each row: section titles are read from it without a query per row.
        return super().get_queryset(request).select_related("draft").annotate(duplicate_count=Subquery(duplicates))

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("moderate/<int:pk>/", require_POST(self.moderate_view), name="moderate"),
            path("attachment/<int:pk>/", self.attachment_view, name="attachment"),
        ]

    def moderate_view(self, request, pk):
        """The inspect page's buttons: one of the moderation actions, or erasing the person's data."""
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied
        comment = get_object_or_404(visible_to(request.user, Comment.objects.select_related("draft")), pk=pk)
        back = redirect(self.get_url_name("inspect"), comment.pk)
        action = request.POST.get("action", "")
        if action == "withdraw_consent":
            comment.erase_personal_data(request.user)
            messages.success(
                request, _("Đã xóa thông tin cá nhân của người góp ý %(receipt)s.") % {"receipt": comment.receipt}
            )
            return back
        reason = clean_reason(request.POST.get("reason"))
        if action not in Comment.MODERATION:
            messages.error(request, _("Vui lòng chọn một thao tác."))
        elif action == "hide" and not reason:
            messages.error(request, _("Vui lòng ghi lý do ẩn góp ý."))
        else:
            comment.moderate(action, request.user, reason)
            messages.success(request, MODERATION_MESSAGES[action] % {"count": 1})
        return back

    def attachment_view(self, request, pk):
        attachment = get_object_or_404(CommentAttachment.objects.select_related("comment__draft"), pk=pk)
        if not visible_to(request.user, Comment.objects.filter(pk=attachment.comment_id)).exists():
            raise PermissionDenied
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
