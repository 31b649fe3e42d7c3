"""Admin registration for outreach: one menu group, snippets, the activity ModelAdmin, import views."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.helpers import DjangoORMSearchHandler
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView, InspectView

from cms.numbers import vn_number
from outreach import admin_views, aliases, attendance_views, dashboard, exports, recognition_views
from outreach.admin_listing import EscapingIndexView
from outreach.broadcast import ActivityCreateView
from outreach.forms import ActivityRecordForm, TrainingSessionForm, linkable_drafts
from outreach.guidance import views as guidance_views
from outreach.guidance.viewsets import GuidanceMaterialViewSet
from outreach.models import (
    ActivityRecord,
    CommendationProposal,
    CommunicationForm,
    GoodPractice,
    GuidanceMaterial,
    ImportAlias,
    RosterMember,
    TrainingSession,
)
from outreach.permissions import (
    activity_policy,
    alias_policy,
    commendation_policy,
    guidance_policy,
    may_import,
    practice_policy,
    roster_policy,
    training_policy,
)
from policies.admin_lookup import (
    DigitsURLHelper,
    DraftFilter,
    IdCheckedChooserViewSet,
    PolicyCheckedHistoryView,
    PolicyPermissionHelper,
    ScopedSnippetViewSet,
    visible_to,
)
from policies.models import HIDDEN_DRAFT_TITLE, DraftPage
from policies.naming import fold
from policies.unit_choice import UnitListFilter

OUTREACH_MENU_HOOK = "register_outreach_menu_item"


class CommunicationFormViewSet(SnippetViewSet):
    model = CommunicationForm
    icon = "list-ul"
    menu_label = _("Hình thức truyền thông")
    chooser_viewset_class = IdCheckedChooserViewSet
    list_display = ("name", "aliases", "sort_order")
    search_fields = ("name", "aliases")


class RosterMemberViewSet(ScopedSnippetViewSet):
    model = RosterMember
    icon = "group"
    menu_label = _("Báo cáo viên, tuyên truyền viên")
    index_view_class = EscapingIndexView
    list_display = (
        "full_name",
        "role",
        "unit",
        "commune",
        BooleanColumn("active", label=_("Đang hoạt động")),
        BooleanColumn("trained", label=_("Đã được tập huấn")),
    )
    list_filter = ("role", "unit", "active")
    list_export = (
        "full_name",
        "get_role_display",
        "unit",
        "commune",
        "decision_number",
        "decision_date",
        "term",
        "fields_of_expertise",
        "active",
        "trained",
        "phone",
        "email",
    )
    export_headings = {"get_role_display": _("Vai trò"), "trained": _("Đã được tập huấn")}
    export_filename = "danh-sach-bao-cao-vien-tuyen-truyen-vien"

    def get_queryset(self, request):
        return super().get_queryset(request).with_trained().select_related("unit", "commune")


class TrainingSessionIndexView(EscapingIndexView):
    """Each session the user may change gets a button to its attendance page."""

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if training_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            buttons.insert(
                0,
                ListingButton(
                    _("Điểm danh"),
                    reverse("outreach_attendance", args=[instance.pk]),
                    icon_name="check",
                    attrs={"aria-label": _("Điểm danh lớp “%(title)s”") % {"title": instance.title}},
                ),
            )
        return buttons


class TrainingSessionViewSet(ScopedSnippetViewSet):
    model = TrainingSession
    icon = "calendar-alt"
    menu_label = _("Lớp tập huấn")
    index_view_class = TrainingSessionIndexView
    edit_handler = ObjectList(TrainingSession.panels, base_form_class=TrainingSessionForm)
    list_display = ("title", "starts_at", "place", "organising_unit", "state", "attendee_count")
    list_filter = ("state", "organising_unit")
    list_export = ("title", "starts_at", "ends_at", "place", "organising_unit", "state", "capacity", "attendee_count")
    export_filename = "lop-tap-huan"


class ImportAliasViewSet(ScopedSnippetViewSet):
    """Names saved from import previews; the Justice Office reviews, corrects and removes them here."""

    model = ImportAlias
    icon = "link"
    menu_label = _("Tên gọi khi nhập bảng tính")
    list_display = (
        "text",
        "kind",
        Column("target", label=_("Là")),
        Column("unit", label=_("Chỉ dùng cho đơn vị")),
        "created_by",
        "created_at",
    )
    list_filter = ("kind", "unit")
    search_fields = ("text",)


register_permission_policy(ImportAlias, alias_policy, exact_class=True)
register_permission_policy(TrainingSession, training_policy, exact_class=True)
register_permission_policy(RosterMember, roster_policy, exact_class=True)
register_permission_policy(ActivityRecord, activity_policy, exact_class=True)
register_permission_policy(GuidanceMaterial, guidance_policy, exact_class=True)


class OutreachViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Truyền thông và tập huấn")
    menu_icon = "bullhorn"
    menu_order = 250
    submenu_hook = OUTREACH_MENU_HOOK
    items = (
        TrainingSessionViewSet,
        RosterMemberViewSet,
        GuidanceMaterialViewSet,
        CommunicationFormViewSet,
        ImportAliasViewSet,
    )


# ---------------------------------------------------------------- activity records (wagtail-modeladmin)


class ActivityIndexView(IndexView):
    """Exports use the importer's columns (so an export re-imports as unchanged), escaped cell by cell."""

    def dispatch(self, request, *args, **kwargs):
        # modeladmin lets a hand-edited filter (?date__gte=abc) escape as a 500.
        try:
            return super().dispatch(request, *args, **kwargs)
        except IncorrectLookupParameters:
            messages.error(request, _("Bộ lọc trong địa chỉ không hợp lệ nên đã được bỏ."))
            return redirect(self.url_helper.index_url)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return exports.export_activities(self.request, queryset, spreadsheet_format)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_import"] = may_import(self.request.user)
        return context


