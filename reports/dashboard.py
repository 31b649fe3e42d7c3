"""The compliance panel on the Wagtail dashboard, for the user's own units."""

import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from outreach.models import ImportBatch, ImportJob
from policies import roles, scope
from policies.dashboard import DASHBOARD_CSS, DashboardPanel
from policies.models import DraftPage
from reports import figures, unit_table
from reports.models import AnnualPlan, ReportPeriod

CLOSING_SOON_DAYS = 7


def dashboard_context(user, now=None):
    from reports.views import trend, trend_bars

    now = now or timezone.now()
    allowed = scope.scoped_unit_ids(user)
    period = ReportPeriod.current(timezone.localdate(now))
    current = figures.kpi(period, None, allowed)
    soon = now + datetime.timedelta(days=CLOSING_SOON_DAYS)
    closing = (
        DraftPage.objects.for_user(user)
        .live()
        .filter(consultation_closes__gte=now, consultation_closes__lte=soon)
        .order_by("consultation_closes")[:10]
    )
    batches = ImportBatch.objects.visible_to(user).select_related("created_by").order_by("-created_at")
    # The units lagging most on the KPI; the report holds the whole table, sortable by any column.
    rows = unit_table.sort_rows(unit_table.dashboard_rows(period, allowed, current.drafts), "")
    report_url = reverse("reports_report")
    query = {"period": period.code}
    return {
        "period": period,
        "figures": current,
        "unit_rows": rows[: unit_table.DASHBOARD_ROWS],
        "unit_headings": unit_table.headings(query, ""),
        "unit_link_base": report_url,
        "unit_more_rows": len(rows) if len(rows) > unit_table.DASHBOARD_ROWS else 0,
        "unit_more_url": f"{report_url}?{urlencode(query)}",
        "trend_bars": trend_bars(trend(period, None, allowed)),
        "closing": list(closing),
        "closing_days": CLOSING_SOON_DAYS,
        "batches": list(batches[:5]),
    }


class ReportDashboardPanel(Component):
    name = "reports_compliance"
    order = 90
    template_name = "reports/dashboard_panel.html"

    class Media:
        css = {"all": ["reports/report.css", DASHBOARD_CSS]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        context = dashboard_context(self.request.user)
        # The clerk's own panel already lists the imports.
        context["show_batches"] = not roles.has_role(self.request.user, roles.COMMUNE_STAFF)
        return context


# ---------------------------------------------------------------- commune clerk

RECENT_IMPORTS = 5


def _share(done, planned):
    return round(100 * done / planned, 1) if planned else None


def plan_progress(figures):
    """This period's totals against the annual plan: (label, done, planned, share %) rows."""
    planned_sessions = sum(row.planned_sessions for row in figures.plans_by_form)
    budget = sum(row.budget for row in figures.plans_by_form)
    rows = [
        (_("Buổi/lượt truyền thông"), figures.activities.sessions, planned_sessions),
        (_("Kinh phí đã chi (đồng)"), figures.activities.cost, budget),
        (_("Lớp tập huấn đã tổ chức"), figures.training.sessions, figures.trainings_planned),
    ]
    return [
        {"label": label, "done": done, "planned": planned, "share": _share(done, planned)}
        for label, done, planned in rows
    ]


def recent_batches(user):
    """The last imports the user may list (ImportBatch.objects.visible_to), undone ones included."""
    batches = ImportBatch.objects.visible_to(user).select_related("created_by").order_by("-created_at")
    return list(batches[:RECENT_IMPORTS])


def clerk_context(user, now=None):
    now = now or timezone.now()
    allowed = scope.scoped_unit_ids(user)
    period = ReportPeriod.current(timezone.localdate(now))
    current = figures.compute(period, None, allowed)
    plans = AnnualPlan.objects.filter(year=period.year).order_by("unit__name")
    if allowed is not None:
        plans = plans.filter(unit__in=allowed)
    jobs = (
        ImportJob.objects.filter(owner=user)
        .exclude(state=ImportJob.State.DONE)
        .defer("content", "pending", "preview")
        .order_by("-created_at")[:RECENT_IMPORTS]
    )
    return {
        "period": period,
        "activities": current.activities,
        "progress": plan_progress(current),
        "half_year": period.kind == ReportPeriod.Kind.HALF_YEAR,
        "plan": plans.first(),
        "batches": recent_batches(user),
        "jobs": list(jobs),
    }


class ClerkDashboardPanel(DashboardPanel):
    name = "clerk_imports"
    order = 30
    template_name = "reports/dashboard_clerk.html"

    def get_rows(self, user):
        return clerk_context(user)


def panels_for(request):
    if roles.has_role(request.user, roles.COMMUNE_STAFF):
        return [ClerkDashboardPanel(request)]
    return []
