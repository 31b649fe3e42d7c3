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
            "reports.view_report",
            "reports.add_reportnarrative",
            "reports.change_reportnarrative",
            "reports.delete_reportnarrative",
            "reports.view_reportnarrative",
            "reports.add_communicationplan",
            "reports.change_communicationplan",
            "reports.delete_communicationplan",
            "reports.view_communicationplan",
            "reports.add_annualplan",
            "reports.change_annualplan",
            "reports.delete_annualplan",
            "reports.view_annualplan",
        )
        # Other roles read the reports of their own units; drafting offices plan their drafts' communication
        # and communes keep their annual plan (the views limit every row to the user's units).
        for role in (roles.EDITOR, roles.MODERATOR, roles.COMMUNE_STAFF, roles.TRAINER):
            roles.grant(role, "reports.view_report")
        roles.grant(
            roles.EDITOR,
            "reports.add_communicationplan",
            "reports.change_communicationplan",
            "reports.view_communicationplan",
        )
        roles.grant(
            roles.COMMUNE_STAFF, "reports.add_annualplan", "reports.change_annualplan", "reports.view_annualplan"
        )