class ActivityInspectView(InspectView):
    """Show a count of 0 as 0, not as the empty-value dash; name a draft only as the reader may read it."""

    def get_field_display_value(self, field_name, field=None):
        draft_id = self.instance.draft_id
        if (
            field_name == "draft"
            and draft_id
            and not DraftPage.objects.linkable_for(self.request.user).filter(pk=draft_id).exists()
        ):
            return HIDDEN_DRAFT_TITLE
        value = getattr(self.instance, field_name, None)
        if isinstance(value, int) and not isinstance(value, bool):
            return vn_number(value)
        return super().get_field_display_value(field_name, field)


class LinkableDraftFilter(DraftFilter):
    """Drafts a record may name (its units' drafts, published ones); never another unit's unpublished one."""

    def drafts(self, user):
        return linkable_drafts(user)


class FoldedSearchHandler(DjangoORMSearchHandler):
    """Every word must match, without regard to case or diacritics: "hoi nghi ha nam" finds "Hội nghị" in Hà Nam."""

    def search_queryset(self, queryset, search_term, **kwargs):
        for word in fold(search_term).split():
            queryset = queryset.filter(
                Q(search_text__contains=word)
                | Q(unit__folded_names__contains=word)
                | Q(commune__folded_names__contains=word)
            )
        return queryset


