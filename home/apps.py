from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Trang chủ")

    def ready(self):
        from home import audit
        from home.builtin_names import vietnamese_builtin_names

        audit.connect_signals()

        post_migrate.connect(vietnamese_builtin_names, dispatch_uid="home.vietnamese_builtin_names")
