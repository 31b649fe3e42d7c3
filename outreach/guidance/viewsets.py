"""Guidance materials in the admin: a snippet viewset scoped by the one unit rule (outreach.permissions).

A unit's staff add and change their unit's materials; they also see (not change) every public one.
The search ignores diacritics ("huong dan" finds "hướng dẫn"), as the public library's does.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column

import django_filters

from outreach.admin_listing import EscapingIndexView
from outreach.forms import GuidanceMaterialForm
from outreach.models import GuidanceMaterial
from outreach.models.guidance import GuidanceAudience, IssuerLevel
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


class GuidanceIndexView(EscapingIndexView):
    def search_queryset(self, queryset):
        return queryset.search(self.search_query) if self.search_query else queryset


class GuidanceMaterialViewSet(ScopedSnippetViewSet):
    model = GuidanceMaterial
    icon = "doc-full-inverse"
    menu_label = _("Tài liệu hướng dẫn")
    url_prefix = "outreach/tai-lieu-huong-dan"
    index_view_class = GuidanceIndexView
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
