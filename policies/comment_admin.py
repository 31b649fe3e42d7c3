"""Comment moderation and the synthesis in the Wagtail admin (wagtail-modeladmin).

Every view asks the registered unit-scoped permission policy (policies.scope)
through one permission helper and one queryset: moderators see and act only on
comments on drafts of their own units; the Justice Office and superusers see all.

Bulk moderation: modeladmin's listing has no bulk checkboxes, so each row gets
a checkbox tied by the HTML `form` attribute to one small form above the list
(action, reason, "Áp dụng") that POSTs to a scoped bulk view. No JavaScript,
the listing's filters, search, ordering and export keep working, and the view
re-checks every id against the user's scope.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup
from wagtail_modeladmin.views import CreateView, EditView, IndexView, InspectView

from cms.exports import DayFirstExportMixin
from cms.http import parse_id
from policies.admin_lookup import (
    CleanSearchHandler,
    DigitsURLHelper,
    PolicyCheckedHistoryView,
    PolicyPermissionHelper,
    visible_to,
)
from policies.forms import CommentAdminForm, normalise_body
from policies.models import Comment, CommentAttachment, DraftPage, Synthesis
from policies.models.comments import comment_visibility_changed
from policies.naming import Folded, fold
from policies.scope import UnitScopedPermissionPolicy
from policies.views.synthesis import publish_warnings

MODERATE_PERMISSION = "policies.moderate_comment"
BULK_FORM_ID = "comment-bulk-form"

# action → (new state, audit-log action, past-tense message)
ACTIONS = {
    "approve": (Comment.State.APPROVED, "policies.comment.approve", gettext_lazy("Đã duyệt %(count)s góp ý.")),
    "hide": (Comment.State.HIDDEN, "policies.comment.hide", gettext_lazy("Đã ẩn %(count)s góp ý.")),
    "spam": (Comment.State.SPAM, "policies.comment.spam", gettext_lazy("Đã đánh dấu rác %(count)s góp ý.")),
    "restore": (
        Comment.State.PENDING,
        "policies.comment.restore",
        gettext_lazy("Đã đưa %(count)s góp ý về chờ duyệt."),
    ),
}
ACTION_LABELS = {
    "approve": gettext_lazy("Duyệt"),
    "hide": gettext_lazy("Ẩn (cần lý do)"),
    "spam": gettext_lazy("Đánh dấu rác"),
    "restore": gettext_lazy("Đưa về chờ duyệt"),
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


register_permission_policy(Comment, UnitScopedPermissionPolicy(Comment, see_paths=("draft__drafting_unit",)))
register_permission_policy(Synthesis, UnitScopedPermissionPolicy(Synthesis, see_paths=("draft__drafting_unit",)))


class CommentPermissionHelper(PolicyPermissionHelper):
    def user_can_moderate_obj(self, user, obj):
        return user.has_perm(MODERATE_PERMISSION) and self.policy.instance_in_scope(user, "change", obj)


class HeadedIndexView(DayFirstExportMixin, IndexView):
    # modeladmin's index view does not read export_headings from the ModelAdmin.
    @property
    def export_headings(self):
        return getattr(self.model_admin, "export_headings", {})


class CommentInspectView(InspectView):
    """The commented section as the draft names it, not its anchor."""

    def get_field_display_value(self, field_name, field=None):
        if field_name == "section" and self.instance.section:
            return self.instance.section_title
        return super().get_field_display_value(field_name, field)


class CommentCreateView(CreateView):
    def form_valid(self, form):
        comment = form.instance
        comment.entered_by = self.request.user
        # Staff typed it in from a meeting, form or call: it needs no further moderation.
        comment.state = Comment.State.APPROVED
        comment.moderated_at = timezone.now()
        if comment.handling:
            comment.handled_at = timezone.now()
        return super().form_valid(form)


class CommentEditView(EditView):
    def form_valid(self, form):
        if {"handling", "response"} & set(form.changed_data):
            form.instance.handled_at = timezone.now() if form.instance.handling else None
            response = super().form_valid(form)
            log(instance=self.instance, action="policies.comment.handle", data={"handling": self.instance.handling})
            comment_visibility_changed.send(sender=Comment, draft=self.instance.draft)
            return response
        return super().form_valid(form)


class DraftFilter(SimpleListFilter):
    """Rows of one draft; the options are the drafts in the user's scope."""

    title = gettext_lazy("dự thảo")
    parameter_name = "draft"

    def drafts(self, user):
        return DraftPage.objects.for_user(user).order_by("title")

    def lookups(self, request, model_admin):
        return [(str(draft.pk), f"{draft.code} – {draft.title}") for draft in self.drafts(request.user)]

    def queryset(self, request, queryset):
        draft_id = parse_id(self.value())
        if draft_id is not None:
            return queryset.filter(draft_id=draft_id)
        return queryset


