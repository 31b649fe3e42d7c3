"""The activity sheet's django-import-export Resource: one field per column, a lean per-row import.

Preview runs `import_data` as a dry run over the parsed rows; `import_row` cleans each cell through
its widget and classifies the row as new, unchanged (its fingerprint is already stored) or invalid,
keeping the new rows exactly as confirm will write them, the first rows as the preview shows them,
and the names the catalogue does not know. Exports render records through the same fields.
"""

from collections import Counter
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from import_export import resources
from import_export.fields import Field
from import_export.results import RowResult

from cms.numbers import vn_number
from outreach.columns import COLUMNS, HEADINGS
from outreach.importing.widgets import CountWidget, NameWidget, SheetDateWidget, TextWidget, UnknownName
from outreach.models import ActivityRecord, CommunicationForm, ImportAlias, activity_fingerprint
from policies import scope
from policies.models import HIDDEN_DRAFT_TITLE, DraftPage, Unit
from policies.naming import NameIndex, clean_text, name_key

SAMPLE_ROWS = 50  # rows the preview shows as they will be stored; the rest are counted
# The model fields of a validated row, as a PendingImport stores them (with its fingerprint and occurrence).
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


def _examples(objects, limit=6):
    names = [str(obj) for obj in objects[:limit]]
    more = "…" if len(objects) > limit else ""
    return ", ".join(f"“{name}”" for name in names) + more


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
        # Only what import_data reads: import_row below is the whole per-row step, so the
        # options it would have read (instance loading, diffs, model cleaning) have no say.
        model = ActivityRecord
        fields = ()  # the columns are built per user in __init__
        use_bulk = True  # no savepoint per row
        report_skipped = False  # unchanged rows are counted, not kept in the result

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
        self.validated.append(
            {
                **{name: _jsonable(values[name]) for name in PENDING_FIELDS},
                "fingerprint": fingerprint,
                "occurrence": occurrence,
            }
        )
        return row_result

    def keep_sample(self, row, values, matches, errors, status):
        """Keep one of the first rows as plain JSON: each cell as it will be stored, or its error."""
        if len(self.sample) >= SAMPLE_ROWS:
            return
        cells = []
        for key, _heading, _variants in COLUMNS:
            typed = display(row[HEADINGS[key]])
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


def _jsonable(value):
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _display_value(value):
    """A stored value as people read it: dates d/m/Y, numbers with Vietnamese thousands separators."""
    if isinstance(value, int) and not isinstance(value, bool):
        return vn_number(value)
    return display(value)


def display(value):
    """A cell as the clerk typed it, for the preview and row errors: dates d/m/Y, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)
