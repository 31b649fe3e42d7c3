"""Spreadsheets out: activity listings in the importer's columns, the blank template, the roster.

Every cell goes through spreadsheets.escape_formula, so no exported cell can run as a formula.
"""

import csv
import io
from datetime import date

from django.http import HttpResponse
from django.utils.translation import gettext as _

from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

import openpyxl
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from cms.documents import XLSX_CONTENT_TYPE
from cms.exports import DayFirstExportMixin, log_export
from outreach.columns import COLUMNS, EXPORT_HEADINGS
from outreach.importing.resource import ActivityResource
from outreach.spreadsheets import escape_formula


def activity_rows(queryset, user=None):
    """STT plus the importer's columns, one row per record, rendered through the Resource's widgets
    (as `user` may read them: another unit's unpublished draft is named only as such)."""
    resource = ActivityResource(user=user)
    fields = list(resource.fields.values())
    queryset = queryset.select_related("unit", "commune", "draft", "form").order_by("date", "pk")
    for number, record in enumerate(queryset.iterator(chunk_size=2000), 1):
        yield [number, *(field.export(record) for field in fields)]


def xlsx_response(headings, rows, file_name, sheet_title):
    workbook = build_workbook(headings, rows, sheet_title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}.xlsx"'
    return response


def build_workbook(headings, rows, sheet_title):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append([escape_formula(heading) for heading in headings])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_formula(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never let openpyxl read a leading '=' as a formula
    for column, width in zip("ABCDEFGHIJKL", (6, 14, 32, 18, 40, 26, 40, 10, 12, 14, 18, 20), strict=False):
        sheet.column_dimensions[column].width = width
    return workbook


def csv_response(headings, rows, file_name):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # a BOM so Excel opens Vietnamese text as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(heading) for heading in headings])
    for row in rows:
        writer.writerow([escape_formula(_csv_value(value)) for value in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}.csv"'
    return response


def _csv_value(value):
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else value


def export_activities(request, queryset, file_format, file_name="hoat-dong-truyen-thong"):
    log_export(request, queryset.model, queryset.count(), file_format)
    rows = activity_rows(queryset, request.user)
    if file_format == "csv":
        return csv_response(EXPORT_HEADINGS, rows, file_name)
    return xlsx_response(EXPORT_HEADINGS, rows, file_name, _("Hoạt động"))


def template_workbook():
    """A blank activity sheet: headings, and drop-down lists of forms and communes from a list sheet."""
    from outreach.models import CommunicationForm
    from policies.models import Unit

    workbook = build_workbook(EXPORT_HEADINGS, [], _("Hoạt động"))
    sheet = workbook.active
    lists = workbook.create_sheet(_("Danh mục"))
    forms = list(CommunicationForm.objects.values_list("name", flat=True))
    communes = list(Unit.objects.filter(kind=Unit.Kind.COMMUNE, valid_to__isnull=True).values_list("name", flat=True))
    lists.append([_("Hình thức truyền thông"), _("Địa bàn (xã)")])
    for position in range(max(len(forms), len(communes))):
        lists.append(
            [
                escape_formula(forms[position]) if position < len(forms) else None,
                escape_formula(communes[position]) if position < len(communes) else None,
            ]
        )
    positions = {key: index for index, (key, _h, _v) in enumerate(COLUMNS, 2)}  # column 1 is STT
    for key, list_column, count in (("form", "A", len(forms)), ("commune", "B", len(communes))):
        if not count:
            continue
        letter = openpyxl.utils.get_column_letter(positions[key])
        validation = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${list_column}$2:${list_column}${count + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Giá trị không có trong danh mục"),
            error=_("Hãy chọn một giá trị trong danh sách."),
        )
        validation.add(f"{letter}2:{letter}1000")
        sheet.add_data_validation(validation)
    date_letter = openpyxl.utils.get_column_letter(positions["date"])
    for row in range(2, 1001):
        sheet[f"{date_letter}{row}"].number_format = "DD/MM/YYYY"
    return workbook


def template_response():
    buffer = io.BytesIO()
    template_workbook().save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-hoat-dong-truyen-thong.xlsx"'
    return response


class EscapingIndexView(DayFirstExportMixin, SnippetIndexView):
    """Snippet listing whose XLSX/CSV export escapes formula triggers in every cell."""

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        return type(row)((field, escape_formula(value)) for field, value in row.items())
