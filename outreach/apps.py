from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Truyền thông và tập huấn")

    def ready(self):
        from policies import roles

        activity = [f"outreach.{action}_activityrecord" for action in ("add", "change", "delete", "view")]
        roles.grant(roles.COMMUNE_STAFF, *activity, "outreach.import_activityrecord")
        roles.grant(
            roles.TRAINER,
            "outreach.add_trainingsession",
            "outreach.change_trainingsession",
            "outreach.view_trainingsession",
            "outreach.view_rostermember",
            "wagtaildocs.add_document",
            "wagtaildocs.choose_document",
        )
        everything = [
            f"outreach.{action}_{model}"
            for model in (
                "activityrecord",
                "communicationform",
                "rostermember",
                "trainingsession",
                "trainingattendance",
                "trainingmaterial",
                "importbatch",
            )
            for action in ("add", "change", "delete", "view")
        ]
        roles.grant(roles.JUSTICE_OFFICE, *everything, "outreach.import_activityrecord")
