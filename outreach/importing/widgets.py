"""Widgets that read one cell of a commune's sheet the way clerks write it, with Vietnamese errors.

Dates (real, d/m/yyyy, spelled out, Excel serials), whole numbers with thousands separators and
unit words, text (formula escapes undone), and names resolved through policies.naming.
"""

import re
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from import_export import widgets

from outreach.columns import HEADINGS
from outreach.spreadsheets import unescape_formula
from policies.naming import AmbiguousName, NameIndex, NameNotFound, clean_text, fold

EXCEL_EPOCH = date(1899, 12, 30)
DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
# Words clerks write after a number: "1.500.000 đồng", "50 người", "3 buổi".
UNIT_WORDS = re.compile(r"\s*(đồng|dong|vnđ|vnd|đ|người|nguoi|lượt|luot|buổi|buoi|cuộc|cuoc)\.?\s*$", re.IGNORECASE)
SPELLED_DATE = re.compile(r"^ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")
MIN_YEAR, MAX_YEAR = 2000, 2100


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
