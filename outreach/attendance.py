"""Attendance of a training session: ticked from the roster, or read from a sheet of names and phones.

Both ways work on one set of candidates, the roster the user may train
(outreach.permissions.trainable_roster): a ticked id outside it is refused, and a
sheet row is matched only against it. Attendees typed in by name are never
touched by the ticks. A sheet row that matches nobody is recorded by the name it
gives (so nothing is lost) and reported; a row without a usable name or phone is
reported and left for the person to fix.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from outreach.models import TrainingAttendance
from outreach.permissions import roster_policy, trainable_roster
from outreach.spreadsheets import SheetError, read_sheet, unescape_formula
from policies.naming import clean_text, fold

ATTENDANCE_LOG_ACTION = "outreach.training.attendance"

# Folded header texts that name each column; a header cell matches when it starts with one of them.
NAME_HEADERS = ("ho va ten", "ho ten", "ten nguoi tham du", "nguoi tham du", "ten")
PHONE_HEADERS = ("so dien thoai", "dien thoai", "sdt", "dt di dong", "di dong")
UNIT_HEADERS = ("don vi", "co quan", "xa phuong", "xa")
HEADER_SEARCH_ROWS = 15


def candidates(user, session):
    """Roster members the user may tick for `session`: those they may train, active ones and anyone already
    attending among them."""
    attending = session.attendances.filter(member__isnull=False).values("member_id")
    members = trainable_roster(user).filter(active=True) | trainable_roster(user).filter(pk__in=attending)
    return members.select_related("unit", "commune").order_by("unit__name", "full_name", "pk").distinct()


def attending_ids(session):
    return set(session.attendances.filter(member__isnull=False).values_list("member_id", flat=True))


def _next_sort_order(session):
    return (session.attendances.aggregate(top=Max("sort_order"))["top"] or 0) + 1


@transaction.atomic
def save_ticked(session, user, ticked_ids):
    """Make the ticked candidates attend and the unticked ones not; returns (added, removed).

    Raises PermissionError when an id is not a candidate (posted by hand): nothing is saved then.
    """
    reachable = set(candidates(user, session).values_list("pk", flat=True))
    ticked = set(ticked_ids)
    if not ticked <= reachable:
        raise PermissionError
    current = attending_ids(session)
    added = sorted(ticked - current)
    removed = (current & reachable) - ticked
    order = _next_sort_order(session)
    TrainingAttendance.objects.bulk_create(
        TrainingAttendance(session=session, member_id=member_id, sort_order=order + offset)
        for offset, member_id in enumerate(added)
    )
    session.attendances.filter(member_id__in=removed).delete()
    if added or removed:
        data = {"added": len(added), "removed": len(removed)}
        log(instance=session, action=ATTENDANCE_LOG_ACTION, user=user, data=data)
    return len(added), len(removed)


# ---------------------------------------------------------------- the sheet


def phone_key(text):
    """Digits of a phone number, +84/84 written as the leading 0: "+84 905 000 103" → "0905000103"."""
    digits = re.sub(r"\D", "", str(text or ""))
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    if len(digits) == 9 and not digits.startswith("0"):  # Excel dropped the leading zero of a number cell
        digits = "0" + digits
    return digits


@dataclass
class SheetRow:
    number: int
    name: str
    phone: str
    unit: str


def _column(header, names):
    for index, text in enumerate(header):
        folded = fold(text)
        if folded and any(folded == name or folded.startswith(name + " ") for name in names):
            return index
    return None


def _cell(values, index):
    if index is None or index >= len(values) or values[index] is None:
        return ""
    return clean_text(unescape_formula(str(values[index])))


def read_attendance_rows(content, file_name):
    """The rows of the sheet's first worksheet under its header row (which names "Họ và tên" and/or
    "Điện thoại"), with blank rows left out. Raises SheetError when the file or its header cannot be read."""
    sheets = read_sheet(content, file_name)
    if not sheets:
        raise SheetError(_("Bảng tính không có trang nào."))
    rows = iter(sheets[0].rows)
    columns = None
    for number, values in rows:
        texts = ["" if value is None else str(value) for value in values]
        name_column, phone_column = _column(texts, NAME_HEADERS), _column(texts, PHONE_HEADERS)
        if name_column is not None or phone_column is not None:
            columns = (name_column, phone_column, _column(texts, UNIT_HEADERS))
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if columns is None:
        raise SheetError(
            _(
                "Không tìm thấy dòng tiêu đề: bảng tính cần một cột “Họ và tên” và/hoặc một cột “Điện thoại” "
                "trong %(rows)s dòng đầu."
            )
            % {"rows": HEADER_SEARCH_ROWS}
        )
    name_column, phone_column, unit_column = columns
    result = []
    for number, values in rows:
        row = SheetRow(
            number,
            _cell(values, name_column),
            _cell(values, phone_column),
            _cell(values, unit_column) if unit_column not in (name_column, phone_column) else "",
        )
        if row.name or row.phone:
            result.append(row)
    return result


@dataclass
class AttendanceImportReport:
    """What a sheet did, row by row, in words a clerk reads."""

    matched: list = field(default_factory=list)  # (row, member): now attending
    already: list = field(default_factory=list)  # (row, label): was already attending
    by_name: list = field(default_factory=list)  # (row, reason): not on the roster, recorded by the sheet's name
    not_recorded: list = field(default_factory=list)  # (row, reason): nothing to record it by

    @property
    def total(self):
        return len(self.matched) + len(self.already) + len(self.by_name) + len(self.not_recorded)


def match_rows(rows, members, phone_ids=None):
    """Match sheet rows to roster members: by phone first, then by name (case and diacritics ignored).

    Only members whose pk is in `phone_ids` (None: all) are matched by phone: a trainer may train other
    units' people by name and unit, but a sheet of numbers must not tell whose phone each one is.
    Returns a list of (row, member or None, reason); the reason says in Vietnamese why a row has no member.
    Pure: `members` are any objects with `pk`, `full_name` and `phone`.
    """
    by_phone, by_name = {}, {}
    for member in members:
        if phone_key(member.phone) and (phone_ids is None or member.pk in phone_ids):
            by_phone.setdefault(phone_key(member.phone), []).append(member)
        by_name.setdefault(fold(member.full_name), []).append(member)
    results = []
    for row in rows:
        phone_matches = by_phone.get(phone_key(row.phone), []) if phone_key(row.phone) else []
        name_matches = by_name.get(fold(row.name), []) if row.name else []
        if len(phone_matches) == 1:
            results.append((row, phone_matches[0], ""))
        elif len(name_matches) == 1:
            results.append((row, name_matches[0], ""))
        elif len(name_matches) > 1:
            reason = _("có %(count)s người cùng họ tên trong danh sách; hãy ghi thêm số điện thoại") % {
                "count": len(name_matches)
            }
            results.append((row, None, reason))
        elif row.name:
            results.append((row, None, _("không có trong danh sách báo cáo viên, tuyên truyền viên")))
        else:
            results.append((row, None, _("không có số điện thoại này trong danh sách và dòng không ghi họ tên")))
    return results


@transaction.atomic
def import_attendance(session, user, content, file_name):
    """Record the sheet's attendees on `session`; returns an AttendanceImportReport. SheetError if unreadable."""
    rows = read_attendance_rows(content, file_name)
    report = AttendanceImportReport()
    attending = attending_ids(session)
    typed_in = {fold(name) for name in session.attendances.filter(member__isnull=True).values_list("name", flat=True)}
    order = _next_sort_order(session)
    new = []
    members = candidates(user, session)
    # Phones are matched only where the user may read them: the roster policy's own scope.
    phone_ids = set(roster_policy.scope_queryset(members, user).values_list("pk", flat=True))
    for row, member, reason in match_rows(rows, members, phone_ids):
        if member is not None:
            if member.pk in attending:
                report.already.append((row, member.full_name))
                continue
            attending.add(member.pk)
            new.append(TrainingAttendance(session=session, member=member, sort_order=order + len(new)))
            report.matched.append((row, member))
        elif not row.name:
            report.not_recorded.append((row, reason))
        elif fold(row.name) in typed_in:
            report.already.append((row, row.name))
        else:
            typed_in.add(fold(row.name))
            new.append(
                TrainingAttendance(
                    session=session,
                    name=row.name[:150],
                    unit_name=row.unit[:255],
                    sort_order=order + len(new),
                )
            )
            report.by_name.append((row, reason))
    TrainingAttendance.objects.bulk_create(new)
    if new:
        log(instance=session, action=ATTENDANCE_LOG_ACTION, user=user, data={"added": len(new), "removed": 0})
    return report
