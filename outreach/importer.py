"""The activity-sheet importer: find the header, normalise cells, resolve names, import all or nothing.

Preview runs django-import-export's Resource (fields, widgets, a dry-run import_data) over the
sheet and classifies every row as new, unchanged or in error; what a real commune sheet needs on
top — header detection, total rows, Vietnamese row errors, unit scope, fingerprints for an
idempotent re-import — lives here. Confirm writes exactly the previewed new rows in one
transaction, after checking again what may have changed since (scope, referenced objects,
rows another import added meanwhile).
"""

import hashlib
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from itertools import chain, islice

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.signal_handlers import disable_reference_index_auto_update

import tablib
from import_export import resources, widgets
from import_export.fields import Field
from import_export.results import RowResult

from cms.numbers import vn_number
from outreach.columns import COLUMNS, HEADER_NOT_FOUND, HEADINGS, REQUIRED, accepted_headings, column_key
from outreach.models import ActivityRecord, CommunicationForm, ImportAlias, ImportBatch, activity_fingerprint
from outreach.spreadsheets import SheetError, read_sheet, unescape_formula
from policies import scope
from policies.models import HIDDEN_DRAFT_TITLE, DraftPage, Unit
from policies.naming import AmbiguousName, NameIndex, NameNotFound, clean_text, fold, name_key

HEADER_SEARCH_ROWS = 30
SAMPLE_ROWS = 50  # rows the preview shows as they will be stored; the rest are counted
PREVIEW_CHUNK_ROWS = 1000
LOG_IMPORT = "outreach.import"
LOG_UNDO = "outreach.import_undo"
TOTAL_WORDS = ("tong cong", "cong", "tong", "tong so", "cong so")
EXCEL_EPOCH = date(1899, 12, 30)
DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
# Words clerks write after a number: "1.500.000 đồng", "50 người", "3 buổi".
UNIT_WORDS = re.compile(r"\s*(đồng|dong|vnđ|vnd|đ|người|nguoi|lượt|luot|buổi|buoi|cuộc|cuoc)\.?\s*$", re.IGNORECASE)
SPELLED_DATE = re.compile(r"^ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")
MIN_YEAR, MAX_YEAR = 2000, 2100


# ---------------------------------------------------------------- widgets


class SheetDateWidget(widgets.Widget):
    """A real date cell, d/m/yyyy text (also with - or .), yyyy-mm-dd, or an Excel serial number."""

    accepted = "ngày/tháng/năm, ví dụ 21/02/2026"

    def __init__(self):
        super().__init__(coerce_to_string=False)
        self.cache = {}

    def clean(self, value, row=None, **kwargs):
        key = (type(value), value)
        if key not in self.cache:
            try:
                self.cache[key] = (self.parse(value), None)
            except ValueError as error:
                self.cache[key] = (None, str(error))
        parsed, error = self.cache[key]
        if error:
            raise ValueError(error)
        return parsed

    def parse(self, value):
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        elif isinstance(value, bool):
            raise ValueError(self.message(_("không phải ngày")))
        elif isinstance(value, int | float):
            if value != int(value) or not 1 <= value <= 2958465:
                raise ValueError(self.message(_("không phải ngày")))
            day = EXCEL_EPOCH + timedelta(days=int(value))
        else:
            text = clean_text(value)
            if not text:
                raise ValueError(self.message(_("chưa nhập ngày")))
            if text.isdigit() and len(text) in (5, 6):
                return self.parse(int(text))  # an Excel serial number saved as text
            day = self.parse_text(text)
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ValueError(self.message(_("năm %(year)s không hợp lý") % {"year": day.year}))
        return day

    def parse_text(self, text):
        match = DATE_TEXT.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            year = year + 2000 if year < 100 else year
        elif match := SPELLED_DATE.match(fold(text)):  # "ngày 05 tháng 3 năm 2026"
            day, month, year = (int(part) for part in match.groups())
        else:
            match = ISO_DATE.match(text)
            if not match:
                raise ValueError(self.message(_("không đọc được ngày")))
            year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(self.message(_("ngày không có thật"))) from None

    def message(self, problem):
        return _("%(problem)s; hãy ghi theo dạng %(accepted)s") % {"problem": problem, "accepted": self.accepted}

    def render(self, value, obj=None, **kwargs):
        return value


