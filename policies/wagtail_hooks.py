from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import modeladmin_register

from policies.admin_lookup import IdCheckedChooserViewSet
from policies.comment_admin import ConsultationAdminGroup, register_comment_log_actions
from policies.models import DocumentType, DraftPage, OrganisationIdentity, PolicyField, Unit, short_window_warning
from policies.scope import scoped_unit_ids


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Đơn vị")
    chooser_viewset_class = IdCheckedChooserViewSet
    menu_order = 900
    add_to_admin_menu = True
    list_display = ("name", "short_name", "kind", "parent", "valid_to", "successor")
    list_filter = ("kind",)
    # No search_fields: the model's own index (name and folded names) is searched. Naming fields here makes
    # the SQLite full-text backend query columns its index does not have (a 500 on every search).
    ordering = ("name",)


register_snippet(UnitViewSet)

# Settings → Thông tin cơ quan: the names, place, signer and hotline every printout uses.
register_setting(OrganisationIdentity, icon="site")


# Comments and the synthesis: wagtail-modeladmin, scoped by unit.
modeladmin_register(ConsultationAdminGroup)
hooks.register("register_log_actions", register_comment_log_actions)


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "doc-full"
    menu_label = _("Loại văn bản")
    chooser_viewset_class = IdCheckedChooserViewSet
    list_display = ("name", "min_consultation_days")
    search_fields = ("name",)


class PolicyFieldViewSet(SnippetViewSet):
    model = PolicyField
    icon = "tag"
    menu_label = _("Lĩnh vực")
    chooser_viewset_class = IdCheckedChooserViewSet
    list_display = ("name", "slug")
    search_fields = ("name",)


class DraftListsGroup(SnippetViewSetGroup):
    items = (DocumentTypeViewSet, PolicyFieldViewSet)
    menu_icon = "list-ul"
    menu_label = _("Danh mục dự thảo")
    menu_order = 910


register_snippet(DraftListsGroup)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_short_consultation_window(request, page):
    page = page.specific
    if isinstance(page, DraftPage):
        warning = short_window_warning(page)
        if warning:
            messages.warning(request, warning)


@hooks.register("construct_explorer_page_queryset")
def hide_other_units_drafts(parent_page, pages, request):
    unit_ids = scoped_unit_ids(request.user)
    if unit_ids is None:
        return pages
    foreign = DraftPage.objects.exclude(drafting_unit_id__in=unit_ids).values("pk")
    return pages.exclude(pk__in=foreign)
