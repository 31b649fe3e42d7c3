"""Admin spreadsheet exports show dates as the admin does: day first, date-times on Vietnam's clock.

Wagtail's export mixin writes dates as ISO (`2026-11-05`, an Excel `yyyy-mm-dd` cell) and date-times in UTC
(08:30 in Vietnam becomes 01:30). Mixed into an export view, this writes what the widgets show instead.
"""

import datetime
from functools import cached_property

from django.utils import timezone
from django.utils.formats import get_format

from wagtail.admin.views.mixins import ExcelDateFormatter, SpreadsheetExportMixin

from cms import formats

CSV = SpreadsheetExportMixin.FORMAT_CSV
XLSX = SpreadsheetExportMixin.FORMAT_XLSX


def local_naive(value):
    # Excel has no time zones: write the wall-clock time people read in Vietnam.
    return timezone.make_naive(value) if timezone.is_aware(value) else value


class DayFirstExportMixin:
    """For a view using Wagtail's SpreadsheetExportMixin (snippet and wagtail-modeladmin listings)."""

    # Looked up in order with isinstance; Wagtail's `datetime` key comes first and keeps its place.
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {XLSX: local_naive, CSV: lambda value: local_naive(value).strftime(formats.DATETIME)},
        datetime.date: {XLSX: None, CSV: lambda value: value.strftime(formats.DATE)},
    }

    @cached_property
    def xlsx_day_format(self):
        # Once per export, not once per row: the active language's short date as an Excel number format.
        return ExcelDateFormatter().format(get_format("SHORT_DATE_FORMAT"))

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        # Wagtail formats date-time cells only; date cells would show as yyyy-mm-dd.
        day_format = self.xlsx_day_format
        for value, cell in zip(
            row_dict.values(), super().generate_xlsx_row(worksheet, row_dict, date_format), strict=True
        ):
            if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                cell.number_format = day_format
            yield cell
