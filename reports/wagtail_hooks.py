"""Admin registration for reports: periods, narratives, plans (one menu group), the report view, the dashboard."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.http import parse_id
from cms.numbers import number_column
from policies.admin_lookup import IdCheckedChooserViewSet, ScopedSnippetViewSet
from policies.models import DraftPage
from policies.scope import UnitScopedPermissionPolicy
from reports import review_views, views
from reports.dashboard import ReportDashboardPanel, panels_for
from reports.models import AnnualPlan, CommunicationPlan, ReportNarrative, ReportPeriod

register_permission_policy(ReportNarrative, UnitScopedPermissionPolicy(ReportNarrative, see_paths=("unit",)))
register_permission_policy(
    CommunicationPlan, UnitScopedPermissionPolicy(CommunicationPlan, see_paths=("draft__drafting_unit",))
)
register_permission_policy(AnnualPlan, UnitScopedPermissionPolicy(AnnualPlan, see_paths=("unit",)))


class ReportPeriodViewSet(SnippetViewSet):
    model = ReportPeriod
    icon = "date"
    menu_label = _("Kỳ báo cáo")
    chooser_viewset_class = IdCheckedChooserViewSet
    list_display = ("__str__", "start", "end")
    list_filter = ("kind", "year")


class ReportNarrativeViewSet(ScopedSnippetViewSet):
    model = ReportNarrative
    icon = "doc-full"
    menu_label = _("Nội dung báo cáo")
    list_display = ("__str__", "number_symbol", "issued_on")
    list_filter = ("period",)


class CommunicationPlanCreateView(snippet_views.CreateView):
    """Opened from a draft (`?draft=ID`): the draft and its drafting unit are filled in."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        draft_id = parse_id(self.request.GET.get("draft"))
        if draft_id is not None:
            draft = DraftPage.objects.for_user(self.request.user).filter(pk=draft_id).first()
            if draft is not None:
                instance.draft = draft
                instance.lead_unit_id = draft.drafting_unit_id
        return instance


class CommunicationPlanViewSet(ScopedSnippetViewSet):
    model = CommunicationPlan
    icon = "list-ul"
    menu_label = _("Kế hoạch truyền thông dự thảo")
    list_display = ("__str__", "lead_unit")
    add_view_class = CommunicationPlanCreateView


class AnnualPlanViewSet(ScopedSnippetViewSet):
    model = AnnualPlan
    icon = "calendar-alt"
    menu_label = _("Kế hoạch năm của đơn vị")
    list_display = (
        "__str__",
        number_column("trainings", _("Số lớp tập huấn dự kiến")),
        number_column("training_budget", _("Kinh phí tập huấn (đồng)")),
    )
    list_filter = ("year",)


class ReportsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Báo cáo định kỳ")
    menu_icon = "doc-full"
    menu_order = 320
    items = (ReportPeriodViewSet, ReportNarrativeViewSet, CommunicationPlanViewSet, AnnualPlanViewSet)


register_snippet(ReportsViewSetGroup)


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_view_reports(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("bao-cao/", views.report_view, name="reports_report"), *review_views.review_urls()]


@hooks.register("register_reports_menu_item")
def report_menu_item():
    return ReportMenuItem(_("Kết quả truyền thông dự thảo"), reverse("reports_report"), icon_name="doc-full", order=50)


@hooks.register("register_reports_menu_item")
def ad_hoc_menu_item():
    return ReportMenuItem(_("Báo cáo đột xuất"), reverse("reports_ad_hoc"), icon_name="date", order=51)


@hooks.register("register_reports_menu_item")
def mid_term_menu_item():
    url = reverse(f"reports_review_{ReportPeriod.Kind.MID_TERM}")
    return ReportMenuItem(_("Sơ kết giữa kỳ Đề án (2022–2024)"), url, icon_name="doc-full", order=52)


@hooks.register("register_reports_menu_item")
def final_menu_item():
    url = reverse(f"reports_review_{ReportPeriod.Kind.FINAL}")
    return ReportMenuItem(_("Tổng kết Đề án (2022–2027)"), url, icon_name="doc-full", order=53)


@hooks.register("construct_homepage_panels")
def add_report_panel(request, panels):
    if views.may_view_reports(request.user):
        panels.append(ReportDashboardPanel(request))
    panels.extend(panels_for(request))


@hooks.register("register_page_header_buttons")
def communication_plan_button(page, user, view_name, next_url=None):
    """Beside a draft in the admin: open its communication plan (or start one)."""
    if not issubclass(page.specific_class or type(page), DraftPage):
        return []
    if not DraftPage.objects.for_user(user).filter(pk=page.pk).exists():
        return []
    plan = CommunicationPlan.objects.filter(draft_id=page.pk).first()
    if plan is not None and user.has_perm("reports.change_communicationplan"):
        url = reverse("wagtailsnippets_reports_communicationplan:edit", args=[plan.pk])
    elif plan is None and user.has_perm("reports.add_communicationplan"):
        url = reverse("wagtailsnippets_reports_communicationplan:add") + f"?draft={page.pk}"
    else:
        return []
    return [Button(_("Kế hoạch truyền thông"), url, icon_name="list-ul", priority=80)]
