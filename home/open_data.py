"""Open data: a read-only JSON and CSV API of what the portal already publishes (issue #11, part 5).

Published, public drafts; their published syntheses (the four-column table); the yearly figures of the
transparency page. The records are allow-lists (home/open_data_records.py). Answers are rate-limited per
client, open to any origin (CORS), JSON errors in Vietnamese, and cached for anonymous visitors in the
`open-data` group, which policies/cache.py drops when a draft or a synthesis changes.
"""

import csv
import io
import re
from functools import wraps

from django.core.paginator import EmptyPage, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms import page_cache, ratelimit
from cms.documents import safe_cell
from cms.http import client_ip
from home.open_data_records import (
    DRAFT_FIELDS,
    FIGURE_FIELDS,
    SYNTHESIS_ROW_FIELDS,
    absolute,
    draft_details,
    draft_record,
    figure_rows,
    figures_record,
    plain,
    published_synthesis,
    synthesis_record,
    synthesis_rows,
)
from home.views import PUBLIC_TABLES, public_years
from policies.cache import OPEN_DATA_GROUP, seconds_until_change
from policies.models import DraftPage
from policies.views.listing import apply_filters, filter_form, ordered
from policies.views.synthesis import synthesis_data
from reports import documents, figures
from reports.models import ReportPeriod

RATE_SCOPE = "open_data"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,29}")
YEAR_PATTERN = re.compile(r"\d{4}")


class NotFound(Exception):
    """Answered as a Vietnamese JSON 404."""


class BadRequest(Exception):
    """Answered as a Vietnamese JSON 400."""


def error(status, message):
    return json_response({"error": message, "status": status}, status=status)