class CountWidget(widgets.Widget):
    """A whole number ≥ 0; accepts `1.500.000`, `1,500,000`, `1 500 000 đồng`; empty gives the default."""

    def __init__(self, default=0):
        super().__init__(coerce_to_string=False)
        self.default = default

    def clean(self, value, row=None, **kwargs):
        if value is None or value == "":
            return self.default
        if isinstance(value, bool):
            raise ValueError(self.message())
        if isinstance(value, int | float):
            number = value
        else:
            text = UNIT_WORDS.sub("", clean_text(value)).replace(" ", "")
            if not text:
                return self.default
            if THOUSANDS_DOT.match(text):
                text = text.replace(".", "")
            elif THOUSANDS_COMMA.match(text):
                text = text.replace(",", "")
            try:
                number = float(text.replace(",", ".")) if not text.lstrip("-").isdigit() else int(text)
            except ValueError:
                raise ValueError(self.message()) from None
        if number < 0:
            raise ValueError(_("số không được âm; hãy ghi số nguyên từ 0 trở lên"))
        if number != int(number):
            raise ValueError(_("phải là số nguyên; hãy ghi số nguyên từ 0 trở lên, ví dụ 1.500.000"))
        if number > 10**13:
            raise ValueError(_("số quá lớn; hãy kiểm tra lại"))
        return int(number)

    def message(self):
        return _("không phải số; hãy ghi số nguyên từ 0 trở lên, ví dụ 1.500.000")

    def render(self, value, obj=None, **kwargs):
        return value


class TextWidget(widgets.Widget):
    def __init__(self, max_length=None):
        super().__init__(coerce_to_string=False)
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, date):
            value = value.strftime("%d/%m/%Y")
        elif isinstance(value, float) and value == int(value):
            value = int(value)
        text = clean_text(unescape_formula(str(value)))
        if self.max_length and len(text) > self.max_length:
            raise ValueError(_("dài quá %(max)s ký tự; hãy rút gọn") % {"max": self.max_length})
        return text

    def render(self, value, obj=None, **kwargs):
        return value or ""


class NameWidget(widgets.Widget):
    """Resolve typed text to an object through a prebuilt NameIndex (memoised per distinct text and day)."""

    def __init__(self, index: NameIndex, accepted: str, required=True, dated=False, check=None, render_name=str):
        super().__init__(coerce_to_string=False)
        self.index = index
        self.accepted = accepted
        self.required = required
        self.dated = dated
        self.check = check
        self.render_name = render_name
        self.date_widget = None
        self.cache = {}

    def clean(self, value, row=None, **kwargs):
        match = self.clean_match(value, row=row)
        return match.obj if match is not None else None

    def clean_match(self, value, row=None):
        """The policies.naming Match for a cell (None when empty and optional); ValueError when unusable."""
        text = "" if value is None else str(value)
        day = None
        if self.dated and row is not None:
            try:
                day = self.date_widget.clean(row.get(HEADINGS["date"]))
            except ValueError:
                day = None
        key = (text, day)
        if key not in self.cache:
            self.cache[key] = self.resolve(text, day)
        match, error = self.cache[key]
        if error:
            raise ValueError(error)
        return match

    def resolve(self, text, day):
        if not fold(text):
            if self.required:
                return None, _("chưa nhập; hãy ghi %(accepted)s") % {"accepted": self.accepted}
            return None, None
        try:
            match = self.index.match(text, on=day, partial=True)
        except AmbiguousName as error:
            return None, str(error)
        except NameNotFound:
            return None, UnknownName(_("không có trong danh mục; hãy ghi %(accepted)s") % {"accepted": self.accepted})
        if self.check:
            problem = self.check(match.obj, day)
            if problem:
                return None, problem
        return match, None

    def render(self, value, obj=None, **kwargs):
        return self.render_name(value) if value is not None else ""


class UnknownName(str):
    """The error of a name found nowhere in the catalogue: one the preview offers to map to an entry."""


def _examples(objects, limit=6):
    names = [str(obj) for obj in objects[:limit]]
    more = "…" if len(objects) > limit else ""
    return ", ".join(f"“{name}”" for name in names) + more


# ---------------------------------------------------------------- resource


