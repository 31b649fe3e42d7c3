from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from reports.models import ReportPeriod


class ReportPeriodViewSet(SnippetViewSet):
    model = ReportPeriod
    icon = "date"
    menu_label = _("Kỳ báo cáo")
    list_display = ("__str__", "start", "end")
    list_filter = ("kind", "year")


register_snippet(ReportPeriodViewSet)
