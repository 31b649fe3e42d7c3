"""Hostile and oversized sheets are refused at the admin upload, with a Vietnamese message naming the limit."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from outreach.models import ActivityRecord, ImportBatch, ImportJob
from outreach.spreadsheets import limits
from tests.outreach.sheets import HEADER, csv_bytes, raw_activity_xlsx, raw_xlsx, row, row_xml

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, commune_staff):
    client.force_login(commune_staff)
    return client


def upload(client, content, name="bang.xlsx"):
    assert len(content) < limits.MAX_UPLOAD_BYTES  # each attack is a small file
    return client.post(reverse("outreach_import"), {"file": SimpleUploadedFile(name, content)})


def refusal(response):
    """The upload form's error, after checking nothing was kept or queued."""
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert not ImportJob.objects.exists() and not ImportBatch.objects.exists()
    assert not ActivityRecord.objects.filter(batch__isnull=False).exists()
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1
    assert errors[0] in response.content.decode()
    return errors[0]


class TestAttackSheets:
    def test_one_row_of_148_mb_is_refused_before_parsing(self, staff_client, outreach_data):
        content = raw_xlsx([row_xml(1, ["x" * 1024 * 1024] * 148)])
        message = refusal(upload(staff_client, content))
        assert "giải nén ra quá lớn (148 MB, tối đa 100 MB)" in message

    def test_a_sheet_of_137_mb_uncompressed_is_refused_before_parsing(self, staff_client, outreach_data):
        line = row_xml(2, row(content="z" * 1000))
        content = raw_xlsx([line] * (137 * 1024 * 1024 // len(line)))
        message = refusal(upload(staff_client, content))
        assert "giải nén ra quá lớn (137 MB, tối đa 100 MB)" in message

    def test_a_worksheet_part_over_its_own_limit_is_named(self, staff_client, outreach_data):
        line = row_xml(2, row(content="z" * 1000))
        content = raw_xlsx([line] * (70 * 1024 * 1024 // len(line)))
        message = refusal(upload(staff_client, content))
        assert "phần “xl/worksheets/sheet1.xml”" in message and "tối đa 64 MB" in message

    def test_shared_strings_part_over_its_limit_is_refused_before_parsing(self, staff_client, outreach_data):
        content = raw_activity_xlsx([row()], ("s" * 9000 for _n in range(4000)))
        message = refusal(upload(staff_client, content))
        assert "phần “xl/sharedStrings.xml”" in message and "tối đa 32 MB" in message

    def test_one_cell_past_the_cell_limit_is_refused_while_parsing(self, staff_client, outreach_data):
        content = raw_activity_xlsx([row(), row(content="x" * (limits.MAX_CELL_CHARS + 1))])
        message = refusal(upload(staff_client, content))
        assert message.startswith("Ô G3 có hơn 10000 ký tự (giới hạn của một ô)")

    def test_one_huge_shared_string_is_refused_while_parsing(self, staff_client, outreach_data):
        content = raw_activity_xlsx([row(content=("s", 1))], ["ngắn", "x" * 5_000_000])
        message = refusal(upload(staff_client, content))
        assert message.startswith("Chuỗi văn bản thứ 2 trong bảng tính có hơn 10000 ký tự")

    def test_shared_strings_over_the_text_budget_are_refused(self, staff_client, outreach_data):
        # Each string is 10 KB in the file and 40 KB in memory: one character outside the BMP widens it.
        wide = "😀" + "y" * (limits.MAX_CELL_CHARS - 1)
        content = raw_activity_xlsx([row()], (f"{wide[:-6]}{n:06d}" for n in range(1500)))
        message = refusal(upload(staff_client, content))
        assert "quá nhiều chữ (tối đa 48 MB chữ)" in message

    def test_more_cells_than_the_limit_are_refused_before_parsing(self, staff_client, outreach_data):
        columns = limits.MAX_COLUMNS
        content = raw_activity_xlsx([n] * columns for n in range(1, limits.MAX_CELLS // columns + 2))
        message = refusal(upload(staff_client, content))
        assert "quá nhiều ô có dữ liệu" in message and "tối đa 1000000 ô" in message

    def test_data_beyond_the_last_column_read_is_refused(self, staff_client, outreach_data):
        content = raw_activity_xlsx([[*row(), *([None] * 300), "xa quá"]])
        message = refusal(upload(staff_client, content))
        assert "cột thứ 312" in message and "tối đa 200 cột" in message

    def test_an_xml_entity_bomb_is_refused(self, staff_client, outreach_data):
        bomb = (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
        )
        content = _replace_part(raw_activity_xlsx([row()]), "xl/worksheets/sheet1.xml", bomb)
        assert "DTD" in refusal(upload(staff_client, content))

    def test_too_many_rows_are_refused_before_parsing(self, staff_client, outreach_data):
        content = raw_activity_xlsx(row(number=n) for n in range(limits.MAX_ROWS + 200))
        message = refusal(upload(staff_client, content))
        assert "quá nhiều dòng" in message and "tối đa 50000" in message


class TestCsvLimits:
    def test_a_cell_past_the_limit_is_refused(self, staff_client, outreach_data):
        content = csv_bytes([row(), row(content="x" * (limits.MAX_CELL_CHARS + 1))])
        message = refusal(upload(staff_client, content, "bang.csv"))
        assert message.startswith("Ô G3 có hơn 10000 ký tự")

    def test_a_field_too_large_for_the_csv_reader_is_refused_as_a_long_cell(self, staff_client, outreach_data):
        content = csv_bytes([row(content="x" * 300_000)])
        message = refusal(upload(staff_client, content, "bang.csv"))
        assert "có hơn 10000 ký tự" in message

    def test_too_many_rows_are_refused(self, staff_client, outreach_data):
        content = csv_bytes([row(number=n) for n in range(limits.MAX_ROWS + 200)])
        message = refusal(upload(staff_client, content, "bang.csv"))
        assert "quá nhiều dòng" in message


class TestSheetsWithinTheLimits:
    def test_shared_strings_and_a_cell_at_the_limit_preview_as_new(self, staff_client, outreach_data):
        longest = "Nội dung " + "x" * (limits.MAX_CELL_CHARS - 9)
        strings = ["UBND xã Ia Tơi", "Ia Tơi", "Hội nghị", longest]
        shared = row(unit=("s", 0), commune=("s", 1), form=("s", 2), content=("s", 3))
        response = upload(staff_client, raw_activity_xlsx([shared, row(number=2, content="Khác")], strings))
        report = response.context["report"]
        assert (report.new, report.errors) == (2, [])
        token = response.context["confirm_form"].initial["token"]
        staff_client.post(reverse("outreach_import_confirm"), {"token": token})
        assert ActivityRecord.objects.get(content=longest).unit.code == "ia-toi"

    def test_header_is_found_after_empty_and_title_rows(self, staff_client, outreach_data):
        rows = [row_xml(1, ["BÁO CÁO HOẠT ĐỘNG"]), row_xml(4, HEADER), row_xml(9, row())]
        report = upload(staff_client, raw_xlsx(rows)).context["report"]
        assert (report.parsed.header_row, report.new) == (4, 1)


def _replace_part(content, name, data):
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info.filename))
    return buffer.getvalue()
