from django.apps import AppConfig
from django.db.models.signals import post_migrate
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
        )
        recognition = [
            f"outreach.{action}_{model}"
            for model in ("goodpractice", "goodpracticeevidence", "commendationproposal")
            for action in ("add", "change", "delete", "view")
        ]
        # Communes and drafting offices record their good practices and propose commendations.
        for role in (roles.COMMUNE_STAFF, roles.EDITOR):
            roles.grant(role, *recognition)
        roles.grant(roles.COMMUNE_STAFF, "wagtaildocs.add_document", "wagtaildocs.choose_document")
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
                "importalias",
                "goodpractice",
                "goodpracticeevidence",
                "commendationproposal",
            )
            for action in ("add", "change", "delete", "view")
        ]
        roles.grant(roles.JUSTICE_OFFICE, *everything, "outreach.import_activityrecord")
        post_migrate.connect(grant_trainer_documents, sender=self)


def grant_trainer_documents(**kwargs):
    """Trainers attach materials and communes evidence of good practices: Wagtail's documents are permitted per
    collection, not by group permission."""
    from django.contrib.auth.models import Permission

    from wagtail.models import Collection, GroupCollectionPermission

    from policies import roles

    # A flushed (transactional test) database has lost the root collection Wagtail's migration made.
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for role in (roles.TRAINER, roles.COMMUNE_STAFF):
        group = roles.role_group(role)
        for codename in ("add_document", "choose_document"):
            permission = Permission.objects.filter(content_type__app_label="wagtaildocs", codename=codename).first()
            if permission is not None:
                GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