class ActivityResource(resources.ModelResource):
    """Columns of the activity sheet, used both to import and to export."""

    def __init__(self, user=None, existing=None):
        super().__init__()
        self.user = user
        self.existing = existing if existing is not None else set()
        self.occurrences = Counter()
        self.new_count = 0
        self.validated = []  # new rows exactly as previewed: what confirm writes
        self.seen = 0  # rows gone through, across chunks
        self.sample = []  # the first SAMPLE_ROWS rows as they will be stored, with how each name matched
        self.unknown = Counter()  # (column key, name key) → rows naming something the catalogue does not know
        self.unknown_text = {}  # (column key, name key) → the name as first written
        self.aliases = list(ImportAlias.objects.applicable_to(user).order_by("unit_id"))
        self.fields = {key: self.build_field(key) for key, _heading, _variants in COLUMNS}

    class Meta:
        model = ActivityRecord
        fields = ()
        force_init_instance = True  # an `id` column never loads (or overwrites) an existing record
        use_bulk = True
        skip_diff = True
        clean_model_instances = False
        store_instance = False
        report_skipped = False

    def build_field(self, key):
        heading = HEADINGS[key]
        if key == "date":
            widget = self.date_widget = SheetDateWidget()
        elif key in ("sessions", "participants", "cost"):
            widget = CountWidget(default=1 if key == "sessions" else 0)
        elif key in ("unit", "commune", "draft", "form"):
            widget = self.name_widget(key)
        else:
            widget = TextWidget(max_length=150 if key == "funding_source" else None)
        return Field(attribute=key, column_name=heading, widget=widget)

    def name_widget(self, key):
        if key == "unit":
            units = Unit.name_index()
            allowed = scope.scoped_unit_ids(self.user) if self.user is not None else None
            own = [unit for unit in units.objects if allowed is None or unit.pk in allowed]
            today = timezone.localdate()
            own = [unit for unit in own if unit.valid_on(today)] or own  # name today's units, not merged ones
            widget = NameWidget(
                units,
                _("tên một đơn vị trong danh mục, ví dụ %(examples)s") % {"examples": _examples(own or units.objects)},
                dated=True,
                check=lambda unit, day: self.out_of_scope(unit, own),
                render_name=lambda unit: unit.name,
            )
        elif key == "commune":
            communes = Unit.name_index(Unit.objects.filter(kind=Unit.Kind.COMMUNE))
            widget = NameWidget(
                communes,
                _("tên một xã trong danh mục, ví dụ %(examples)s") % {"examples": _examples(communes.objects)},
                required=False,
                dated=True,
                check=self.commune_gone,
                render_name=lambda unit: unit.name,
            )
        elif key == "draft":
            # Only drafts the user may name: a suggestion or an export never shows another unit's
            # unpublished title (without a user, as in a management command, all drafts).
            drafts = DraftPage.objects.all() if self.user is None else DraftPage.objects.linkable_for(self.user)
            drafts = list(drafts.only("pk", "title", "code"))
            index = NameIndex(drafts, lambda draft: [draft.title, draft.code], kind_label=_("dự thảo"))
            readable = {draft.pk for draft in drafts}
            widget = NameWidget(
                index,
                _("mã hoặc tên một dự thảo đã đăng, hoặc để trống nếu là phổ biến pháp luật chung"),
                required=False,
                render_name=lambda draft: draft.title if draft.pk in readable else str(HIDDEN_DRAFT_TITLE),
            )
        else:
            forms = CommunicationForm.name_index()
            widget = NameWidget(
                forms,
                _("một hình thức trong danh mục: %(examples)s") % {"examples": _examples(forms.objects, 20)},
                render_name=lambda form: form.name,
            )
        widget.date_widget = self.date_widget if hasattr(self, "date_widget") else SheetDateWidget()
        # Saved aliases: where the user's unit and the Justice Office both mapped a name, the unit's wins.
        chosen = {}
        for alias in sorted(self.aliases, key=lambda alias: alias.unit_id is None):
            if alias.kind == key:
                chosen.setdefault(alias.key, alias)
        for alias in chosen.values():
            widget.index.add_alias(alias.target_id, alias.text)
        return widget

    @staticmethod
    def commune_gone(commune, day):
        if day is None or commune.valid_on(day):
            return None
        return _("xã “%(commune)s” không còn tồn tại vào ngày %(day)s; hãy ghi tên xã kế thừa") % {
            "commune": commune.name,
            "day": day.strftime("%d/%m/%Y"),
        }

    def out_of_scope(self, unit, own):
        if self.user is None or scope.may_act_for_unit(self.user, unit):
            return None
        return _("“%(unit)s” không thuộc đơn vị của bạn; bạn chỉ nhập được hoạt động của %(own)s") % {
            "unit": unit.name,
            "own": _examples(own) or _("(chưa được gán đơn vị nào)"),
        }

    def get_import_fields(self):
        return list(self.fields.values())

    def get_export_fields(self, selected_fields=None):
        return list(self.fields.values())

    def get_export_headers(self, selected_fields=None):
        return [field.column_name for field in self.fields.values()]

    def import_row(self, row, instance_loader, **kwargs):
        """Lean per-row step: clean every cell through its field's widget, then new, unchanged or invalid.

        Same contract as Resource.import_row (a RowResult of type new, skip or invalid), without the
        diff, instance loading and per-field descriptor work a 20,000-row sheet cannot afford; a
        preview builds no model instance at all.
        """
        row_result = RowResult()
        values, errors, matches = {}, {}, {}
        for column in self.fields.values():
            try:
                if isinstance(column.widget, NameWidget):
                    match = matches[column.attribute] = column.widget.clean_match(row[column.column_name], row=row)
                    values[column.attribute + "_id"] = match.obj.pk if match is not None else None
                else:
                    values[column.attribute] = column.widget.clean(row[column.column_name], row=row)
            except ValueError as error:
                errors[column.attribute] = ValidationError(str(error), code="invalid")
                if error.args and isinstance(error.args[0], UnknownName):
                    # One entry per name however it is spelt; the first spelling is the one shown.
                    typed = clean_text(row[column.column_name])
                    self.unknown[(column.attribute, name_key(typed))] += 1
                    self.unknown_text.setdefault((column.attribute, name_key(typed)), typed)
        self.seen += 1
        if errors:
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = ValidationError(errors)
            self.keep_sample(row, values, matches, errors, "error")
            return row_result
        fingerprint = activity_fingerprint(
            values["date"],
            values["unit_id"],
            values["commune_id"],
            values["draft_id"],
            values["form_id"],
            values["content"],
            values["sessions"],
            values["participants"],
            values["cost"],
            values["funding_source"],
        )
        self.occurrences[fingerprint] += 1
        occurrence = self.occurrences[fingerprint]
        if (fingerprint, occurrence) in self.existing:
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            self.keep_sample(row, values, matches, errors, "skip")
            return row_result
        row_result.import_type = RowResult.IMPORT_TYPE_NEW
        self.new_count += 1
        self.keep_sample(row, values, matches, errors, "new")
        self.validated.append([*(_jsonable(values[name]) for name in PENDING_FIELDS), fingerprint, occurrence])
        return row_result

    def keep_sample(self, row, values, matches, errors, status):
        """Keep one of the first rows as plain JSON: each cell as it will be stored, or its error."""
        if len(self.sample) >= SAMPLE_ROWS:
            return
        cells = []
        for key, _heading, _variants in COLUMNS:
            typed = _display(row[HEADINGS[key]])
            cell = {"key": key, "typed": typed}
            if key in errors:
                unknown = (key, name_key(typed)) in self.unknown_text
                # An unknown name's long list of accepted names is in the error list; here it is just named.
                cell["error"] = _("chưa có trong danh mục") if unknown else " ".join(errors[key].messages)
            elif key in matches:
                match = matches[key]
                cell["value"] = self.fields[key].widget.render(match.obj) if match else ""
                if match:
                    cell["kind"] = match.kind
                    cell["how"] = match.describe(typed)
            else:
                cell["value"] = _display_value(values.get(key))
            cells.append(cell)
        self.sample.append({"index": self.seen - 1, "status": status, "cells": cells})


