import datetime
import io
import unicodedata
import zipfile

from django.core.management import CommandError, call_command

import openpyxl
import pytest

from outreach import importing
from outreach.importing.widgets import CountWidget, SheetDateWidget
from outreach.models import ActivityRecord, ImportBatch
from outreach.spreadsheets import SheetError, limits
from policies.demo import UNITS
from policies.models import Unit
from tests.factories import SAMPLE_DRAFT_TITLES, ActivityRecordFactory
from tests.outreach.conftest import SAMPLE_CSV, SAMPLE_XLSX
from tests.outreach.sheets import HEADER, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db
UNIT_NAMES = {unit.code: unit.name for unit in UNITS}


def preview(content, user, name="bang.xlsx"):
    return importing.preview(content, name, user=user)


def confirm(report, user):
    assert report.ok, report.errors[:3]
    return importing.confirm(report.pending, user=user)


def messages(report):
    return [str(error) for error in report.errors]


class TestSampleSheet:
    def test_sample_xlsx_previews_every_row_as_new_for_the_justice_office(self, justice):
        report = preview(SAMPLE_XLSX.read_bytes(), justice, SAMPLE_XLSX.name)
        assert messages(report) == []
        assert (report.total, report.new, report.unchanged) == (40, 40, 0)
        assert report.parsed.header_row == 4
        assert report.parsed.ignored_columns == ["STT"]
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 0  # a preview writes nothing

    def test_a_preview_kept_by_the_previous_release_still_confirms(self, justice):
        """Before rows were dicts, a kept preview (cache, ImportJob) held positional lists in PENDING_FIELDS order."""
        from outreach.importing.resource import PENDING_FIELDS
        from outreach.importing.service import PendingImport

        stored = preview(SAMPLE_XLSX.read_bytes(), justice, SAMPLE_XLSX.name).pending.as_json()
        keys = (*PENDING_FIELDS, "fingerprint", "occurrence")
        old = {**stored, "rows": [[row[key] for key in keys] for row in stored["rows"]]}
        done = importing.confirm(PendingImport.from_json(old), user=justice)
        assert done.batch.new_count == 40 == ActivityRecord.objects.filter(batch=done.batch).count()

    def test_confirm_imports_all_rows_and_records_the_batch(self, justice):
        content = SAMPLE_XLSX.read_bytes()
        done = confirm(preview(content, justice, SAMPLE_XLSX.name), justice)
        batch = ImportBatch.objects.get()
        assert done.batch == batch
        assert (batch.created_by, batch.file_name, batch.total_rows, batch.new_count) == (
            justice,
            SAMPLE_XLSX.name,
            40,
            40,
        )
        assert batch.content_hash == importing.content_hash(content)
        records = ActivityRecord.objects.filter(batch=batch)
        assert records.count() == 40
        assert all(record.entry_method == "import" for record in records)
        first = records.get(date=datetime.date(2026, 2, 21), unit__code="ia-toi", form__name="Đối thoại trực tiếp")
        assert (first.commune.code, first.sessions, first.participants, first.cost) == ("ia-toi", 3, 41, 300000)
        assert first.draft.title.startswith("Chính sách hỗ trợ phát triển sản xuất nông nghiệp")

    def test_reimporting_the_same_sheet_adds_nothing(self, justice):
        content = SAMPLE_XLSX.read_bytes()
        confirm(preview(content, justice), justice)
        again = preview(content, justice)
        assert (again.new, again.unchanged, again.errors) == (0, 40, [])
        confirm(again, justice)
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 40

    def test_sample_csv_matches_the_xlsx(self, justice):
        confirm(preview(SAMPLE_XLSX.read_bytes(), justice), justice)
        report = preview(SAMPLE_CSV.read_bytes(), justice, SAMPLE_CSV.name)
        assert (report.total, report.new, report.unchanged, report.errors) == (40, 0, 40, [])

    def test_merged_commune_in_a_2026_row_maps_to_its_successor(self, justice):
        confirm(preview(SAMPLE_XLSX.read_bytes(), justice), justice)
        imported = ActivityRecord.objects.filter(batch__isnull=False)  # the demo has records of its own
        assert not imported.filter(commune__code="ia-dom").exists()
        assert imported.filter(commune__code="ia-toi").count() > 0

    def test_commune_staff_get_a_row_error_for_each_row_of_another_unit(self, commune_staff):
        report = preview(SAMPLE_XLSX.read_bytes(), commune_staff)
        unit_errors = [error for error in report.errors if error.column == "Đơn vị thực hiện"]
        assert report.error_rows == 25 and report.new == 15
        assert unit_errors[0].row == 5 and unit_errors[0].value == "Phòng Tư pháp"
        assert "không thuộc đơn vị của bạn" in unit_errors[0].message
        assert report.pending is None  # nothing can be confirmed while any row is in error


