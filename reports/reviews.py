"""The scheme's mid-term (2022–2024) and final (2022–2027) reviews: the periodic figures per year, side by side.

Each year's column is the annual period's figures (`figures.compute`, the same definitions as the annual
report, with the cut-off dates staff gave that year). Counts add up across years, so their total is the sum
of the columns; the KPI does not (a draft may be due in several years), so its total is computed once over
the whole span. The number of queries depends on the number of years, never on the number of units.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from policies.models import Unit
from reports import figures
from reports.models import ReportPeriod
from reports.tables import Table


@dataclass
class Review:
    period: ReportPeriod  # the review's own period: its narrative's key, its dates span every year
    unit: object  # a Unit, or None for every unit the reader may see
    unit_ids: set | None
    years: list  # the scheme's years, oldest first
    columns: list  # Figures of each year's annual period
    total_kpi: object  # DraftFigures over the whole span

    @property
    def title(self):
        return str(self.period)

    @staticmethod
    def started(column, today=None):
        """Whether the year's period has begun: a later year has no KPI to judge yet."""
        return column.period.start <= (today or timezone.localdate())

    def kpi_points(self):
        """The KPI's trend: per year, the share communicated against that year's target (None before it begins)."""
        points = []
        for year, column in zip(self.years, self.columns, strict=True):
            started = self.started(column)
            share = column.share if started else None
            points.append(
                {
                    "code": str(year),
                    "label": _("Năm %(year)s") % {"year": year},
                    "started": started,
                    "share": share,
                    "in_scope": column.in_scope if started else 0,
                    "communicated": column.communicated if started else 0,
                    "target": column.target,
                    "met": share is not None and share >= column.target,
                    "width": share or 0,
                    "current": False,
                }
            )
        return points


def review_period(kind):
    """The stored review period (it holds the narrative), else one with the default dates (unsaved)."""
    last = ReportPeriod.REVIEW_YEARS[kind][1]
    period = ReportPeriod.objects.filter(kind=kind, year=last).first() or ReportPeriod(kind=kind, year=last)
    period.fill_default_dates()
    return period


def annual_periods(years):
    """Each year's annual period as staff saved it, else with the default dates; one query."""
    stored = {
        period.year: period for period in ReportPeriod.objects.filter(kind=ReportPeriod.Kind.ANNUAL, year__in=years)
    }
    periods = []
    for year in years:
        period = stored.get(year) or ReportPeriod(kind=ReportPeriod.Kind.ANNUAL, year=year)
        period.fill_default_dates()
        periods.append(period)
    return periods


def compute_review(kind, unit=None, allowed_ids=None):
    """The review `kind` (ReportPeriod.Kind.MID_TERM or FINAL) for `unit` within `allowed_ids` (None: all)."""
    first, last = ReportPeriod.REVIEW_YEARS[kind]
    years = list(range(first, last + 1))
    period = review_period(kind)
    periods = annual_periods(years)
    units = {item.pk: item for item in Unit.objects.all()}
    columns = [figures.compute(item, unit, allowed_ids=allowed_ids, units=units) for item in periods]
    # The span of the columns (staff may have moved a year's cut-off dates), for the KPI's total.
    span = ReportPeriod(kind=kind, year=last, start=periods[0].start, end=periods[-1].end)
    total_kpi = figures.kpi(span, unit, allowed_ids)
    return Review(
        period=period,
        unit=unit,
        unit_ids=figures.resolve_unit_ids(unit, allowed_ids),
        years=years,
        columns=columns,
        total_kpi=total_kpi,
    )


def _summed(label, read, columns):
    values = [read(column) for column in columns]
    return [label, *values, sum(values)]


