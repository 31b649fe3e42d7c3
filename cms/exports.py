"""Admin spreadsheet exports show dates as the admin does (day first, date-times on Vietnam's clock),
and each one leaves an entry in Wagtail's audit log.

Wagtail's export mixin writes dates as ISO (`2026-11-05`, an Excel `yyyy-mm-dd` cell) and date-times in UTC
(08:30 in Vietnam becomes 01:30). Mixed into an export view, this writes what the widgets show instead.
"""

import datetime
from functools import cached_property
from urllib.parse import unquote_plus

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.mixins import ExcelDateFormatter, SpreadsheetExportMixin
from wagtail.log_actions import LogFormatter, log

from cms import formats

CSV = SpreadsheetExportMixin.FORMAT_CSV
XLSX = SpreadsheetExportMixin.FORMAT_XLSX


EXPORT_ACTION = "portal.export"


class ExportFormatter(LogFormatter):
    label = _("Xuất bảng tính")

    def format_message(self, log_entry):
        data = log_entry.data
        message = _("Xuất %(rows)s dòng ra tệp %(format)s từ %(listing)s") % data
        if data.get("query"):
            message += "; " + _("bộ lọc, tìm kiếm: %(query)s") % data
        return message


def log_export(request, model, row_count, file_format):
    """One audit entry per export: who, which listing (logged on the model's type), filters, rows, format."""
    query = request.GET.copy()
    query.pop("export", None)
    log(
        ContentType.objects.get_for_model(model),
        EXPORT_ACTION,
        user=request.user,
        title=capfirst(model._meta.verbose_name_plural),
        data={
            "listing": request.path,
            "query": unquote_plus(query.urlencode()),
            "rows": row_count,
            "format": file_format.upper(),
        },
    )


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

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        log_export(self.request, self.model, queryset.count(), spreadsheet_format)
        return response

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
