"""The report's figures as titled tables: the one layout the web page, the transparency page, the workbook
and the Decree 30 document all show."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cms.numbers import vn_number
from reports.figures import UNKNOWN_UNIT


@dataclass
class Table:
    key: str
    title: str
    headings: list
    rows: list


def report_title(figures):
    return _("Kết quả truyền thông dự thảo chính sách %(period)s") % {"period": str(figures.period).lower()}


def unit_label(figures):
    return figures.unit.name if figures.unit is not None else _("Toàn bộ các đơn vị")


def format_number(value):
    """Vietnamese number format for reading: 1.200.000 and 12,5 (text stays text)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return vn_number(value, decimals=1)
    return str(value or "")


def display_tables(figures, keys=None):
    """The tables with numbers formatted for reading (web pages)."""
    return [
        Table(table.key, table.title, table.headings, [[format_number(value) for value in row] for row in table.rows])
        for table in tables(figures)
        if keys is None or table.key in keys
    ]


def _activity_cells(label, sums):
    return [label, sums.count, sums.sessions, sums.participants, sums.cost]


def _plan_cells(label, plan):
    return [label, plan.planned_sessions, plan.done_sessions, plan.budget, plan.spent]


def tables(figures):
    """Every table of the report, in order. Numbers stay numbers (the DOCX formats them)."""
    activity_headings = [
        _("Số hoạt động"),
        _("Số buổi/lượt"),
        _("Số người tham dự"),
        _("Kinh phí (đồng)"),
    ]
    plan_headings = [_("Buổi dự kiến"), _("Buổi đã làm"), _("Kinh phí dự kiến (đồng)"), _("Đã chi (đồng)")]
    handling = figures.handling
    return [
        Table(
            "kpi",
            _("Dự thảo thuộc phạm vi Đề án được truyền thông"),
            [_("Chỉ tiêu"), _("Số lượng")],
            [
                [_("Dự thảo thuộc phạm vi, đang trong quy trình trong kỳ"), figures.in_scope],
                [_("Dự thảo được truyền thông ở mọi giai đoạn trong kỳ"), figures.communicated],
                [_("Tỷ lệ (%)"), figures.share if figures.share is not None else ""],
                [_("Chỉ tiêu (%)"), figures.target],
            ],
        ),
        Table(
            "stages",
            _("Truyền thông theo giai đoạn"),
            [_("Giai đoạn"), _("Dự thảo đến giai đoạn trong kỳ"), _("Đã truyền thông")],
            [[str(stage.label), stage.due, stage.communicated] for stage in figures.stages],
        ),
        Table(
            "not_communicated",
            _("Dự thảo thuộc phạm vi chưa được truyền thông đủ"),
            [_("Mã"), _("Tên dự thảo"), _("Giai đoạn chưa truyền thông")],
            [[draft.code, draft.title, "; ".join(draft.missing_labels)] for draft in figures.not_communicated],
        ),
        Table(
            "drafts_by_form",
            _("Số dự thảo được truyền thông theo hình thức"),
            [_("Hình thức"), _("Số dự thảo")],
            [[row.form__name, row.drafts] for row in figures.drafts_by_form],
        ),
        Table(
            "activities_by_form",
            _("Hoạt động truyền thông theo hình thức"),
            [_("Hình thức"), *activity_headings],
            [_activity_cells(row.form, row) for row in figures.activities_by_form]
            + [_activity_cells(_("Tổng cộng"), figures.activities)],
        ),
        Table(
            "activities_by_unit",
            _("Hoạt động truyền thông theo đơn vị"),
            [_("Đơn vị"), *activity_headings],
            [_activity_cells(row.unit, row) for row in figures.activities_by_unit],
        ),
        Table(
            "funding",
            _("Kinh phí theo nguồn"),
            [_("Nguồn kinh phí"), _("Số hoạt động"), _("Kinh phí (đồng)")],
            [[row.source, row.count, row.cost] for row in figures.funding],
        ),
        Table(
            "comments",
            _("Góp ý nhận được và kết quả xử lý"),
            [_("Chỉ tiêu"), _("Số lượng")],
            [
                [_("Tổng số góp ý"), figures.comments_total],
                [_("Tiếp thu"), handling.taken_in],
                [_("Giải trình"), handling.explained],
                [_("Không tiếp thu"), handling.not_taken],
                [_("Chưa xử lý"), handling.unhandled],
                [_("Bản tổng hợp ý kiến đã công bố"), figures.syntheses_published],
            ],
        ),
        Table(
            "comments_by_source",
            _("Góp ý theo nguồn"),
            [_("Nguồn"), _("Số góp ý")],
            [[str(row.label), row.count] for row in figures.comments_by_source],
        ),
        Table(
            "comments_by_unit",
            _("Góp ý theo đơn vị của người góp ý"),
            [_("Đơn vị"), _("Số góp ý")],
            [[row.unit or str(UNKNOWN_UNIT), row.count] for row in figures.comments_by_unit],
        ),
        Table(
            "training",
            _("Tập huấn"),
            [_("Chỉ tiêu"), _("Số lượng")],
            [
                [_("Lớp tập huấn đã tổ chức"), figures.training.sessions],
                [_("Lớp tập huấn theo kế hoạch năm"), figures.trainings_planned],
                [_("Lượt người tham dự"), figures.training.attendees],
            ]
            + [
                [_("Tham dự – %(audience)s") % {"audience": row.label}, row.attendees]
                for row in figures.attendees_by_audience
            ],
        ),
        Table(
            "roster",
            _("Báo cáo viên, tuyên truyền viên"),
            [_("Vai trò"), _("Đang hoạt động"), _("Đã được tập huấn"), _("Tỷ lệ (%)")],
            [
                [str(row.label), row.active, row.trained, float(row.share) if row.share else 0.0]
                for row in figures.roster
            ],
        ),
        Table(
            "plans_by_draft",
            _("Kế hoạch truyền thông từng dự thảo: dự kiến và thực hiện"),
            [_("Mã"), _("Tên dự thảo"), _("Buổi dự kiến"), _("Buổi đã làm"), _("Dự toán (đồng)"), _("Đã chi (đồng)")],
            [
                [r.code, r.title, r.planned_sessions, r.done_sessions, r.budget, r.spent]
                for r in figures.plans_by_draft
            ],
        ),
        Table(
            "plans_by_form",
            _("Kế hoạch năm của đơn vị: dự kiến và thực hiện theo hình thức"),
            [_("Hình thức"), *plan_headings],
            [_plan_cells(row.form, row) for row in figures.plans_by_form],
        ),
        Table(
            "plans_by_unit",
            _("Kế hoạch năm của đơn vị: dự kiến và thực hiện theo đơn vị"),
            [_("Đơn vị"), *plan_headings],
            [_plan_cells(row.unit, row) for row in figures.plans_by_unit],
        ),
    ] + recognition_tables(figures)