class TestMessySheets:
    def test_title_rows_variant_headers_extra_columns_blank_and_total_rows(self, justice):
        header = [
            "TT",
            "Ngày",
            "Đơn vị",
            "Xã",
            "Hình thức",
            "Nội dung truyền thông",
            "Số buổi",
            "Số người",
            "Kinh phí (VNĐ)",
            "Người lập",
            "ID",
        ]
        rows = [
            [
                1,
                "5/3/2026",
                "ubnd xa ia toi",
                "IA TƠI",
                "loa truyền thanh",
                "Phát thanh",
                "3",
                "0",
                "1.500.000",
                "Y Sơn",
                999,
            ],
            [None] * 11,
            [2, datetime.datetime(2026, 3, 6), "Ia Tơi", "Ia Tơi", "Niêm yết", "Niêm yết", 1, 0, "0", "", None],
            [3, 46089, "Xã Ia Tơi", "Ia Tơi", "Tờ gấp", "Phát tờ gấp", 2, "120", "2.000.000 đồng", None, None],
            [None, "Tổng cộng", None, None, None, None, 6, 120, 3500000, None, None],
            ["", "Cộng", "", "", "", "", "", "", "", "", ""],
        ]
        content = xlsx_bytes(rows, header=header, title_rows=[["UBND XÃ IA TƠI"], ["BÁO CÁO"], []])
        report = preview(content, justice)
        assert messages(report) == []
        assert report.total == 3 and report.new == 3
        assert report.parsed.header_row == 4
        assert report.parsed.extra_columns == ["Người lập"]
        assert report.parsed.ignored_columns == ["TT", "ID"]
        confirm(report, justice)
        by_date = {record.date: record for record in ActivityRecord.objects.filter(batch__isnull=False)}
        assert set(by_date) == {datetime.date(2026, 3, 5), datetime.date(2026, 3, 6), datetime.date(2026, 3, 8)}
        assert by_date[datetime.date(2026, 3, 5)].cost == 1_500_000
        assert by_date[datetime.date(2026, 3, 5)].form.name == "Loa truyền thanh cơ sở"
        assert by_date[datetime.date(2026, 3, 8)].cost == 2_000_000
        assert by_date[datetime.date(2026, 3, 8)].form.name == "Tài liệu in (tờ gấp)"

    def test_decomposed_unicode_resolves_and_is_unchanged_on_reimport(self, justice):
        composed = [row(unit="UBND xã Ia Tơi", content="Hội nghị lấy ý kiến", form="Hội nghị")]
        decomposed = [[unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in composed[0]]]
        assert decomposed[0][2] != composed[0][2]
        confirm(preview(xlsx_bytes(composed), justice), justice)
        report = preview(xlsx_bytes(decomposed), justice)
        assert (report.new, report.unchanged, report.errors) == (0, 1, [])

    def test_nul_and_control_characters_in_cells_are_dropped(self, justice):
        sheet = csv_bytes([row(unit="UBND xã Ia\x00 Tơi", content="Hội nghị\x00 lấy\x0b ý kiến")])
        report = preview(sheet, justice, "bang.csv")
        assert (report.new, report.errors) == (1, [])
        confirm(report, justice)
        assert ActivityRecord.objects.filter(content="Hội nghị lấy ý kiến").exists()

    @pytest.mark.parametrize("bom", [True, False])
    def test_csv_utf8_with_or_without_bom(self, justice, bom):
        report = preview(csv_bytes([row()], bom=bom), justice, "bang.csv")
        assert (report.new, report.errors) == (1, [])

    def test_semicolon_csv_is_read(self, justice):
        report = preview(csv_bytes([row()], delimiter=";"), justice, "bang.csv")
        assert (report.new, report.errors) == (1, [])

    def test_csv_in_another_encoding_explains_how_to_resave(self, justice):
        content = "Ngày thực hiện,Đơn vị thực hiện,Hình thức truyền thông\n".encode("utf-16")
        with pytest.raises(SheetError, match="CSV UTF-8"):
            preview(content, justice, "bang.csv")

    def test_missing_header_names_the_required_columns(self, justice):
        with pytest.raises(SheetError, match="Ngày thực hiện"):
            preview(xlsx_bytes([row()], header=["A", "B", "C"]), justice)

    def test_old_xls_file_is_refused_with_advice(self, justice):
        with pytest.raises(SheetError, match=r"\.xlsx"):
            preview(b"\xd0\xcf\x11\xe0 old excel", justice, "bang.xls")