def review_tables(review):
    """The review's tables: a row per figure, a column per year, then the total. Numbers stay numbers."""
    columns = review.columns
    headings = [_("Chỉ tiêu"), *(str(year) for year in review.years), _("Cả kỳ")]
    total = review.total_kpi
    points = review.kpi_points()

    def blank(value):
        return value if value is not None else ""

    def verdict(point):
        if not point["started"]:
            return _("Chưa đến kỳ")
        if point["share"] is None:
            return ""
        return _("Đạt") if point["met"] else _("Chưa đạt")

    kpi_rows = [
        [
            _("Dự thảo thuộc phạm vi, đang trong quy trình"),
            *(p["in_scope"] if p["started"] else "" for p in points),
            total.in_scope,
        ],
        [
            _("Dự thảo được truyền thông ở mọi giai đoạn"),
            *(p["communicated"] if p["started"] else "" for p in points),
            total.communicated,
        ],
        [_("Tỷ lệ (%)"), *(blank(p["share"]) for p in points), blank(total.share)],
        [_("Chỉ tiêu (%)"), *(p["target"] for p in points), ""],
        [_("Đánh giá"), *(verdict(p) for p in points), ""],
    ]
    stage_rows = []
    for index, stage in enumerate(total.stages):
        stage_rows.append(
            [
                _("%(stage)s: đến giai đoạn") % {"stage": stage.label},
                *(c.stages[index].due for c in columns),
                stage.due,
            ]
        )
        stage_rows.append(
            [
                _("%(stage)s: đã truyền thông") % {"stage": stage.label},
                *(c.stages[index].communicated for c in columns),
                stage.communicated,
            ]
        )
    # One row per form any year used, in the order the periodic report lists them.
    forms = {}
    for column in columns:
        for row in column.activities_by_form:
            forms.setdefault(row.form_id, row.form)
    by_form = [
        _summed(
            name,
            lambda c, form_id=form_id: next((r.count for r in c.activities_by_form if r.form_id == form_id), 0),
            columns,
        )
        for form_id, name in forms.items()
    ]
    return [
        Table("kpi", _("Dự thảo thuộc phạm vi Đề án được truyền thông"), headings, kpi_rows),
        Table("stages", _("Truyền thông theo giai đoạn"), headings, stage_rows),
        Table(
            "activities",
            _("Hoạt động truyền thông"),
            headings,
            [
                _summed(_("Số hoạt động"), lambda c: c.activities.count, columns),
                _summed(_("Số buổi/lượt"), lambda c: c.activities.sessions, columns),
                _summed(_("Số người tham dự"), lambda c: c.activities.participants, columns),
                _summed(_("Kinh phí (đồng)"), lambda c: c.activities.cost, columns),
            ],
        ),
        Table("activities_by_form", _("Số hoạt động theo hình thức"), headings, by_form),
        Table(
            "comments",
            _("Góp ý nhận được và kết quả xử lý"),
            headings,
            [
                _summed(_("Tổng số góp ý"), lambda c: c.comments_total, columns),
                _summed(_("Tiếp thu"), lambda c: c.handling.taken_in, columns),
                _summed(_("Giải trình"), lambda c: c.handling.explained, columns),
                _summed(_("Không tiếp thu"), lambda c: c.handling.not_taken, columns),
                _summed(_("Chưa xử lý"), lambda c: c.handling.unhandled, columns),
                _summed(_("Bản tổng hợp ý kiến đã công bố"), lambda c: c.syntheses_published, columns),
            ],
        ),
        Table(
            "training",
            _("Tập huấn"),
            headings,
            [
                _summed(_("Lớp tập huấn đã tổ chức"), lambda c: c.training.sessions, columns),
                _summed(_("Lớp tập huấn theo kế hoạch năm"), lambda c: c.trainings_planned, columns),
                _summed(_("Lượt người tham dự"), lambda c: c.training.attendees, columns),
            ],
        ),
        Table(
            "recognition",
            _("Mô hình hay, khen thưởng"),
            headings,
            [
                _summed(_("Mô hình hay, cách làm hiệu quả được ghi nhận"), lambda c: len(c.good_practices), columns),
                _summed(_("Đề nghị khen thưởng"), lambda c: c.commendation_counts.proposed, columns),
                _summed(_("Đã khen thưởng"), lambda c: c.commendation_counts.awarded, columns),
            ],
        ),
    ]
