"""Admin report view: choose a period and a unit, read the figures and charts, download DOCX or XLSX."""

import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.http import parse_id
from cms.numbers import vn_number, vn_percent
from policies import scope
from policies.models import Unit, UnitMembership
from reports import documents, figures, tables, unit_table
from reports.forms import ReportUnitForm
from reports.models import ReportPeriod

VIEW_PERMISSION = "reports.view_report"
DOWNLOAD_FORMATS = ("docx", "xlsx")


def may_view_reports(user):
    return bool(user and user.is_active and user.has_perm(VIEW_PERMISSION))


def period_choices(today=None):
    today = today or timezone.localdate()
    codes = {}
    for period in ReportPeriod.objects.filter(kind__in=ReportPeriod.PERIODIC):
        codes[period.code] = str(period)
    for year in (today.year + 1, today.year, today.year - 1):
        for code in (f"{year}-H1", str(year)):
            if code not in codes:
                codes[code] = str(ReportPeriod(kind=_kind(code), year=year))
    return sorted(codes.items(), key=lambda item: (item[0][:4], not item[0].endswith("H1")), reverse=True)


def _kind(code):
    return ReportPeriod.Kind.HALF_YEAR if code.endswith("H1") else ReportPeriod.Kind.ANNUAL


def default_unit(user):
    """The first unit the user belongs to (None for the Justice Office: every unit)."""
    if scope.sees_all_units(user):
        return None
    membership = UnitMembership.objects.filter(user=user).select_related("unit").order_by("unit__name").first()
    if membership is None:
        raise PermissionDenied(_("Tài khoản chưa thuộc đơn vị nào nên chưa xem được báo cáo."))
    return membership.unit


def chosen_unit(request):
    """The unit asked for, refused when it is outside the user's scope."""
    value = (request.GET.get("unit") or "").strip()
    if not value:
        return default_unit(request.user)
    unit_id = parse_id(value)
    if unit_id is None:
        raise Http404(_("Mã đơn vị không hợp lệ."))
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("Không có đơn vị này."))
    if not scope.may_act_for_unit(request.user, unit):
        raise PermissionDenied(_("Bạn không được xem báo cáo của đơn vị này."))
    return unit


def chosen_period(request):
    code = request.GET.get("period")
    if not code:
        return ReportPeriod.current(), None
    try:
        return ReportPeriod.from_code(code), None
    except ValueError as error:
        return ReportPeriod.current(), str(error)


def trend(period, unit, allowed_ids):
    """The KPI for the period and the three before it (6-month and annual alternate)."""
    year = period.year
    codes = [f"{year - 1}-H1", str(year - 1), f"{year}-H1", str(year)]
    if period.kind == ReportPeriod.Kind.HALF_YEAR:
        codes = codes[:-1]
    points = []
    for code in codes:
        item = ReportPeriod.from_code(code)
        result = figures.kpi(item, unit, allowed_ids)
        points.append(
            {
                "code": code,
                "label": str(item),
                "share": result.share,
                "in_scope": result.in_scope,
                "communicated": result.communicated,
                "width": result.share or 0,
                "current": code == period.code,
            }
        )
    return points


def trend_bars(points):
    return [
        {
            "label": point["label"],
            "value": point["share"] or 0,
            "width": point["width"],
            "current": point["current"],
            "text": (
                f"{vn_percent(point['share'])} ({vn_number(point['communicated'])}/{vn_number(point['in_scope'])})"
                if point["share"] is not None
                else _("— (không có dự thảo)")
            ),
        }
        for point in points
    ]


def bars(rows, label_key, value_key):
    top = max((row[value_key] for row in rows), default=0)
    return [
        {
            "label": row[label_key],
            "value": row[value_key],
            "text": tables.format_number(row[value_key]),
            "width": round(100 * row[value_key] / top, 1) if top else 0,
        }
        for row in rows
    ]


def report_view(request):
    if not may_view_reports(request.user):
        raise PermissionDenied
    period, period_error = chosen_period(request)
    unit = chosen_unit(request)
    allowed = scope.scoped_unit_ids(request.user)
    kind = request.GET.get("format", "")
    if kind and kind not in DOWNLOAD_FORMATS:
        raise Http404(_("Định dạng tải về không hợp lệ: chọn docx hoặc xlsx."))
    units = {item.pk: item for item in Unit.objects.all()}
    result = figures.compute(period, unit, allowed_ids=allowed, units=units)
    if kind == "docx":
        narrative = documents.narrative_for(period, unit)
        response = HttpResponse(documents.docx_bytes(result, narrative), content_type=documents.DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{documents.file_name(result, "docx")}"'
        return response
    if kind == "xlsx":
        # Written to a temporary file, then streamed: memory stays bounded for any number of rows.
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        documents.write_xlsx(result, handle)
        handle.seek(0)
        return FileResponse(
            handle,
            as_attachment=True,
            filename=documents.file_name(result, "xlsx"),
            content_type=documents.XLSX_CONTENT_TYPE,
        )
    query = {"period": period.code, "unit": unit.pk if unit else ""}
    sort = request.GET.get(unit_table.SORT_PARAM, "")
    context = {
        "figures": result,
        "period": period,
        "period_error": period_error,
        "unit": unit,
        "unit_form": ReportUnitForm(request.user, unit),
        "periods": period_choices(),
        "tables": tables.display_tables(result),
        "trend_bars": trend_bars(trend(period, unit, allowed)),
        "form_bars": bars(result.activities_by_form, "form", "count"),
        "cost_bars": bars(result.activities_by_form, "form", "cost"),
        "narrative": documents.narrative_for(period, unit),
        "query": query,
        "unit_rows": unit_table.sort_rows(unit_table.report_rows(result, units), sort),
        "unit_headings": unit_table.headings(query, sort),
    }
    return TemplateResponse(request, "reports/report.html", context)
