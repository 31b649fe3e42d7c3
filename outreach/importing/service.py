"""Preview, confirm and undo an activity sheet import, all or nothing.

Preview reads the sheet and runs the Resource over it (nothing is written); confirm writes exactly
the previewed new rows in one transaction, after checking again what may have changed since
(scope, referenced objects, rows another import added meanwhile); undo deletes a batch.
"""

import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log
from wagtail.signal_handlers import disable_reference_index_auto_update

from outreach.columns import COLUMNS, HEADINGS
from outreach.importing.parsing import ParsedSheet, parse_sheet
from outreach.importing.resource import PENDING_FIELDS, ActivityResource, display
from outreach.models import ActivityRecord, CommunicationForm, ImportBatch
from outreach.spreadsheets import SheetError
from policies import scope
from policies.models import DraftPage, Unit

PREVIEW_CHUNK_ROWS = 1000
LOG_IMPORT = "outreach.import"
LOG_UNDO = "outreach.import_undo"


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
class PendingImport:
    """Previewed new rows waiting for confirmation: plain JSON, kept server-side (cache) only."""

    file_name: str
    content_hash: str
    total: int
    unchanged: int
    rows: list  # {PENDING_FIELDS…, "fingerprint", "occurrence"} each

    def as_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        # A preview kept (cache or ImportJob) by the release before rows became dicts holds positional lists.
        keys = (*PENDING_FIELDS, "fingerprint", "occurrence")
        rows = [row if isinstance(row, dict) else dict(zip(keys, row, strict=True)) for row in data["rows"]]
        return cls(**{**data, "rows": rows})


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
                errors.append(RowError(sheet_row, heading, display(value), message))
    for row_number, row_errors in result.row_errors():
        sheet_row = parsed.row_numbers[offset + row_number - 1]
        for error in row_errors:
            errors.append(RowError(sheet_row, "", "", _("lỗi không lường trước (%(error)s)") % {"error": error.error}))
    if result.base_errors:
        for error in result.base_errors:
            errors.append(RowError(0, "", "", str(error.error)))
    return errors


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
            fresh = [row for row in rows if (row["fingerprint"], row["occurrence"]) not in existing]
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
    for name, queryset in (
        ("unit_id", Unit.objects.all()),
        ("commune_id", Unit.objects.all()),
        ("draft_id", DraftPage.objects.all()),
        ("form_id", CommunicationForm.objects.all()),
    ):
        wanted = {row[name] for row in rows} - {None}
        if name == "unit_id" and allowed is not None and not wanted <= allowed:
            raise SheetError(CHANGED_SINCE_PREVIEW)
        if wanted and queryset.filter(pk__in=wanted).count() != len(wanted):
            raise SheetError(CHANGED_SINCE_PREVIEW)


def _record(row, batch):
    values = {name: row[name] for name in PENDING_FIELDS}
    values["date"] = date.fromisoformat(values["date"])
    record = ActivityRecord(
        **values,
        fingerprint=row["fingerprint"],
        occurrence=row["occurrence"],
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