class TestRowErrors:
    @pytest.mark.parametrize(
        ("cells", "column", "value", "accepted"),
        [
            ({"day": "31/02/2026"}, "Ngày thực hiện", "31/02/2026", "ngày/tháng/năm"),
            ({"day": "hôm qua"}, "Ngày thực hiện", "hôm qua", "ngày/tháng/năm"),
            ({"n": -2}, "Số buổi/lượt", "-2", "từ 0 trở lên"),
            ({"people": "nhiều"}, "Số người tham dự", "nhiều", "số nguyên"),
            ({"form": "Chiếu phim"}, "Hình thức truyền thông", "Chiếu phim", "Loa truyền thanh cơ sở"),
            ({"unit": "Xã Không Có"}, "Đơn vị thực hiện", "Xã Không Có", "đơn vị trong danh mục"),
            ({"draft": "Dự thảo không tồn tại"}, "Dự thảo chính sách", "Dự thảo không tồn tại", "để trống"),
        ],
    )
    def test_error_names_row_column_value_and_what_is_accepted(self, justice, cells, column, value, accepted):
        content = xlsx_bytes([row(number=1), row(number=2, **cells)], title_rows=[["BÁO CÁO"]])
        report = preview(content, justice)
        assert report.error_rows == 1 and report.new == 1
        error = report.errors[0]
        assert (error.row, error.column, error.value) == (4, column, value)
        text = str(error)
        assert text.startswith("Dòng 4, cột “") and value in text and accepted in text

    def test_a_bad_last_row_means_nothing_can_be_imported(self, justice):
        rows = [row(number=n, content=f"Hoạt động {n}") for n in range(1, 30)] + [row(day="30/02/2026")]
        report = preview(xlsx_bytes(rows), justice)
        assert report.new == 29 and report.error_rows == 1 and report.pending is None
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 0

    def test_a_failure_while_writing_the_last_row_writes_nothing(self, justice):
        rows = [row(number=n, content=f"Hoạt động {n}") for n in range(1, 30)]
        report = preview(xlsx_bytes(rows), justice)
        report.pending.rows[-1]["sessions"] = -1  # the database refuses this row
        with pytest.raises(SheetError):
            importing.confirm(report.pending, user=justice)
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 0
        assert ImportBatch.objects.count() == 0

    def test_a_draft_deleted_after_the_preview_stops_the_confirm(self, justice, outreach_data):
        report = preview(xlsx_bytes([row(draft=outreach_data[2].title)]), justice)
        outreach_data[2].delete()
        with pytest.raises(SheetError, match="tải bảng tính lên lại"):
            importing.confirm(report.pending, user=justice)
        assert ImportBatch.objects.count() == 0

    def test_losing_the_unit_after_the_preview_stops_the_confirm(self, commune_staff):
        report = preview(xlsx_bytes([row()]), commune_staff)
        commune_staff.unit_memberships.all().delete()
        commune_staff = type(commune_staff).objects.get(pk=commune_staff.pk)  # no cached scope
        with pytest.raises(SheetError):
            importing.confirm(report.pending, user=commune_staff)
        assert ImportBatch.objects.count() == 0

    def test_two_previews_confirmed_one_after_the_other_add_the_rows_once(self, justice):
        content = SAMPLE_XLSX.read_bytes()
        first, second = preview(content, justice), preview(content, justice)
        confirm(first, justice)
        done = confirm(second, justice)
        assert (done.new, done.unchanged) == (0, 40)
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 40