def _day(value):
    return value.strftime("%d/%m/%Y") if value else ""


def recognition_tables(figures):
    """Good practices and commendations: the annual report's tables (none in a 6-month report)."""
    counts = figures.commendation_counts
    if counts is None:
        return []
    return [
        Table(
            "good_practices",
            _("Mô hình hay, cách làm hiệu quả"),
            [
                _("Tên mô hình, cách làm"),
                _("Đơn vị"),
                _("Ngày ghi nhận"),
                _("Số hoạt động liên kết"),
                _("Số buổi/lượt"),
                _("Số người tham dự"),
                _("Công khai"),
            ],
            [
                [
                    practice.title,
                    practice.unit.name,
                    _day(practice.recorded_on),
                    practice.activity_count,
                    practice.activity_sessions,
                    practice.activity_participants,
                    _("Có") if practice.public else _("Không"),
                ]
                for practice in figures.good_practices
            ],
        ),
        Table(
            "commendation_counts",
            _("Khen thưởng"),
            [_("Chỉ tiêu"), _("Số lượng")],
            [
                [_("Đề nghị khen thưởng trong kỳ"), counts.proposed],
                [_("Được khen thưởng (quyết định trong kỳ)"), counts.awarded],
                [_("Không được chấp thuận (trong kỳ)"), counts.rejected],
                [_("Đề nghị trong kỳ đang chờ kết quả"), counts.pending],
            ],
        ),
        Table(
            "commendations",
            _("Danh sách đề nghị khen thưởng"),
            [
                _("Tập thể, cá nhân"),
                _("Chức vụ"),
                _("Đơn vị công tác"),
                _("Hình thức khen thưởng"),
                _("Đơn vị đề nghị"),
                _("Ngày đề nghị"),
                _("Trạng thái"),
                _("Số, ngày quyết định"),
            ],
            [
                [
                    item.nominee_name,
                    item.nominee_position,
                    item.nominee_unit_name,
                    item.get_level_display(),
                    item.proposing_unit.name,
                    _day(item.proposed_on),
                    item.get_status_display(),
                    item.decision_label,
                ]
                for item in figures.commendations
            ],
        ),
    ]
