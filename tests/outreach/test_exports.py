import csv
import io

import openpyxl
import pytest

from cms.documents import FORMULA_TRIGGERS
from outreach import exports, importing
from outreach.columns import EXPORT_HEADINGS
from outreach.models import ActivityRecord
from outreach.spreadsheets import escape_formula, unescape_formula
from policies.models import Unit
from tests.factories import ActivityRecordFactory
from tests.outreach.conftest import SAMPLE_XLSX

TRIGGERS = ["=1+1", "+84905", "-2", "@SUM(A1)", "\tx", "\rx"]


def test_sample_values_start_with_every_formula_trigger():
    assert sorted(value[0] for value in TRIGGERS) == sorted(FORMULA_TRIGGERS)


@pytest.mark.parametrize("value", TRIGGERS)
def test_escape_formula_prefixes_every_trigger_and_unescape_restores_it(value):
    escaped = escape_formula(value)
    assert escaped == "'" + value
    assert unescape_formula(escaped) == value


@pytest.mark.parametrize("value", ["Hội nghị", "", None, 5, -5, "a=b"])
def test_escape_formula_leaves_harmless_values_alone(value):
    assert escape_formula(value) == value


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return workbook.active


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def export_request(rf, justice):
    request = rf.get("/admin/outreach/activityrecord/", {"export": "xlsx"})
    request.user = justice
    return request


@pytest.mark.django_db
class TestActivityExport:
    @pytest.fixture
    def dangerous(self, outreach_data):
        unit = Unit.objects.get(code="ia-toi")
        return [ActivityRecordFactory(unit=unit, content=value, funding_source=value) for value in TRIGGERS]

    def test_xlsx_cells_are_escaped_one_by_one(self, export_request, dangerous):
        sheet = xlsx_rows(
            exports.export_activities(
                export_request, ActivityRecord.objects.filter(pk__in=[r.pk for r in dangerous]), "xlsx"
            )
        )
        assert [cell.value for cell in sheet[1]] == EXPORT_HEADINGS
        content_column = EXPORT_HEADINGS.index("Nội dung") + 1
        funding_column = EXPORT_HEADINGS.index("Nguồn kinh phí") + 1
        exported = {sheet.cell(row=r, column=content_column).value for r in range(2, sheet.max_row + 1)}
        assert exported == {"'" + value for value in TRIGGERS}
        for r in range(2, sheet.max_row + 1):
            for column in (content_column, funding_column):
                cell = sheet.cell(row=r, column=column)
                assert cell.data_type == "s"
                assert cell.value.startswith("'")

    def test_control_characters_openpyxl_refuses_are_dropped_not_a_500(self, export_request, outreach_data):
        record = ActivityRecordFactory(unit=Unit.objects.get(code="ia-toi"), content="Phát\x0b thanh\x01 loa")
        sheet = xlsx_rows(
            exports.export_activities(export_request, ActivityRecord.objects.filter(pk=record.pk), "xlsx")
        )
        content_column = EXPORT_HEADINGS.index("Nội dung") + 1
        assert sheet.cell(row=2, column=content_column).value == "Phát thanh loa"

    def test_csv_has_a_bom_and_escaped_cells(self, export_request, dangerous):
        rows = csv_rows(
            exports.export_activities(
                export_request, ActivityRecord.objects.filter(pk__in=[r.pk for r in dangerous]), "csv"
            )
        )
        assert rows[0] == EXPORT_HEADINGS
        contents = {row[EXPORT_HEADINGS.index("Nội dung")] for row in rows[1:]}
        assert contents == {"'" + value for value in TRIGGERS}
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_TRIGGERS)

    @pytest.mark.parametrize("file_format", ["xlsx", "csv"])
    def test_export_reimports_as_unchanged(self, export_request, justice, dangerous, file_format):
        report = importing.preview(SAMPLE_XLSX.read_bytes(), "mau.xlsx", user=justice)
        importing.confirm(report.pending, user=justice)
        response = exports.export_activities(export_request, ActivityRecord.objects.all(), file_format)
        again = importing.preview(response.content, f"xuat.{file_format}", user=justice)
        assert again.errors == []
        assert (again.new, again.unchanged) == (0, ActivityRecord.objects.count())


@pytest.mark.django_db
def test_blank_template_has_headers_and_dropdowns_of_forms_and_communes(outreach_data):
    workbook = exports.template_workbook()
    sheet = workbook["Hoạt động"]
    assert [cell.value for cell in sheet[1]] == EXPORT_HEADINGS
    lists = workbook["Danh mục"]
    forms = [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]]
    communes = [row[1] for row in lists.iter_rows(min_row=2, values_only=True) if row[1]]
    assert "Loa truyền thanh cơ sở" in forms and "Báo, đài" in forms
    assert set(communes) == {"Xã Ia Tơi", "Xã Ia Đal"}
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    form_column = openpyxl.utils.get_column_letter(EXPORT_HEADINGS.index("Hình thức truyền thông") + 1)
    commune_column = openpyxl.utils.get_column_letter(EXPORT_HEADINGS.index("Địa bàn (xã)") + 1)
    assert validations[f"{form_column}2:{form_column}1000"] == f"'Danh mục'!$A$2:$A${len(forms) + 1}"
    assert validations[f"{commune_column}2:{commune_column}1000"] == f"'Danh mục'!$B$2:$B${len(communes) + 1}"


@pytest.mark.django_db
def test_blank_template_reads_back_as_an_empty_sheet(justice):
    buffer = io.BytesIO()
    exports.template_workbook().save(buffer)
    report = importing.preview(buffer.getvalue(), "mau.xlsx", user=justice)
    assert (report.total, report.errors) == (0, [])