class ActivityRecordAdmin(ModelAdmin):
    model = ActivityRecord
    menu_label = _("Hoạt động truyền thông")
    menu_icon = "doc-full"
    add_to_admin_menu = False  # shown inside the outreach menu group
    permission_helper_class = PolicyPermissionHelper
    url_helper_class = DigitsURLHelper
    index_view_class = ActivityIndexView
    create_view_class = ActivityCreateView
    history_view_class = PolicyCheckedHistoryView
    inspect_view_class = ActivityInspectView
    index_template_name = "outreach/activityrecord_index.html"
    inspect_view_enabled = True
    history_view_enabled = True
    list_display = ("date_vn", "unit", "commune", "form", "sessions_vn", "participants_vn", "cost_vn", "entry_method")
    list_filter = ("form", UnitListFilter, "entry_method", "date", LinkableDraftFilter)
    search_fields = ("search_text",)
    search_handler_class = FoldedSearchHandler
    list_select_related = ("unit", "commune", "form")
    list_export = ("date",)  # the export itself is the importer's column set (ActivityIndexView)
    inspect_view_fields = (
        "date",
        "unit",
        "commune",
        "draft",
        "form",
        "content",
        "sessions",
        "participants",
        "cost",
        "funding_source",
        "reporters",
        "notes",
        "entry_method",
        "batch",
    )

    def get_queryset(self, request):
        return visible_to(request.user, super().get_queryset(request))

    # Dates as the sheets write them and counts and money as people read them (1.500.000): narrow columns
    # that fit a 1366 px screen; ordering still by the stored value.
    @admin.display(description=_("Ngày thực hiện"), ordering="date")
    def date_vn(self, obj):
        return obj.date.strftime("%d/%m/%Y")

    @admin.display(description=_("Số buổi/lượt"), ordering="sessions")
    def sessions_vn(self, obj):
        return vn_number(obj.sessions)

    @admin.display(description=_("Số người tham dự"), ordering="participants")
    def participants_vn(self, obj):
        return vn_number(obj.participants)

    @admin.display(description=_("Kinh phí (đồng)"), ordering="cost")
    def cost_vn(self, obj):
        return vn_number(obj.cost)

    def get_edit_handler(self):
        return ObjectList(ActivityRecord.panels, base_form_class=ActivityRecordForm)


activity_admin = ActivityRecordAdmin()
activity_admin.register_with_wagtail()


@hooks.register(OUTREACH_MENU_HOOK)
def activity_menu_item():
    return activity_admin.get_menu_item(order=10)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


@hooks.register(OUTREACH_MENU_HOOK)
def import_batches_menu_item():
    return ImportMenuItem(
        _("Các lần nhập bảng tính"), reverse("outreach_import_batches"), icon_name="upload", order=20
    )


register_snippet(OutreachViewSetGroup)

# Good practices and commendations (plan V.2): their own menu group.
register_permission_policy(GoodPractice, practice_policy, exact_class=True)
register_permission_policy(CommendationProposal, commendation_policy, exact_class=True)
register_snippet(recognition_views.RecognitionViewSetGroup)


@hooks.register("register_admin_urls")
def register_recognition_urls():
    return [
        path(
            "mo-hinh-hay/<int:pk>/hoat-dong/",
            recognition_views.practice_activities_view,
            name="outreach_practice_activities",
        )
    ]


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("hoat-dong/nhap/", admin_views.import_view, name="outreach_import"),
        path("hoat-dong/nhap/xac-nhan/", admin_views.confirm_view, name="outreach_import_confirm"),
        path("hoat-dong/nhap/ten-goi/", admin_views.map_view, name="outreach_import_map"),
        path("hoat-dong/nhap/mau.xlsx", admin_views.template_view, name="outreach_import_template"),
        path("hoat-dong/nhap/cac-lan/", admin_views.batches_view, name="outreach_import_batches"),
        path("hoat-dong/nhap/cac-lan/<int:pk>/hoan-tac/", admin_views.undo_view, name="outreach_import_undo"),
        path("hoat-dong/nhap/viec/<int:pk>/", admin_views.job_view, name="outreach_import_job"),
        path(
            "hoat-dong/nhap/viec/<int:pk>/xac-nhan/", admin_views.job_confirm_view, name="outreach_import_job_confirm"
        ),
        path("hoat-dong/nhap/viec/<int:pk>/ten-goi/", admin_views.job_map_view, name="outreach_import_job_map"),
    ]


@hooks.register("register_admin_urls")
def register_attendance_urls():
    return [
        path("tap-huan/<int:pk>/diem-danh/", attendance_views.attendance_view, name="outreach_attendance"),
        path(
            "tap-huan/<int:pk>/diem-danh/nhap/",
            attendance_views.attendance_import_view,
            name="outreach_attendance_import",
        ),
    ]


hooks.register("register_log_actions", admin_views.register_import_log_actions)
hooks.register("register_log_actions", attendance_views.register_attendance_log_action)
hooks.register("register_log_actions", aliases.register_log_actions)
hooks.register("before_serve_document", guidance_views.check_document_access)
hooks.register("construct_document_chooser_queryset", guidance_views.hide_documents_in_chooser)


@hooks.register("construct_homepage_panels")
def add_trainer_panel(request, panels):
    panels.extend(dashboard.panels_for(request))
