from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self):
        from policies import roles

        roles.grant(
            roles.JUSTICE_OFFICE,
            "reports.add_reportperiod",
            "reports.change_reportperiod",
            "reports.delete_reportperiod",
            "reports.view_reportperiod",
        )