class SectionFilter(SimpleListFilter):
    """Sections commented on, named as their drafts name them (an anchor shared by drafts lists each title)."""

    title = gettext_lazy("chương, điều")
    parameter_name = "section"

    def lookups(self, request, model_admin):
        pairs = set(
            visible_to(request.user, Comment.objects.exclude(section=""))
            .order_by()
            .values_list("draft_id", "section")
            .distinct()
        )
        drafts = DraftPage.objects.filter(pk__in={draft_id for draft_id, _section in pairs})
        labels = {draft.pk: dict(draft.section_choices()) for draft in drafts}
        titles = {}
        for draft_id, section in pairs:
            titles.setdefault(section, set()).add(labels.get(draft_id, {}).get(section, section))
        return [(section, " / ".join(sorted(titles[section]))) for section in sorted(titles)[:100]]

    def queryset(self, request, queryset):
        return queryset.filter(section=self.value()) if self.value() else queryset


class FoldedCommentSearchHandler(CleanSearchHandler):
    """Every typed word must appear, without regard to case or diacritics, as the public search does:
    "thue" finds "thuế", "Nguyen" finds "Nguyễn", and "thuế" still finds it."""

    def search_queryset(self, queryset, search_term, **kwargs):
        words = fold(search_term).split()
        if not words:
            return queryset
        space = Value(" ")
        text = Concat("receipt", space, "body", space, "name", space, "organisation", output_field=TextField())
        folded = Folded(text)
        queryset = queryset.annotate(folded_search=folded)
        for word in words:
            queryset = queryset.filter(folded_search__contains=word)
        return queryset


