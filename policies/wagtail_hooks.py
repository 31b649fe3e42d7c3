from django.contrib import messages
from django.db import models
from django.shortcuts import get_list_or_404, get_object_or_404
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.move import MoveConfirmView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.contrib.settings.registry import register_setting
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from policies import unit_choice
from policies.admin_lookup import IdCheckedChooserViewSet, UnitChooserViewSet
from policies.audience_dashboard import audience_panels_for
from policies.comment_bulk_actions import BULK_ACTIONS
from policies.comment_views import CommentViewSet, register_comment_log_actions
from policies.dashboard import panels_for
from policies.draft_documents import hide_draft_documents_in_chooser
from policies.draft_permissions import checks_parent_page_scope, page_policy
from policies.models import (
    AudienceLanguage,
    Comment,
    DocumentType,
    DraftPage,
    OrganisationIdentity,
    PolicyField,
    Synthesis,
    Unit,
    short_window_warning,
)
from policies.scope import UnitScopedPermissionPolicy
from policies.synthesis_views import SynthesisViewSet


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "site"
    menu_label = _("Đơn vị")
    chooser_viewset_class = UnitChooserViewSet
    menu_order = 900
    add_to_admin_menu = True
    list_display = ("name", "short_name", "kind", "parent", "valid_to", "successor")
    list_filter = ("kind",)
    # No search_fields: the model's own index (name and folded names) is searched. Naming fields here makes
    # the SQLite full-text backend query columns its index does not have (a 500 on every search).
    ordering = ("name",)


register_snippet(UnitViewSet)
# After the line above, which makes a unit's foreign key a snippet chooser: every admin form chooses a unit
# (and several) with the grouped, searchable select instead (policies/unit_choice.py).
register_form_field_override(models.ForeignKey, to=Unit, override=unit_choice.form_field_override)
register_form_field_override(models.ManyToManyField, override=unit_choice.form_field_override)

# Settings → Thông tin cơ quan: the names, place, signer and hotline every printout uses.
register_setting(OrganisationIdentity, icon="site")


# Comments and the synthesis: snippet viewsets scoped by the drafting unit of their draft.
register_permission_policy(Comment, UnitScopedPermissionPolicy(Comment, see_paths=("draft__drafting_unit",)))
register_permission_policy(Synthesis, UnitScopedPermissionPolicy(Synthesis, see_paths=("draft__drafting_unit",)))


class ConsultationViewSetGroup(SnippetViewSetGroup):
    items = (CommentViewSet, SynthesisViewSet)
    menu_icon = "comment"
    menu_label = _("Lấy ý kiến")
    menu_name = "lay-y-kien"
    menu_order = 250


register_snippet(ConsultationViewSetGroup)
hooks.register("register_log_actions", register_comment_log_actions)
for comment_bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", comment_bulk_action)


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


class AudienceLanguageViewSet(SnippetViewSet):
    model = AudienceLanguage
    icon = "globe"
    menu_label = _("Ngôn ngữ của bản cho đối tượng")
    chooser_viewset_class = IdCheckedChooserViewSet
    list_display = ("name", "code", "slug", "sort_order")
    search_fields = ("name", "code")


class DraftListsGroup(SnippetViewSetGroup):
    items = (DocumentTypeViewSet, PolicyFieldViewSet, AudienceLanguageViewSet)
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


class ScopedExplorableIndexView(ExplorableIndexView):
    get = checks_parent_page_scope(ExplorableIndexView.get)


class ScopedMoveConfirmView(MoveConfirmView):
    def dispatch(self, request, page_to_move_id, destination_id, *args, **kwargs):
        # The confirmation names both pages (or a clashing slug) before Wagtail checks any permission.
        for page_id in (page_to_move_id, destination_id):
            page_policy().check_page_in_scope(request.user, get_object_or_404(Page, pk=page_id))
        return super().dispatch(request, page_to_move_id, destination_id, *args, **kwargs)


class ScopedPageViewSet(PageViewSet):
    """Wagtail's page views for every page type; the two that show a page without asking permission ask the policy."""

    model = Page
    index_view_class = ScopedExplorableIndexView
    move_confirm_view_class = ScopedMoveConfirmView


@hooks.register("register_admin_viewset")
def register_scoped_page_viewset():
    # Registered after Wagtail's own base page viewset (order -1), so it replaces it for every page type.
    return ScopedPageViewSet()


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    return page_policy().scope(pages, request.user)


class ScopedPageBulkActionMixin:
    """Wagtail's page bulk actions take any ids from the address and name the pages the user may not touch."""

    def get_queryset(self, model, object_ids):
        return get_list_or_404(page_policy().scope(model.objects.filter(pk__in=object_ids), self.request.user))


for page_bulk_action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction):
    # Order 1: after Wagtail's own registrations, so the scoped class replaces each action.
    hooks.register(
        "register_bulk_action",
        type(f"Scoped{page_bulk_action.__name__}", (ScopedPageBulkActionMixin, page_bulk_action), {}),
        order=1,
    )


@hooks.register("construct_homepage_panels")
def add_role_panels(request, panels):
    panels.extend(panels_for(request))
    panels.extend(audience_panels_for(request))


@hooks.register("insert_editor_js")
def autosave_guard_js():
    """Holds a save pressed during an autosave of a new page, which would otherwise make a second page."""
    return format_html('<script src="{}"></script>', static("policies/js/autosave-guard.js"))


@hooks.register("register_admin_urls")
def register_loudspeaker_urls():
    from django.urls import path

    from policies.views.script_audio import request_reading

    return [path("loa/<int:draft_id>/doc-tu-dong/", request_reading, name="policies_loudspeaker_reading")]


hooks.register("construct_document_chooser_queryset", hide_draft_documents_in_chooser)