class TestScopeAndSafety:
    def test_commune_staff_import_their_own_rows(self, commune_staff):
        report = preview(xlsx_bytes([row(unit="UBND xã Ia Tơi")]), commune_staff)
        assert (report.new, report.errors) == (1, [])
        confirm(report, commune_staff)
        assert ActivityRecord.objects.get(batch__isnull=False).unit.code == "ia-toi"

    def test_an_id_column_never_overwrites_another_units_record(self, commune_staff):
        other = ActivityRecordFactory(unit=Unit.objects.get(code="ia-dal"), content="Của xã Ia Đal")
        header = ["id", *HEADER]
        content = xlsx_bytes([[other.pk, *row(unit="UBND xã Ia Tơi", content="Ghi đè?")]], header=header)
        report = preview(content, commune_staff)
        assert report.parsed.ignored_columns == ["id", "STT"]
        confirm(report, commune_staff)
        other.refresh_from_db()
        assert (other.content, other.unit.code) == ("Của xã Ia Đal", "ia-dal")
        assert ActivityRecord.objects.get(content="Ghi đè?").pk != other.pk

    def test_oversized_upload_is_refused(self, justice, monkeypatch):
        monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", 1000)
        with pytest.raises(SheetError, match="quá lớn"):
            preview(xlsx_bytes([row()]), justice)

    def test_zip_bomb_is_refused_before_parsing(self, justice):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (limits.MAX_UNCOMPRESSED_BYTES + 1))
        assert len(buffer.getvalue()) < limits.MAX_UPLOAD_BYTES
        with pytest.raises(SheetError, match="giải nén"):
            preview(buffer.getvalue(), justice)

    def test_too_many_rows_is_refused(self, justice, monkeypatch):
        monkeypatch.setattr(limits, "MAX_ROWS", 5)
        content = xlsx_bytes([row(number=n) for n in range(200)])
        with pytest.raises(SheetError, match="quá nhiều dòng"):
            preview(content, justice)

    def test_defusedxml_is_installed_so_openpyxl_guards_against_xml_bombs(self):
        from openpyxl.xml import DEFUSEDXML

        assert DEFUSEDXML is True

    def test_undo_removes_the_batch_records(self, justice):
        done = confirm(preview(SAMPLE_XLSX.read_bytes(), justice), justice)
        assert importing.undo_batch(done.batch, justice) == 40
        assert not ActivityRecord.objects.filter(batch=done.batch).exists()
        done.batch.refresh_from_db()
        assert done.batch.undone_by == justice
        with pytest.raises(PermissionError):
            importing.undo_batch(done.batch, justice)

    def test_commune_staff_cannot_undo_a_batch_holding_other_units_records(self, justice, commune_staff):
        done = confirm(preview(SAMPLE_XLSX.read_bytes(), justice), justice)
        with pytest.raises(PermissionError):
            importing.undo_batch(done.batch, commune_staff)
        assert ActivityRecord.objects.filter(batch=done.batch).count() == 40


class TestCommand:
    def test_command_imports_the_sample(self, outreach_data, capsys):
        call_command("import_activities", str(SAMPLE_XLSX))
        assert "40 mới" in capsys.readouterr().out
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 40

    def test_dry_run_writes_nothing(self, outreach_data, capsys):
        call_command("import_activities", str(SAMPLE_XLSX), "--dry-run")
        assert "chạy thử" in capsys.readouterr().out
        assert ImportBatch.objects.count() == 0

    def test_row_errors_exit_non_zero_print_and_write_nothing(self, outreach_data, tmp_path, capsys):
        bad = tmp_path / "bang.xlsx"
        bad.write_bytes(xlsx_bytes([row(), row(day="31/02/2026", number=2)]))
        with pytest.raises(CommandError, match="Không ghi gì"):
            call_command("import_activities", str(bad))
        assert "Dòng 3, cột “Ngày thực hiện”" in capsys.readouterr().err
        assert ImportBatch.objects.count() == 0

    def test_user_option_applies_that_users_scope(self, outreach_data, capsys):
        with pytest.raises(CommandError):
            call_command("import_activities", str(SAMPLE_XLSX), "--user", "xaiatoi")
        assert "không thuộc đơn vị của bạn" in capsys.readouterr().err


def test_sheet_with_a_real_date_cell_in_the_workbook(justice):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(row(day=datetime.date(2026, 4, 1)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = preview(buffer.getvalue(), justice)
    assert report.new == 1


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"draft": "dt-2026-02"}, ("draft", SAMPLE_DRAFT_TITLES[1])),
        ({"draft": "quy định quản lý chợ"}, ("draft", "Quy định quản lý chợ và trật tự công cộng tại trung tâm xã")),
        ({"unit": "phong tu phap"}, ("unit", "Phòng Tư pháp huyện Ia H'Drai")),
        ({"unit": "Trung tâm Văn hóa - Thể thao"}, ("unit", UNIT_NAMES["trung-tam-vh"])),
        ({"form": "truyền thanh"}, ("form", "Loa truyền thanh cơ sở")),
        ({"form": "BAO, DAI"}, ("form", "Báo, đài")),
    ],
)
def test_names_resolve_by_code_case_diacritics_prefix_or_containment(justice, cells, expected):
    report = preview(xlsx_bytes([row(**cells)]), justice)
    assert report.errors == []
    confirm(report, justice)
    record = ActivityRecord.objects.get(batch__isnull=False)
    attribute, name = expected
    value = getattr(record, attribute)
    assert (value.title if attribute == "draft" else value.name) == name


