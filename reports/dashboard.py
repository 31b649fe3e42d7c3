"""The compliance panel on the Wagtail dashboard, for the user's own units."""

import datetime

from django.utils import timezone

from wagtail.admin.ui.components import Component

from outreach.models import ImportBatch
from policies import scope
from policies.models import DraftPage
from reports import figures
from reports.models import ReportPeriod

CLOSING_SOON_DAYS = 7


def dashboard_context(user, now=None):
    from reports.views import current_code, trend, trend_bars

    now = now or timezone.now()
    allowed = scope.scoped_unit_ids(user)
    period = ReportPeriod.from_code(current_code(timezone.localdate(now)))
    current = figures.kpi(period, None, allowed)
    soon = now + datetime.timedelta(days=CLOSING_SOON_DAYS)
    closing = (
        DraftPage.objects.for_user(user)
        .live()
        .filter(consultation_closes__gte=now, consultation_closes__lte=soon)
        .order_by("consultation_closes")[:10]
    )
    batches = ImportBatch.objects.select_related("created_by").order_by("-created_at")
    if allowed is not None:
        batches = batches.filter(records__unit__in=allowed).distinct()
    return {
        "period": period,
        "figures": current,
        "trend_bars": trend_bars(trend(period, None, allowed)),
        "closing": list(closing),
        "closing_days": CLOSING_SOON_DAYS,
        "batches": list(batches[:5]),
    }


class ReportDashboardPanel(Component):
    name = "reports_compliance"
    order = 90
    template_name = "reports/dashboard_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return dashboard_context(self.request.user)
