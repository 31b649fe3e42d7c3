"""The ad hoc report's date range, typed as the admin's date widgets show dates (dd/mm/yyyy)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.widgets import AdminDateInput

# Years a report can cover (the same bounds as a report period's year), and its longest span:
# the whole scheme 2022–2027 is six annual periods, a day more than six years.
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_SPAN = datetime.timedelta(days=6 * 366)


class DateRangeForm(forms.Form):
    start = forms.DateField(
        label=_("Từ ngày"),
        widget=AdminDateInput,
        error_messages={
            "required": _("Nhập ngày bắt đầu."),
            "invalid": _("Ngày bắt đầu không hợp lệ: ghi dạng ngày/tháng/năm, ví dụ 15/12/2025."),
        },
    )
    end = forms.DateField(
        label=_("Đến hết ngày"),
        widget=AdminDateInput,
        error_messages={
            "required": _("Nhập ngày kết thúc."),
            "invalid": _("Ngày kết thúc không hợp lệ: ghi dạng ngày/tháng/năm, ví dụ 14/06/2026."),
        },
    )

    def _in_range(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValidationError(
                _("Năm phải trong khoảng %(first)s–%(last)s."), params={"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day

    def clean_start(self):
        return self._in_range("start")

    def clean_end(self):
        return self._in_range("end")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Ngày kết thúc phải bằng hoặc sau ngày bắt đầu."))
            elif end - start > MAX_SPAN:
                self.add_error("end", _("Khoảng thời gian dài nhất là 6 năm: chọn ngày kết thúc sớm hơn."))
        return cleaned