def json_response(data, status=200):
    response = JsonResponse(data, status=status, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json; charset=utf-8"
    return response


def csv_response(filename, header, rows):
    """UTF-8 with a BOM (Excel then reads Vietnamese right); every text cell formula-safe."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    return safe_cell(plain(value))


def wants_csv(request):
    value = request.GET.get("dinh_dang", "json")
    if value not in ("json", "csv"):
        raise BadRequest(
            _("Định dạng “%(value)s” không có: dùng dinh_dang=json hoặc dinh_dang=csv.") % {"value": value}
        )
    return value == "csv"


def api_view(view):
    """Safe methods only, counted against the client's allowance, open to any origin, cached while unchanged."""

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not ratelimit.take(RATE_SCOPE, client_ip(request)):
            hits, window = ratelimit.limit_for(RATE_SCOPE)
            response = error(
                429,
                _("Bạn đã gửi quá %(hits)s yêu cầu trong %(seconds)s giây. Vui lòng đợi một lát rồi thử lại.")
                % {"hits": hits, "seconds": window},
            )
            response["Retry-After"] = str(window)
        else:
            try:
                response, seconds = view(request, *args, **kwargs)
            except NotFound as exc:
                response = error(404, str(exc))
            except BadRequest as exc:
                response = error(400, str(exc))
            else:
                page_cache.mark_cacheable(request, OPEN_DATA_GROUP, seconds)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


# Drafts


def public_drafts():
    return (
        DraftPage.objects.live()
        .public()
        .select_related("drafting_unit", "document_type", "synthesis")
        .prefetch_related("coordinating_units", "policy_fields", "audience_versions__language")
    )


def find_draft(code):
    draft = public_drafts().filter(code=code).first() if CODE_PATTERN.fullmatch(code) else None
    if draft is None:
        raise NotFound(_("Không có dự thảo đã công bố với mã “%(code)s”.") % {"code": code[:40]})
    return draft


def cache_seconds(drafts, now):
    """Never keep an answer past the moment a listed draft's status or days left changes."""
    return min([page_cache.MAX_SECONDS, *(seconds_until_change(draft, now) for draft in drafts)])


def page_size(request):
    value = request.GET.get("so_muc", "")
    size = int(value) if value.isdigit() else DEFAULT_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def filtered_drafts(request, now):
    drafts = public_drafts()
    form = filter_form(drafts, request.GET)
    if not form.is_valid():
        fields = ", ".join(sorted(form.errors))
        raise BadRequest(
            _("Giá trị lọc không hợp lệ: %(fields)s. Xem các giá trị có trên trang /du-thao/.") % {"fields": fields}
        )
    return ordered(apply_filters(drafts, form.cleaned_data, now), now)


@api_view
def drafts(request):
    now = timezone.now()
    csv_wanted = wants_csv(request)
    queryset = filtered_drafts(request, now)
    if csv_wanted:
        rows = list(queryset)
        records = [draft_record(request, draft, now) for draft in rows]
        stamp = timezone.localdate().strftime("%Y%m%d")
        response = csv_response(
            f"du-thao-{stamp}.csv", DRAFT_FIELDS, ([record[key] for key in DRAFT_FIELDS] for record in records)
        )
        return response, cache_seconds(rows, now)
    paginator = Paginator(queryset, page_size(request))
    number = request.GET.get("trang", "1")
    try:
        page = paginator.page(int(number) if number.isdigit() else 0)
    except EmptyPage as exc:
        raise NotFound(_("Không có trang %(page)s của danh sách.") % {"page": number[:10]}) from exc

    def link(target):
        query = request.GET.copy()
        query["trang"] = target
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    data = {
        "count": paginator.count,
        "page": page.number,
        "page_size": paginator.per_page,
        "num_pages": paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [draft_record(request, draft, now) for draft in page],
    }
    return json_response(data), cache_seconds(page, now)


@api_view
def draft(request, code):
    now = timezone.now()
    csv_wanted = wants_csv(request)
    found = find_draft(code)
    record = draft_record(request, found, now)
    if csv_wanted:
        return csv_response(f"{found.code}.csv", DRAFT_FIELDS, [[record[key] for key in DRAFT_FIELDS]]), cache_seconds(
            [found], now
        )
    return json_response({**record, **draft_details(request, found)}), cache_seconds([found], now)


# Syntheses


@api_view
def synthesis(request, code):
    csv_wanted = wants_csv(request)
    found = find_draft(code)
    record = published_synthesis(found)
    if record is None:
        raise NotFound(_("Bản tổng hợp ý kiến của dự thảo “%(code)s” chưa được công bố.") % {"code": found.code})
    data = synthesis_data(found)
    if csv_wanted:
        rows = ([row[key] for key in SYNTHESIS_ROW_FIELDS] for row in synthesis_rows(data))
        return csv_response(f"tong-hop-{found.code}.csv", SYNTHESIS_ROW_FIELDS, rows), page_cache.MAX_SECONDS
    return json_response(synthesis_record(request, found, record, data)), page_cache.MAX_SECONDS


# Figures


def year_from(value):
    year = int(value) if YEAR_PATTERN.fullmatch(value) else None
    if year not in public_years():
        raise NotFound(_("Chưa có số liệu công khai của năm “%(year)s”.") % {"year": value[:10]})
    return year


def year_tables(year):
    """The transparency page's tables of `year` (same figures, same public tables), numbers left as numbers."""
    period = ReportPeriod.from_code(str(year))
    result = figures.compute(period)
    return period, result, [table for table in documents.tables(result) if table.key in PUBLIC_TABLES]


@api_view
def years(request):
    csv_wanted = wants_csv(request)
    entries = [
        {
            "year": year,
            "api_url": absolute(request, "open_data_year", str(year)),
            "url": request.build_absolute_uri(f"{reverse('transparency')}?nam={year}"),
        }
        for year in public_years()
    ]
    if csv_wanted:
        header = ("year", "api_url", "url")
        return csv_response(
            "so-lieu-nam.csv", header, ([entry[k] for k in header] for entry in entries)
        ), page_cache.MAX_SECONDS
    return json_response({"years": entries}), page_cache.MAX_SECONDS


@api_view
def year_figures(request, year):
    csv_wanted = wants_csv(request)
    year = year_from(year)
    period, result, tables = year_tables(year)
    if csv_wanted:
        return csv_response(f"so-lieu-{year}.csv", FIGURE_FIELDS, figure_rows(tables)), page_cache.MAX_SECONDS
    return json_response(figures_record(request, year, period, result, tables)), page_cache.MAX_SECONDS


# The human page


@require_safe
def index(request):
    """/du-lieu-mo/: every dataset with its JSON and CSV links, in Vietnamese."""
    with_synthesis = [draft for draft in public_drafts().order_by("code") if published_synthesis(draft)]
    page_cache.mark_cacheable(request, OPEN_DATA_GROUP)
    context = {
        "years": public_years(),
        "syntheses": with_synthesis,
        "page_size": DEFAULT_PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
        "draft_fields": DRAFT_FIELDS,
    }
    return render(request, "home/open_data.html", context)
