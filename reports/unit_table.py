"""The units under the one reported on (a province's departments and some hundred communes) as a sortable table.

A chart with a hundred bars cannot be read; a table can, when the units lagging on the 100 % KPI come first and
any column sorts with a plain link (`?sap_xep=hoat-dong`, `?sap_xep=-ty-le`), without JavaScript.
The rows are the report's rows "by unit" (policies.models.units.roll_up()), so the figures agree with its
other tables.
"""

import dataclasses
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from outreach.models import ActivityRecord
from policies.models import Unit
from policies.models.units import roll_up
from reports.figures import TARGET_PERCENT, target_percent
from reports.figures.scope import UNKNOWN_UNIT, resolve_unit_ids, scoped

SORT_PARAM = "sap_xep"
DASHBOARD_ROWS = 10


@dataclasses.dataclass
class UnitRow:
    unit_id: int
    name: str
    in_scope: int = 0
    communicated: int = 0
    target: int = TARGET_PERCENT  # the year's KPI target (70 % in 2022)
    activities: int = 0
    participants: int = 0
    cost: int = 0

    @property
    def share(self):
        return round(100 * self.communicated / self.in_scope, 1) if self.in_scope else None

    @property
    def lagging(self):
        return self.share is not None and self.share < self.target


def lagging_first(row):
    """Lowest share first, then most drafts left to communicate; units with no draft due last."""
    return (row.share is None, row.share or 0, row.communicated - row.in_scope, row.name)


# key in the address, heading, the row's value it sorts on
COLUMNS = [
    ("don-vi", _("Đơn vị"), lambda row: row.name),
    ("du-thao", _("Dự thảo thuộc phạm vi"), lambda row: row.in_scope),
    ("da-truyen-thong", _("Đã truyền thông"), lambda row: row.communicated),
    ("ty-le", _("Tỷ lệ (%)"), lambda row: -1 if row.share is None else row.share),
    ("hoat-dong", _("Số hoạt động"), lambda row: row.activities),
    ("nguoi-tham-du", _("Số người tham dự"), lambda row: row.participants),
    ("kinh-phi", _("Kinh phí (đồng)"), lambda row: row.cost),
]
SORT_KEYS = {key: value for key, _heading, value in COLUMNS}


def parse_sort(value):
    """(column key or None for the default order, descending?) from `?sap_xep=`; an unknown key is the default."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.removeprefix("-")
    return (key, descending) if key in SORT_KEYS else (None, False)


def sort_rows(rows, sort):
    key, descending = parse_sort(sort)
    if key is None:
        return sorted(rows, key=lagging_first)
    # Ties keep the lagging-first order, so a sort by a column with many zeros still shows the laggards first.
    return sorted(sorted(rows, key=lagging_first), key=SORT_KEYS[key], reverse=descending)


def build_rows(period, unit, allowed_ids, drafts, activity_sums, units):
    """One row per unit under `unit` valid in the period, and per unit with figures in it.

    `drafts` are the KPI's DraftStatus rows, `activity_sums` {unit id: object with count and participants
    and cost} (raw or already rolled up), `units` {id: Unit}.
    """
    ids = resolve_unit_ids(unit, allowed_ids)
    heads, children = roll_up(units, unit, ids)
    rows = {}

    def row_for(pk):
        head = heads.get(pk, pk)
        if head not in rows:
            name = units[head].name if head in units else str(UNKNOWN_UNIT)
            rows[head] = UnitRow(unit_id=head, name=name, target=target_percent(period.year))
        return rows[head]

    for pk in children:
        if units[pk].valid_during(period.start, period.end):
            row_for(pk)
    for draft in drafts:
        row = row_for(draft.unit_id)
        row.in_scope += 1
        row.communicated += int(draft.fully_communicated)
    for pk, sums in activity_sums.items():
        row = row_for(pk)
        row.activities += sums.count
        row.participants += sums.participants
        row.cost += sums.cost
    return list(rows.values())


def report_rows(result, units):
    """The rows of a computed report (reports.figures.compute()): no query."""
    sums = {row.unit_id: row for row in result.activities_by_unit}
    return build_rows(result.period, result.unit, result.unit_ids, result.drafts, sums, units)


def dashboard_rows(period, allowed_ids, drafts):
    """The rows for the dashboard, from the KPI it has already computed: two grouped queries."""
    units = {unit.pk: unit for unit in Unit.objects.all()}
    ids = resolve_unit_ids(None, allowed_ids)
    grouped = scoped(ActivityRecord.objects.filter(date__gte=period.start, date__lte=period.end), ids, "unit")
    sums = {
        row["unit_id"]: _Sums(row["count"], int(row["participants"] or 0), int(row["cost"] or 0))
        for row in grouped.values("unit_id").annotate(
            count=Count("pk"), participants=Sum("participants"), cost=Sum("cost")
        )
    }
    return build_rows(period, None, allowed_ids, drafts, sums, units)


@dataclasses.dataclass
class _Sums:
    count: int
    participants: int
    cost: int


def headings(query, sort):
    """The column headings with their sort links: a click sorts by the column, a second click reverses it.

    `query` is what the links keep (the period, the unit)."""
    current, descending = parse_sort(sort)
    result = []
    for key, heading, _value in COLUMNS:
        # A second click reverses; a first one reads names A→Z and figures largest first.
        link_descending = not descending if key == current else key != "don-vi"
        value = f"-{key}" if link_descending else key
        params = {name: item for name, item in query.items() if item not in (None, "")}
        params[SORT_PARAM] = value
        result.append(
            {
                "key": key,
                "heading": heading,
                "url": "?" + urlencode(params),
                "sorted": "descending" if key == current and descending else "ascending" if key == current else "",
            }
        )
    return result
