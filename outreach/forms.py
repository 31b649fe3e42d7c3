"""Admin forms whose choices are the user's scope, so a tampered id is a form error."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from outreach.models import RosterMember
from policies import scope
from policies.models import Unit


class ActivityRecordForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        user = for_user
        self.fields["unit"].queryset = scope.scoped_units(user)
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Bạn chỉ ghi được hoạt động của đơn vị mình; hãy chọn một đơn vị trong danh sách."
        )
        self.fields["commune"].queryset = Unit.objects.filter(kind=Unit.Kind.COMMUNE)
        self.fields["reporters"].queryset = scope.filter_by_unit(RosterMember.objects.all(), user)
        if self.instance.pk is None and not self.initial.get("unit"):
            today = timezone.localdate()
            current = [unit for unit in self.fields["unit"].queryset if unit.valid_on(today)]
            if len(current) == 1:  # a commune clerk reports for one unit: preselect it
                self.initial["unit"] = current[0].pk

    def save(self, commit=True):
        record = super().save(commit=False)
        if record.pk is None:
            record.entry_method = record.EntryMethod.MANUAL
        if commit:
            record.save()
            self.save_m2m()
        return record


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bảng tính hoạt động"),
        help_text=_("Tệp Excel (.xlsx) hoặc CSV (UTF-8), tối đa 10 MB, theo mẫu hoặc theo bảng tổng hợp của huyện."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{20,64}$", widget=forms.HiddenInput)