class DuplicateFilter(SimpleListFilter):
    title = gettext_lazy("trùng nội dung")
    parameter_name = "trung"

    def lookups(self, request, model_admin):
        return [("1", _("Chỉ góp ý có nội dung trùng")), ("0", _("Chỉ góp ý không trùng"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(duplicate_count__gt=1)
        if self.value() == "0":
            return queryset.filter(duplicate_count=1)
        return queryset


class CommentAdmin(ModelAdmin):
    model = Comment
    menu_label = gettext_lazy("Góp ý")
    menu_icon = "comment"
    menu_order = 100
    permission_helper_class = CommentPermissionHelper
    url_helper_class = DigitsURLHelper
    search_handler_class = FoldedCommentSearchHandler
    index_view_class = HeadedIndexView
    index_view_extra_css = ["policies/comment-list.css"]
    create_view_class = CommentCreateView
    edit_view_class = CommentEditView
    history_view_class = PolicyCheckedHistoryView
    inspect_view_class = CommentInspectView
    index_template_name = "policies/admin/comment_index.html"
    inspect_template_name = "policies/admin/comment_inspect.html"
    inspect_view_enabled = True
    history_view_enabled = True
    list_display = (
        "select_box",
        "draft_section",
        "excerpt",
        "state",
        "source",
        "duplicates",
        "handling",
        "received",
    )
    list_filter = (DraftFilter, "state", "source", SectionFilter, DuplicateFilter, "handling")
    search_fields = ("receipt", "body", "name", "organisation")
    list_per_page = 50
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
    panels = [
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
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=CommentAdminForm)

    def get_queryset(self, request):
        duplicates = (
            Comment.objects.filter(draft=OuterRef("draft"), text_fingerprint=OuterRef("text_fingerprint"))
            .order_by()
            .values("text_fingerprint")
            .annotate(total=Count("pk"))
            .values("total")
        )
        queryset = super().get_queryset(request).select_related("draft").annotate(duplicate_count=Subquery(duplicates))
        return visible_to(request.user, queryset)

    # Listing columns (escaped by format_html or by the listing).
    def select_box(self, obj):
        # The checkbox belongs to the bulk form above the list through the HTML `form` attribute.
        return format_html(
            '<label class="bulk-select"><input type="checkbox" name="ids" value="{}" form="{}"> {}</label>',
            obj.pk,
            BULK_FORM_ID,
            obj.receipt,
        )

    select_box.short_description = gettext_lazy("Số tiếp nhận")
    select_box.admin_order_field = "receipt"

    @admin.display(description=gettext_lazy("dự thảo, chương, điều"))
    def draft_section(self, obj):
        # One column for both: at 1366 px the list has no room for a tenth column.
        if not obj.section:
            return format_html('<span class="draft-code">{}</span>', obj.draft.code)
        return format_html(
            '<span class="draft-code">{}</span><span class="section-title">{}</span>',
            obj.draft.code,
            obj.section_title,
        )

    @admin.display(description=gettext_lazy("ngày nhận"), ordering="received_on")
    def received(self, obj):
        # Day/month/year in digits: the long form ("Ngày 30 tháng 11 năm 2026") takes two lines at 1366 px.
        return obj.received_on.strftime("%d/%m/%Y")

    def excerpt(self, obj):
        return Truncator(obj.body).chars(120)

    excerpt.short_description = gettext_lazy("nội dung")

    def duplicates(self, obj):
        count = getattr(obj, "duplicate_count", 1) or 1
        return _("trùng nội dung: %(count)s") % {"count": count} if count > 1 else "—"

    duplicates.short_description = gettext_lazy("trùng nội dung")

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        helper = self.url_helper
        prefix = f"{self.opts.app_label}/{self.opts.model_name}"
        return (
            *urls,
            path(f"{prefix}/moderate/<int:pk>/", self.moderate_view, name=helper.get_action_url_name("moderate")),
            path(f"{prefix}/bulk/", self.bulk_view, name=helper.get_action_url_name("bulk")),
            path(
                f"{prefix}/attachment/<int:pk>/",
                self.attachment_view,
                name=helper.get_action_url_name("attachment"),
            ),
        )

    def scoped(self, request):
        return visible_to(request.user, Comment.objects.select_related("draft"))

    def apply(self, request, comments, action, reason):
        state, log_action, message = ACTIONS[action]
        changed = 0
        drafts = set()
        for comment in comments:
            comment.state = state
            comment.hidden_reason = reason if action == "hide" else ""
            comment.moderated_at = timezone.now()
            comment.save(update_fields=["state", "hidden_reason", "moderated_at"])
            log(instance=comment, action=log_action, user=request.user, data={"reason": reason} if reason else {})
            drafts.add(comment.draft)
            changed += 1
        for draft in drafts:
            comment_visibility_changed.send(sender=Comment, draft=draft)
        messages.success(request, message % {"count": changed})

    def _action_and_reason(self, request):
        action = request.POST.get("action", "")
        reason = normalise_body(request.POST.get("reason", ""))[:1000]
        if action not in ACTIONS:
            messages.error(request, _("Vui lòng chọn một thao tác."))
            return None, reason
        if action == "hide" and not reason:
            messages.error(request, _("Vui lòng ghi lý do ẩn góp ý."))
            return None, reason
        return action, reason

    def withdraw_consent(self, request, comment):
        """Law 91/2025: on withdrawal, erase what identifies the person; the words of the comment stay."""
        for attachment in comment.attachments.all():
            attachment.file.delete(save=False)
            attachment.delete()
        comment.name = comment.organisation = comment.contact = ""
        if comment.publish_as == Comment.PublishAs.NAME:
            comment.publish_as = Comment.PublishAs.ANONYMOUS
        comment.save()
        consent = getattr(comment, "consent", None)
        if consent is not None and consent.withdrawn_at is None:
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
        log(instance=comment, action="policies.comment.withdraw_consent", user=request.user)
        comment_visibility_changed.send(sender=Comment, draft=comment.draft)
        messages.success(
            request, _("Đã xóa thông tin cá nhân của người góp ý %(receipt)s.") % {"receipt": comment.receipt}
        )

    def moderate_view(self, request, pk):
        return require_POST(self._moderate)(request, pk)

    def _moderate(self, request, pk):
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied
        comment = get_object_or_404(self.scoped(request), pk=pk)
        if request.POST.get("action") == "withdraw_consent":
            self.withdraw_consent(request, comment)
            return redirect(self.url_helper.get_action_url("inspect", comment.pk))
        action, reason = self._action_and_reason(request)
        if action:
            self.apply(request, [comment], action, reason)
        return redirect(self.url_helper.get_action_url("inspect", comment.pk))

    def bulk_view(self, request):
        return require_POST(self._bulk)(request)

    def _bulk(self, request):
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied
        back = request.POST.get("next") or ""
        if not back.startswith(self.url_helper.index_url):
            back = self.url_helper.index_url
        ids = [pk for pk in map(parse_id, request.POST.getlist("ids")) if pk is not None]
        if not ids:
            messages.error(request, _("Vui lòng chọn ít nhất một góp ý."))
            return redirect(back)
        comments = list(self.scoped(request).filter(pk__in=ids))
        if len(comments) != len(set(ids)):
            # Some ids are not the user's to touch (or do not exist): do nothing at all.
            raise PermissionDenied
        action, reason = self._action_and_reason(request)
        if action:
            self.apply(request, comments, action, reason)
        return redirect(back)

    def attachment_view(self, request, pk):
        attachment = get_object_or_404(CommentAttachment.objects.select_related("comment__draft"), pk=pk)
        if not self.permission_helper.user_can_inspect_obj(request.user, attachment.comment):
            raise PermissionDenied
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class SynthesisAdminForm(WagtailAdminModelForm):
    """Only drafts of the user's own units can be chosen.

    Publishing while the consultation is still open or comments still lack a handling asks for
    confirmation: the form comes back saying what is missing, with a box to tick to publish anyway.
    The box is only shown then (a field absent from the form hides its panel).
    """

    confirm_publish = forms.BooleanField(
        label=gettext_lazy("Vẫn công bố"),
        required=False,
        help_text=gettext_lazy("Đánh dấu để công bố bản tổng hợp dù còn những điều nêu ở trên."),
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.was_published = bool(self.instance.pk and self.instance.published)
        if "draft" in self.fields:
            self.fields["draft"].queryset = DraftPage.objects.for_user(for_user).order_by("title")
        if not self.is_bound:
            del self.fields["confirm_publish"]

    def clean(self):
        cleaned = super().clean()
        draft = cleaned.get("draft") or (self.instance.draft if self.instance.draft_id else None)
        if not cleaned.get("published") or self.was_published or draft is None:
            return cleaned
        warnings = publish_warnings(draft)
        if warnings and not cleaned.get("confirm_publish"):
            self.add_error(
                "confirm_publish",
                " ".join(warnings)
                + " "
                + _("Đánh dấu ô “Vẫn công bố” rồi lưu lại nếu muốn công bố ngay, hoặc bỏ dấu “công bố công khai”."),
            )
        return cleaned


class SynthesisAdmin(ModelAdmin):
    model = Synthesis
    menu_label = gettext_lazy("Tổng hợp ý kiến")
    menu_icon = "doc-full"
    menu_order = 200
    permission_helper_class = PolicyPermissionHelper
    url_helper_class = DigitsURLHelper
    search_handler_class = CleanSearchHandler
    history_view_class = PolicyCheckedHistoryView
    history_view_enabled = True
    list_display = ("draft", "number_symbol", "published_label", "published_at")
    list_filter = ("published",)
    search_fields = ("number_symbol", "draft__title", "draft__code")
    panels = [
        # A select of the user's own drafts (the form narrows it), not the page chooser, which lists every draft.
        FieldPanel("draft", widget=forms.Select),
        FieldRowPanel([FieldPanel("number_symbol"), FieldPanel("place"), FieldPanel("issued_on")]),
        FieldRowPanel([FieldPanel("bodies_consulted"), FieldPanel("people_consulted")]),
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")]),
        FieldPanel("recipients"),
        FieldPanel("published"),
        FieldPanel("confirm_publish"),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=SynthesisAdminForm)

    @admin.display(description=gettext_lazy("Công bố công khai"), ordering="published")
    def published_label(self, synthesis):
        # Django's boolean icon tells screen readers "True"/"False" in English.
        return _("Đã công bố") if synthesis.published else _("Chưa công bố")

    def get_queryset(self, request):
        return visible_to(request.user, super().get_queryset(request).select_related("draft"))


class ConsultationAdminGroup(ModelAdminGroup):
    menu_label = gettext_lazy("Lấy ý kiến")
    menu_icon = "comment"
    menu_order = 250
    items = (CommentAdmin, SynthesisAdmin)
