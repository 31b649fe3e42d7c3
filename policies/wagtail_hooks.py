from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from policies.models import Unit


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Đơn vị")
    menu_order = 900
    add_to_admin_menu = True
    list_display = ("name", "short_name", "kind", "parent", "valid_to", "successor")
    list_filter = ("kind",)
    search_fields = ("name", "folded_names")
    ordering = ("name",)


register_snippet(UnitViewSet)


# Comments and the synthesis (issue 3): wagtail-modeladmin, scoped by unit.
from wagtail import hooks  # noqa: E402
from wagtail_modeladmin.options import modeladmin_register  # noqa: E402

from policies.comment_admin import ConsultationAdminGroup, register_comment_log_actions  # noqa: E402

modeladmin_register(ConsultationAdminGroup)
hooks.register("register_log_actions", register_comment_log_actions)
