"""The one way a unit is chosen: in admin forms, filters and the report.

A province holds some 130 units, so a plain select of names is unusable. Every unit choice is a
`UnitChoiceField` (or `UnitMultipleChoiceField`) drawn by `UnitSelect` (`UnitSelectMultiple`):

* options grouped by parent and kind (`<optgroup label="Tỉnh … – Xã, phường, thị trấn">`),
* current units first within a group, merged or expired ones named as such (`Unit.choice_label`),
* every option carrying its label folded by `policies.naming.fold` in `data-folded`, so the small
  script `policies/js/unit-choice.js` filters the list as one types "hoa binh" without a fold of its own.

Without JavaScript the grouped select works as it is. The fields change only how units are shown: which
units are offered is still the caller's queryset (the user's scope where it is limited today).
"""

from django import forms
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from cms.http import parse_id
from policies.models import Unit
from policies.naming import fold

SCRIPT = "policies/js/unit-choice.js"
FILTER_LABEL = _("Lọc danh sách đơn vị (gõ tên, không cần dấu)")
# Within a parent: its departments and bodies before its (many) communes.
KIND_ORDER = {
    kind: position
    for position, kind in enumerate(
        [
            Unit.Kind.PROVINCE,
            Unit.Kind.DISTRICT,
            Unit.Kind.OFFICE,
            Unit.Kind.MASS_ORGANISATION,
            Unit.Kind.COUNCIL,
            Unit.Kind.COURT,
            Unit.Kind.PROCURACY,
            Unit.Kind.COMMUNE,
            Unit.Kind.OTHER,
        ]
    )
}


def choosable(queryset):
    """The order and joins a unit choice needs: current units first, parents and successors fetched along."""
    return queryset.current_first().select_related("parent")


def group_of(unit, day):
    """(sort key, label) of the optgroup a unit is listed under: its parent and its kind. Top units come first,
    then the groups of current parents (a province's departments and communes), then those of former ones."""
    kind = unit.get_kind_display()
    if unit.parent_id is None:
        return (0, False, "", KIND_ORDER.get(unit.kind, 99)), str(kind)
    parent = unit.parent
    return (1, not parent.valid_on(day), parent.name, KIND_ORDER.get(unit.kind, 99)), f"{parent.name} – {kind}"


class UnitSelectMixin:
    """Regroups a model choice's options by parent and kind, keeping the field's order within a group."""

    class Media:
        js = [SCRIPT]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("data-unit-choice", "")
        context["widget"]["attrs"].setdefault("data-unit-filter-label", str(FILTER_LABEL))
        return context

    def optgroups(self, name, value, attrs=None):
        blank, grouped = [], {}
        has_selected = False
        today = timezone.localdate()
        for index, (option_value, option_label) in enumerate(self.choices):
            if option_value is None:
                option_value = ""
            unit = getattr(option_value, "instance", None)
            selected = str(option_value) in value and (not has_selected or self.allow_multiple_selected)
            has_selected |= selected
            option = self.create_option(name, option_value, option_label, selected, index, attrs=attrs)
            if unit is None:
                blank.append((None, [option], index))
                continue
            option["attrs"]["data-folded"] = fold(option_label)
            key, label = group_of(unit, today)
            grouped.setdefault((key, label), []).append(option)
        groups = list(blank)
        for position, ((_key, label), options) in enumerate(sorted(grouped.items(), key=lambda item: item[0][0])):
            for subindex, option in enumerate(options):
                option["index"] = f"{len(blank) + position}_{subindex}"
            groups.append((label, options, len(blank) + position))
        return groups


class UnitSelect(UnitSelectMixin, forms.Select):
    pass


class UnitSelectMultiple(UnitSelectMixin, forms.SelectMultiple):
    pass


class UnitFieldMixin:
    """Units in `choosable` order, labelled by `Unit.choice_label`; only a well-formed id reaches the database."""

    def __init__(self, queryset=None, **kwargs):
        super().__init__(Unit.objects.all() if queryset is None else queryset, **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(None if queryset is None else choosable(queryset))

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, unit):
        return unit.choice_label()


class UnitChoiceField(UnitFieldMixin, forms.ModelChoiceField):
    widget = UnitSelect

    def to_python(self, value):
        # An id typed into the address that is no number is the usual "not one of the choices" error, not a 500.
        if value not in self.empty_values and parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class UnitMultipleChoiceField(UnitFieldMixin, forms.ModelMultipleChoiceField):
    widget = UnitSelectMultiple

    def _check_values(self, value):
        for item in value or ():
            if parse_id(item) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


def is_unit_relation(db_field):
    return getattr(db_field, "remote_field", None) is not None and db_field.remote_field.model is Unit


def form_field_override(db_field):
    """Wagtail's form field override for a relation to Unit (registered in policies.wagtail_hooks)."""
    if not is_unit_relation(db_field):
        return {}
    if db_field.many_to_many:
        return {"form_class": UnitMultipleChoiceField}
    return {"form_class": UnitChoiceField}


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class UnitFilterSet(WagtailFilterSet):
    """A listing's filter set whose unit filters are unit choices (`list_filter = ("unit", …)`)."""

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        if is_unit_relation(field) and not field.many_to_many and lookup_expr in (None, "exact"):
            return UnitChoiceFilter(
                field_name=field_name, label=field.verbose_name.capitalize(), queryset=Unit.objects.all()
            )
        return super().filter_for_field(field, field_name, lookup_expr)


class UnitListFilter(SimpleListFilter):
    """wagtail-modeladmin list filter on a record's unit: the unit choice in a small GET form, not a list of
    links (a province's units would be some two hundred). Offers the units the link list offered: all of them."""

    title = _("đơn vị thực hiện")
    parameter_name = "unit__id__exact"  # Django's own name for this filter, so existing links keep working
    template = "policies/includes/unit_list_filter.html"

    def __init__(self, request, params, model, model_admin):
        self.request = request
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [("", "")]  # the choices are the widget's; one entry keeps the filter shown

    def queryset(self, request, queryset):
        value = self.value()
        if value in (None, ""):
            return queryset
        unit_id = parse_id(value)
        if unit_id is None:
            raise IncorrectLookupParameters(value)
        return queryset.filter(unit_id=unit_id)

    def kept_params(self):
        """The listing's other filters, search and order, carried by the form (the page number is dropped)."""
        return [
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in (self.parameter_name, "p")
            for value in values
        ]

    def field_html(self):
        field = UnitChoiceField(Unit.objects.all(), required=False, empty_label=_("Tất cả"))
        return field.widget.render(self.parameter_name, self.value(), attrs={"id": "id_unit_filter"})