def test_ambiguous_name_lists_the_candidates(justice):
    report = preview(xlsx_bytes([row(unit="Phòng")]), justice)
    assert report.errors and "khớp với nhiều" in report.errors[0].message


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("21/02/2026", datetime.date(2026, 2, 21)),
        ("1/2/2026", datetime.date(2026, 2, 1)),
        ("01-02-2026", datetime.date(2026, 2, 1)),
        ("1.2.26", datetime.date(2026, 2, 1)),
        ("2026-02-01", datetime.date(2026, 2, 1)),
        ("ngày 05 tháng 3 năm 2026", datetime.date(2026, 3, 5)),
        (46089, datetime.date(2026, 3, 8)),
        ("46089", datetime.date(2026, 3, 8)),
        (datetime.datetime(2026, 3, 8, 14, 30), datetime.date(2026, 3, 8)),
    ],
)
def test_date_cells(cell, expected):
    assert SheetDateWidget().clean(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.500.000", 1_500_000),
        ("1,500,000", 1_500_000),
        ("1 500 000 đồng", 1_500_000),
        ("500.000đ", 500_000),
        ("50 người", 50),
        (12.0, 12),
        ("", 0),
        (None, 0),
    ],
)
def test_count_cells(cell, expected):
    assert CountWidget().clean(cell) == expected


@pytest.mark.parametrize("cell", ["-1", -3, "1,5", "2.5", "nhiều", True])
def test_impossible_counts_are_refused(cell):
    with pytest.raises(ValueError, match="số"):
        CountWidget().clean(cell)


def test_a_commune_that_ceased_without_successor_is_a_row_error_after_that_day(justice):
    Unit.objects.create(
        code="xa-giai-the", name="Xã Giải Thể", kind=Unit.Kind.COMMUNE, valid_to=datetime.date(2025, 6, 30)
    )
    before = preview(xlsx_bytes([row(day="10/06/2025", commune="Xã Giải Thể")]), justice)
    after = preview(xlsx_bytes([row(day="10/02/2026", commune="Xã Giải Thể")]), justice)
    assert before.errors == [] and before.new == 1
    assert after.error_rows == 1 and "không còn tồn tại vào ngày 10/02/2026" in after.errors[0].message


def test_a_commune_sheet_without_a_unit_column_is_the_clerks_own(commune_staff):
    header = ["Ngày", "Địa bàn", "Hình thức", "Nội dung", "Số buổi", "Số người", "Kinh phí"]
    content = xlsx_bytes([["21/02/2026", "Ia Tơi", "Hội nghị", "Hội nghị thôn 1", 1, 40, 0]], header=header)
    report = preview(content, commune_staff)
    assert report.errors == [] and report.default_unit.code == "ia-toi"
    confirm(report, commune_staff)
    assert ActivityRecord.objects.get(batch__isnull=False).unit.code == "ia-toi"


def test_without_a_unit_column_someone_who_sees_all_units_must_add_it(justice):
    header = ["Ngày", "Hình thức", "Nội dung"]
    with pytest.raises(SheetError, match="Đơn vị thực hiện"):
        preview(xlsx_bytes([["21/02/2026", "Hội nghị", "Họp"]], header=header), justice)


def test_a_repeated_column_is_listed_as_not_read(justice):
    header = [*HEADER, "Ghi chú"]
    report = preview(xlsx_bytes([[*row(note="một"), "hai"]], header=header), justice)
    assert report.parsed.extra_columns == ["Ghi chú"]
    confirm(report, justice)
    assert ActivityRecord.objects.get(batch__isnull=False).notes == "một"


@pytest.mark.django_db
class TestWhichImportsAUserLists:
    """One rule (ImportBatch.objects.visible_to) for the imports page and the dashboards."""

    def test_own_and_colleagues_imports_only_all_for_the_justice_office(self, make_user):
        from outreach.models import ImportBatch
        from policies import roles
        from tests.factories import UnitFactory

        unit_a, unit_b = UnitFactory(), UnitFactory()
        clerk, colleague = make_user(units=[unit_a]), make_user(units=[unit_a])
        stranger = make_user(units=[unit_b])
        justice = make_user(role=roles.JUSTICE_OFFICE, units=[UnitFactory()])
        made = {
            name: ImportBatch.objects.create(created_by=user, file_name=f"{name}.xlsx")
            for name, user in (("mine", clerk), ("colleague", colleague), ("stranger", stranger), ("justice", justice))
        }

        def listed(user):
            return {batch.file_name for batch in ImportBatch.objects.visible_to(user)}

        assert listed(clerk) == {"mine.xlsx", "colleague.xlsx"}
        assert listed(stranger) == {"stranger.xlsx"}
        assert listed(justice) == {f"{name}.xlsx" for name in made}
