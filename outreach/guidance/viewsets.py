"""Guidance materials in the admin: a snippet viewset scoped by the one unit rule (outreach.permissions).

A unit's staff add and change their unit's materials; they also see (not change) every public one.
The search ignores diacritics ("huong dan" finds "hướng dẫn"), as the public library's does.
"""

from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import InspectView

import django_filters

from outreach.admin_listing import EscapingIndexView
from outreach.forms import GuidanceMaterialForm
from outreach.models import GuidanceMaterial
from outreach.models.guidance import GuidanceAudience, IssuerLevel
from outreach.permissions import guidance_policy
from policies.admin_lookup import ScopedSnippetViewSet


class GuidanceFilterSet(WagtailFilterSet):
    issuer_level = django_filters.ChoiceFilter(
        label=_("Cấp ban hành"), choices=IssuerLevel.choices, empty_label=_("Tất cả")
    )
    audience = django_filters.ChoiceFilter(
        label=_("Đối tượng sử dụng"), choices=GuidanceAudience.choices, empty_label=_("Tất cả"), method="by_audience"
    )
    public = django_filters.ChoiceFilter(
        label=_("Công khai"),
        choices=[("1", _("Công khai")), ("0", _("Chỉ cán bộ"))],
        empty_label=_("Tất cả"),
        method="by_public",
    )

    class Meta:
        model = GuidanceMaterial
        fields = []

    def by_audience(self, queryset, name, value):
        return queryset.for_audience(value)

    def by_public(self, queryset, name, value):
        return queryset.filter(public=value == "1")


class InstanceLinksMixin:
    """Edit and delete links only for materials the user may change: another unit's public one opens read-only."""

    def _may(self, action, instance):
        return guidance_policy.user_has_permission_for_instance(self.request.user, action, instance)


class GuidanceIndexView(InstanceLinksMixin, EscapingIndexView):
    def search_queryset(self, queryset):
        return queryset.search(self.search_query) if self.search_query else queryset

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if self._may("change", instance) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if self._may("delete", instance) else None


class GuidanceInspectView(InstanceLinksMixin, InspectView):
    def get_edit_url(self):
        return super().get_edit_url() if self._may("change", self.object) else None

    def get_delete_url(self):
        return super().get_delete_url() if self._may("delete", self.object) else None

    def get_field_label(self, field_name, field):
        if field_name == "files":
            return _("Tệp tài liệu")
        return super().get_field_label(field_name, field)

    def get_public_display_value(self):
        return _("Công khai") if self.object.public else _("Chỉ cán bộ")

    def get_audiences_display_value(self):
        return "; ".join(map(str, self.object.audience_labels())) or "—"

    def get_files_display_value(self):
        links = [(file.document.url, file.document.title) for file in self.object.files.select_related("document")]
        return format_html_join(", ", '<a href="{}">{}</a>', links) or "—"


class GuidanceMaterialViewSet(ScopedSnippetViewSet):
    model = GuidanceMaterial
    icon = "doc-full-inverse"
    menu_label = _("Tài liệu hướng dẫn")
    url_prefix = "outreach/tai-lieu-huong-dan"
    index_view_class = GuidanceIndexView
    inspect_view_class = GuidanceInspectView
    inspect_view_enabled = True
    inspect_view_fields = (
        "title",
        "issuer_level",
        "issuer",
        "issued_on",
        "owning_unit",
        "audiences",
        "topics",
        "summary",
        "files",
        "public",
    )
    edit_handler = ObjectList(GuidanceMaterial.panels, base_form_class=GuidanceMaterialForm)
    filterset_class = GuidanceFilterSet
    search_fields = ("search_text",)  # searched folded by GuidanceIndexView
    search_backend_name = None
    list_display = (
        "title",
        Column("issuer_level", label=_("Cấp ban hành"), accessor="get_issuer_level_display"),
        "issuer",
        Column("issued_on", label=_("Ngày ban hành"), accessor=lambda m: m.issued_on.strftime("%d/%m/%Y")),
        "owning_unit",
        BooleanColumn("public", label=_("Công khai")),
    )
    list_export = ("title", "get_issuer_level_display", "issuer", "issued_on", "owning_unit", "topics", "public")
    export_headings = {"get_issuer_level_display": _("Cấp ban hành")}
    export_filename = "tai-lieu-huong-dan"
    ordering = ("-issued_on", "title")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owning_unit")
