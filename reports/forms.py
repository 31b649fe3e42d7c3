"""Admin forms: every unit and draft a user may pick is limited to the user's scope."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from policies import scope
from policies.unit_choice import UnitChoiceField


class ScopedForm(WagtailAdminModelForm):
    unit_fields = ("unit",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        for name in self.unit_fields:
            if name in self.fields:
                self.fields[name].queryset = scope.scoped_units(self.for_user).order_by("name")
        if "draft" in self.fields:
            from policies.models import DraftPage

            self.fields["draft"].queryset = DraftPage.objects.for_user(self.for_user).order_by("code")


class ReportNarrativeForm(ScopedForm):
    def clean_unit(self):
        unit = self.cleaned_data.get("unit")
        if unit is None and self.for_user is not None and not scope.sees_all_units(self.for_user):
            raise ValidationError(_("Chọn đơn vị báo cáo."))
        return unit


class CommunicationPlanForm(ScopedForm):
    unit_fields = ("lead_unit",)


class AnnualPlanForm(ScopedForm):
    pass


class ReportUnitForm(forms.Form):
    """The report's unit: the units in the user's scope; "every unit" only for whoever sees them all."""

    unit = UnitChoiceField(label=_("Đơn vị (gồm các đơn vị trực thuộc)"), required=False)

    def __init__(self, user, unit):
        super().__init__(initial={"unit": unit.pk if unit else None})
        field = self.fields["unit"]
        field.queryset = scope.scoped_units(user)
        field.empty_label = _("Toàn bộ các đơn vị") if scope.sees_all_units(user) else None