# ---------------------------------------------------------------- sheet → dataset


@dataclass
class RowError:
    row: int
    column: str
    value: str
    message: str

    def __str__(self):
        if self.column:
            return _("Dòng %(row)s, cột “%(column)s”, giá trị “%(value)s”: %(message)s.") % {
                "row": self.row,
                "column": self.column,
                "value": self.value,
                "message": self.message.rstrip("."),
            }
        return _("Dòng %(row)s: %(message)s.") % {"row": self.row, "message": self.message.rstrip(".")}


@dataclass
class ParsedSheet:
    sheet_name: str
    header_row: int
    headings: dict  # key → heading as written in the sheet
    extra_columns: list
    ignored_columns: list
    row_numbers: list
    rows: list  # tuples in COLUMNS order (canonical headings)
    skipped_rows: int = 0

    def dataset(self, start=0, stop=None):
        data = tablib.Dataset(headers=[HEADINGS[key] for key, _h, _v in COLUMNS])
        data.extend(self.rows[start:stop])
        return data


def _jsonable(value):
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return value


def find_header(rows):
    """The first row (among the first few) whose cells name the required columns."""
    for position, (number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [column_key(value) if isinstance(value, str) else None for value in values]
        if all(key in keys for key in REQUIRED):
            return position, number, keys
    return None


def is_total_row(values):
    return any(isinstance(value, str) and fold(value) in TOTAL_WORDS for value in values[:4])


def is_blank(values):
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def parse_sheet(content: bytes, file_name: str) -> ParsedSheet:
    """Find the data of an uploaded sheet; raises SheetError when the file as a whole is unusable.

    Rows stream from the reader: only the first few are held to find the header, and each
    data row keeps just the importer's columns.
    """
    for sheet in read_sheet(content, file_name):
        head = list(islice(sheet.rows, HEADER_SEARCH_ROWS))
        found = find_header(head)
        if found:
            break
    else:
        raise SheetError(HEADER_NOT_FOUND % {"columns": accepted_headings()})
    position, header_number, keys = found
    header_values = head[position][1]
    headings, extra, ignored, index_of = {}, [], [], {}
    for column, key in enumerate(keys):
        text = clean_text(header_values[column]) if header_values[column] is not None else ""
        if (key is None and text) or (key and key != "ignored" and key in index_of):
            extra.append(text)  # unknown, or a second column of a kind already read
        elif key == "ignored":
            ignored.append(text)
        elif key and key not in index_of:
            index_of[key] = column
            headings[key] = text
    order = [index_of.get(key) for key, _h, _v in COLUMNS]
    parsed = ParsedSheet(sheet.name, header_number, headings, extra, ignored, [], [])
    for number, values in chain(head[position + 1 :], sheet.rows):
        if is_blank(values) or is_total_row(values):
            parsed.skipped_rows += 1
            continue
        width = len(values)
        parsed.row_numbers.append(number)
        parsed.rows.append(tuple(values[col] if col is not None and col < width else None for col in order))
    return parsed


# ---------------------------------------------------------------- preview and confirm


# The model fields of a validated row, in the order a PendingImport stores them.
PENDING_FIELDS = (
    "date",
    "unit_id",
    "commune_id",
    "draft_id",
    "form_id",
    "content",
    "sessions",
    "participants",
    "cost",
    "funding_source",
    "notes",
)


@dataclass
class PendingImport:
    """Previewed new rows waiting for confirmation: plain JSON, kept server-side (cache) only."""

    file_name: str
    content_hash: str
    total: int
    unchanged: int
    rows: list  # [*PENDING_FIELDS values, fingerprint, occurrence]

    def as_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        return cls(**data)


MAPPABLE_NAMES = 50  # unknown names offered for mapping in one preview


@dataclass
class ImportReport:
    file_name: str
    content_hash: str
    parsed: ParsedSheet | None = None
    total: int = 0
    new: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    batch: ImportBatch | None = None
    pending: PendingImport | None = None
    default_unit: Unit | None = None  # set when the sheet had no unit column
    sample: list = field(default_factory=list)  # the first SAMPLE_ROWS rows (ActivityResource.keep_sample)
    unknown: list = field(default_factory=list)  # [{"key", "heading", "text", "rows"}]: names to map
    unknown_more: int = 0  # unknown names beyond the MAPPABLE_NAMES shown

    @property
    def rest(self):
        """Counts of the rows after the sample: to create, to skip (already stored), with errors."""
        shown = Counter(row["status"] for row in self.sample)
        error_rows = self.error_rows
        return {
            "rows": max(self.total - len(self.sample), 0),
            "new": self.new - shown["new"],
            "skip": self.unchanged - shown["skip"],
            "error": error_rows - shown["error"],
        }

    @property
    def error_rows(self):
        return len({error.row for error in self.errors})

    @property
    def error_count(self):
        return len(self.errors)

    @property
    def ok(self):
        return not self.errors and self.pending is not None


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def existing_fingerprints():
    return set(ActivityRecord.objects.values_list("fingerprint", "occurrence"))


def run_preview(parsed: ParsedSheet, report: ImportReport, user=None, progress=None):
    """Run the Resource over the parsed rows (a dry run: nothing is written) and classify every row.

    Rows go through in chunks, each in its own rolled-back transaction, so `progress(done, total)`
    can report between chunks to a page polling from another connection.
    """
    resource = ActivityResource(user=user, existing=existing_fingerprints())
    report.total = len(parsed.rows)
    report.errors = []
    for start in range(0, report.total, PREVIEW_CHUNK_ROWS):
        result = resource.import_data(
            parsed.dataset(start, start + PREVIEW_CHUNK_ROWS), dry_run=True, use_transactions=True
        )
        report.errors += collect_errors(result, parsed, start)
        if progress is not None:
            progress(min(start + PREVIEW_CHUNK_ROWS, report.total), report.total)
    report.errors.sort(key=lambda error: error.row)
    report.new = resource.new_count
    report.sample = resource.sample
    for row in report.sample:
        row["row"] = parsed.row_numbers[row.pop("index")]
    # The most frequent first, and only so many: a messy sheet's thousand spellings would make a page of
    # thousands of selects; the rest show up once these are mapped and the preview runs again.
    unknown = sorted(resource.unknown.items(), key=lambda item: (-item[1], item[0]))
    report.unknown = [
        {
            "key": key,
            "heading": parsed.headings.get(key) or HEADINGS[key],
            "text": resource.unknown_text[(key, folded)],
            "rows": count,
        }
        for (key, folded), count in unknown[:MAPPABLE_NAMES]
    ]
    report.unknown_more = max(len(unknown) - MAPPABLE_NAMES, 0)
    report.unchanged = report.total - report.new - report.error_rows
    if not report.errors:
        report.pending = PendingImport(
            report.file_name, report.content_hash, report.total, report.unchanged, resource.validated
        )
    return report


def collect_errors(result, parsed, offset=0):
    """Row errors of one chunk's result; `offset` is the chunk's first row within the parsed sheet."""
    errors = []
    positions = {key: position for position, (key, _h, _v) in enumerate(COLUMNS)}
    for invalid in result.invalid_rows:
        sheet_row = parsed.row_numbers[offset + invalid.number - 1]
        for attribute, messages in invalid.error_dict.items():
            heading = parsed.headings.get(attribute) or HEADINGS.get(attribute, attribute)
            value = invalid.values[positions[attribute]] if attribute in positions else ""
            for message in messages:
                errors.append(RowError(sheet_row, heading, _display(value), message))
    for row_number, row_errors in result.row_errors():
        sheet_row = parsed.row_numbers[offset + row_number - 1]
        for error in row_errors:
            errors.append(RowError(sheet_row, "", "", _("lỗi không lường trước (%(error)s)") % {"error": error.error}))
    if result.base_errors:
        for error in result.base_errors:
            errors.append(RowError(0, "", "", str(error.error)))
    return errors


def _display_value(value):
    """A stored value as people read it: dates d/m/Y, numbers with Vietnamese thousands separators."""
    if isinstance(value, int) and not isinstance(value, bool):
        return vn_number(value)
    return _display(value)


def _display(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def preview(content: bytes, file_name: str, user=None, progress=None) -> ImportReport:
    """Read, check and classify a sheet; `report.pending` is set when it may be confirmed."""
    report = ImportReport(file_name=file_name, content_hash=content_hash(content))
    report.parsed = parse_sheet(content, file_name)
    if "unit" not in report.parsed.headings:
        report.default_unit = fill_own_unit(report.parsed, user)
    return run_preview(report.parsed, report, user=user, progress=progress)


def fill_own_unit(parsed: ParsedSheet, user):
    """Without a unit column, every row is the user's own unit's — when the user has exactly one."""
    ids = scope.scoped_unit_ids(user) if user is not None else None
    today = timezone.localdate()
    current = [] if ids is None else [unit for unit in Unit.objects.filter(pk__in=ids) if unit.valid_on(today)]
    if len(current) != 1:
        raise SheetError(
            _("Bảng tính không có cột “%(column)s”: hãy thêm cột này và ghi đơn vị thực hiện cho từng dòng.")
            % {"column": HEADINGS["unit"]}
        )
    position = [key for key, _h, _v in COLUMNS].index("unit")
    unit = current[0]
    parsed.rows = [(*row[:position], unit.name, *row[position + 1 :]) for row in parsed.rows]
    return unit


CHANGED_SINCE_PREVIEW = _(
    "Dữ liệu đã thay đổi từ lúc xem trước (một đơn vị, dự thảo hoặc hình thức vừa bị xóa, hoặc quyền của bạn "
    "đã đổi). Chưa nhập dòng nào; hãy tải bảng tính lên lại."
)


def confirm(pending: PendingImport, user=None) -> ImportReport:
    """Write the previewed new rows, all or nothing, as one recorded batch.

    Rows are written exactly as previewed; what may have changed since is checked again: the
    user's scope, that every referenced unit, draft and form still exists, and that another
    import has not added the same rows meanwhile (those count as unchanged).
    """
    report = ImportReport(file_name=pending.file_name, content_hash=pending.content_hash, total=pending.total)
    rows = pending.rows
    allowed = scope.scoped_unit_ids(user) if user is not None else None
    try:
        with transaction.atomic(), disable_reference_index_auto_update():
            _check_still_valid(rows, allowed)
            existing = existing_fingerprints()
            fresh = [row for row in rows if (row[-2], row[-1]) not in existing]
            batch = ImportBatch.objects.create(
                created_by=user,
                file_name=pending.file_name[:255],
                content_hash=pending.content_hash,
                total_rows=pending.total,
                new_count=len(fresh),
                unchanged_count=pending.unchanged + len(rows) - len(fresh),
            )
            records = [_record(row, batch) for row in fresh]
            ActivityRecord.objects.bulk_create(records, batch_size=2000)
            log(
                instance=batch,
                action=LOG_IMPORT,
                user=user,
                data={
                    "file_name": batch.file_name,
                    "rows": batch.total_rows,
                    "new": batch.new_count,
                    "unchanged": batch.unchanged_count,
                    "batch": batch.pk,
                },
            )
    except IntegrityError as error:  # a row deleted between the check and the commit
        raise SheetError(CHANGED_SINCE_PREVIEW) from error
    report.new, report.unchanged, report.batch = batch.new_count, batch.unchanged_count, batch
    return report


def _check_still_valid(rows, allowed):
    positions = {name: position for position, name in enumerate(PENDING_FIELDS)}
    for name, queryset in (
        ("unit_id", Unit.objects.all()),
        ("commune_id", Unit.objects.all()),
        ("draft_id", DraftPage.objects.all()),
        ("form_id", CommunicationForm.objects.all()),
    ):
        wanted = {row[positions[name]] for row in rows} - {None}
        if name == "unit_id" and allowed is not None and not wanted <= allowed:
            raise SheetError(CHANGED_SINCE_PREVIEW)
        if wanted and queryset.filter(pk__in=wanted).count() != len(wanted):
            raise SheetError(CHANGED_SINCE_PREVIEW)


def _record(row, batch):
    values = dict(zip(PENDING_FIELDS, row, strict=False))
    values["date"] = date.fromisoformat(values["date"])
    record = ActivityRecord(
        **values,
        fingerprint=row[-2],
        occurrence=row[-1],
        entry_method=ActivityRecord.EntryMethod.IMPORT,
        batch=batch,
    )
    record.search_text = record.compute_search_text()
    return record


def undo_batch(batch: ImportBatch, user):
    """Delete a batch's records, if every one of them belongs to the user's units."""
    records = batch.records.all()
    if batch.undone_at:
        raise PermissionError(_("Lần nhập này đã được hoàn tác."))
    if records.exclude(pk__in=scope.filter_by_unit(records, user).values("pk")).exists():
        raise PermissionError(_("Lần nhập này có hoạt động của đơn vị khác; bạn không hoàn tác được."))
    with transaction.atomic(), disable_reference_index_auto_update():
        count = records.count()
        ActivityRecord.reporters.through.objects.filter(activityrecord__batch=batch).delete()
        records.delete()
        batch.undone_at = timezone.now()
        batch.undone_by = user
        batch.save(update_fields=["undone_at", "undone_by"])
        log(
            instance=batch,
            action=LOG_UNDO,
            user=user,
            data={"file_name": batch.file_name, "deleted": count, "batch": batch.pk},
        )
    return count


__all__ = [
    "ImportReport",
    "ParsedSheet",
    "PendingImport",
    "RowError",
    "SheetError",
    "confirm",
    "parse_sheet",
    "preview",
    "undo_batch",
]
