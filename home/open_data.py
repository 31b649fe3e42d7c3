"""Open data: a read-only JSON and CSV API of what the portal already publishes (issue #11, part 5).

Published, public drafts; their published syntheses (the four-column table); the yearly figures of the
transparency page. Every record is written from an explicit allow-list of fields, never by following a
model's relations, so nothing personal can slip in: no commenter name, contact, receipt or address, no
staff user, no unpublished or restricted draft, no comment text that is not public. A synthesis row keeps
its comment count and sources but not the names the synthesis page prints: a bulk download is a different
use than reading one page. Answers are rate-limited per client, open to any origin (CORS) and cached for
anonymous visitors in the `open-data` group, which policies/cache.py drops when a draft or synthesis changes.
"""

import csv
import io
import re
from decimal import Decimal
from functools import wraps

from django.core.paginator import EmptyPage, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.rich_text import expand_db_html

from cms import page_cache, ratelimit
from cms.documents import safe_cell
from cms.http import client_ip
from home.views import PUBLIC_TABLES, public_years
from policies.cache import OPEN_DATA_GROUP, seconds_until_change
from policies.models import Comment, DraftPage
from policies.views.listing import DraftFilterForm, ordered, status_filter, with_year
from policies.views.synthesis import HEADINGS, synthesis_data
from reports import documents, figures
from reports.models import ReportPeriod

RATE_SCOPE = "open_data"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,29}")
YEAR_PATTERN = re.compile(r"\d{4}")
TEXT_PARTS = ("necessity", "purpose", "scope_and_subjects", "basic_content", "other_information")
# The flat fields of a draft, in order: the list's JSON records and the CSV columns alike.
DRAFT_FIELDS = (
    "code",
    "title",
    "summary",
    "url",
    "api_url",
    "document_type",
    "drafting_unit_code",
    "drafting_unit",
    "coordinating_units",
    "policy_fields",
    "stage",
    "stage_label",
    "in_scheme_scope",
    "consultation_status",
    "consultation_status_label",
    "consultation_opens",
    "consultation_closes",
    "original_closes",
    "extension_reason",
    "days_left",
    "proposal_opens",
    "proposal_closes",
    "submitted_on",
    "adopted_on",
    "adopted_reference",
    "withdrawn_on",
    "withdrawal_reason",
    "first_published_at",
    "last_published_at",
    "synthesis_published",
    "synthesis_api_url",
)
SYNTHESIS_ROW_FIELDS = ("section", "commenters", "comment", "handling", "comment_count")
FIGURE_FIELDS = ("table_key", "table_title", "row_label", "column", "value")


class NotFound(Exception):
    """Answered as a Vietnamese JSON 404."""


class BadRequest(Exception):
    """Answered as a Vietnamese JSON 400."""


def iso(value):
    """ISO 8601; date-times in Vietnam's time with their offset."""
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def plain(value):
    """A figure as JSON writes it: lazy text as text, decimals as numbers."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def absolute(request, name, *args):
    return request.build_absolute_uri(reverse(name, args=args))


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
        .prefetch_related("coordinating_units", "policy_fields")
    )


def find_draft(code):
    draft = public_drafts().filter(code=code).first() if CODE_PATTERN.fullmatch(code) else None
    if draft is None:
        raise NotFound(_("Không có dự thảo đã công bố với mã “%(code)s”.") % {"code": code[:40]})
    return draft


def published_synthesis(draft):
    synthesis = getattr(draft, "synthesis", None)  # a draft without one raises AttributeError: None
    return synthesis if synthesis is not None and synthesis.published else None


def draft_record(request, draft, now):
    status = draft.consultation_status(now)
    has_synthesis = published_synthesis(draft) is not None
    return {
        "code": draft.code,
        "title": draft.title,
        "summary": draft.summary,
        "url": draft.get_full_url(request),
        "api_url": absolute(request, "open_data_draft", draft.code),
        "document_type": draft.document_type.name if draft.document_type else None,
        "drafting_unit_code": draft.drafting_unit.code,
        "drafting_unit": draft.drafting_unit.name,
        "coordinating_units": [unit.name for unit in draft.coordinating_units.all()],
        "policy_fields": [field.name for field in draft.policy_fields.all()],
        "stage": draft.stage,
        "stage_label": draft.get_stage_display(),
        "in_scheme_scope": draft.in_scheme_scope,
        "consultation_status": status.value,
        "consultation_status_label": str(status.label),
        "consultation_opens": iso(draft.consultation_opens),
        "consultation_closes": iso(draft.consultation_closes),
        "original_closes": iso(draft.original_closes) if draft.is_extended else None,
        "extension_reason": draft.extension_reason if draft.is_extended else "",
        "days_left": draft.days_left(now),
        "proposal_opens": iso(draft.proposal_opens),
        "proposal_closes": iso(draft.proposal_closes),
        "submitted_on": iso(draft.submitted_on),
        "adopted_on": iso(draft.adopted_on),
        "adopted_reference": draft.adopted_reference,
        "withdrawn_on": iso(draft.withdrawn_on),
        "withdrawal_reason": draft.withdrawal_reason,
        "first_published_at": iso(draft.first_published_at),
        "last_published_at": iso(draft.last_published_at),
        "synthesis_published": has_synthesis,
        "synthesis_api_url": absolute(request, "open_data_synthesis", draft.code) if has_synthesis else None,
    }


def draft_details(request, draft):
    """What the draft page shows beyond the list's fields: criteria, texts (HTML), changes, sections, files."""
    page_url = draft.get_full_url(request)
    return {
        "scope_criteria": [{"label": str(label), "met": met} for label, met in draft.scope_criteria()],
        **{name: expand_db_html(getattr(draft, name) or "") for name in TEXT_PARTS},
        "changes": [
            {
                "change": item["change"],
                "title": item["title"],
                "explanation": item.get("explanation") or "",
                "current_rule": item.get("current_rule") or "",
                "contested": bool(item.get("contested")),
            }
            for item in draft.change_items()
        ],
        "sections": [
            {
                "anchor": block.value["anchor"],
                "kind": block.value["kind"],
                "number": block.value["number"],
                "heading": block.value["heading"],
                "url": f"{page_url}#{block.value['anchor']}",
                "body": expand_db_html(block.value["body"].source) if block.value.get("body") else "",
            }
            for block in draft.sections
            if block.block_type == "section"
        ],
        "attachments": [
            {
                "kind": attachment.kind,
                "kind_label": attachment.get_kind_display(),
                "title": attachment.document.title,
                "url": request.build_absolute_uri(attachment.document.url),
            }
            for attachment in draft.attachment_list
        ],
    }


def cache_seconds(drafts, now):
    """Never keep an answer past the moment a listed draft's status or days left changes."""
    return min([page_cache.MAX_SECONDS, *(seconds_until_change(draft, now) for draft in drafts)])


def page_size(request):
    value = request.GET.get("so_muc", "")
    size = int(value) if value.isdigit() else DEFAULT_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def filtered_drafts(request, now):
    drafts = public_drafts()
    years = sorted({year for year in with_year(drafts).values_list("year", flat=True) if year}, reverse=True)
    form = DraftFilterForm(request.GET, drafts, years)
    if not form.is_valid():
        fields = ", ".join(sorted(form.errors))
        raise BadRequest(
            _("Giá trị lọc không hợp lệ: %(fields)s. Xem các giá trị có trên trang /du-thao/.") % {"fields": fields}
        )
    data = form.cleaned_data
    if data["trang_thai"]:
        drafts = drafts.filter(status_filter(data["trang_thai"], now))
    if data["co_quan"]:
        drafts = drafts.filter(drafting_unit=data["co_quan"])
    if data["linh_vuc"]:
        drafts = drafts.filter(policy_fields=data["linh_vuc"])
    if data["nam"]:
        drafts = with_year(drafts).filter(year=data["nam"])
    return ordered(drafts, now)


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


def commenters(row):
    """The synthesis' second column without names: how many comments, through which channels."""
    sources = list(dict.fromkeys(comment.get_source_display() for comment in row.comments))
    return _("%(count)s ý kiến (%(sources)s)") % {"count": row.count, "sources": "; ".join(sources)}


@api_view
def synthesis(request, code):
    csv_wanted = wants_csv(request)
    found = find_draft(code)
    record = published_synthesis(found)
    if record is None:
        raise NotFound(_("Bản tổng hợp ý kiến của dự thảo “%(code)s” chưa được công bố.") % {"code": found.code})
    data = synthesis_data(found)
    rows = [
        {
            "section": row.section,
            "commenters": commenters(row),
            "comment": row.said,
            "handling": row.handling,
            "comment_count": row.count,
        }
        for row in data["rows"]
    ]
    if csv_wanted:
        return (
            csv_response(
                f"tong-hop-{found.code}.csv",
                SYNTHESIS_ROW_FIELDS,
                ([row[k] for k in SYNTHESIS_ROW_FIELDS] for row in rows),
            ),
            page_cache.MAX_SECONDS,
        )
    result = {
        "draft_code": found.code,
        "draft_title": found.title,
        "url": found.get_full_url(request) + found.reverse_subpage("synthesis"),
        "draft_api_url": absolute(request, "open_data_draft", found.code),
        "number_symbol": record.number_symbol,
        "issued_on": iso(record.issued_on),
        "published_at": iso(record.published_at),
        "introduction": record.introduction,
        "bodies_consulted": record.bodies_consulted,
        "people_consulted": record.people_consulted,
        "comments_total": data["total"],
        "comments_online": data["online"],
        "comments_offline": data["offline"],
        "comments_by_source": [
            {"source": source, "label": str(label), "count": count}
            for source, (label, count) in zip(Comment.Source.values, data["by_source"], strict=True)
        ],
        "bodies_commenting": data["bodies_commenting"],
        "people_commenting": data["people_commenting"],
        "columns": list(HEADINGS),
        "rows": rows,
    }
    return json_response(result), page_cache.MAX_SECONDS


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
        rows = (
            [table.key, str(table.title), plain(row[0]), str(heading), value]
            for table in tables
            for row in table.rows
            for heading, value in zip(table.headings[1:], row[1:], strict=True)
        )
        return csv_response(f"so-lieu-{year}.csv", FIGURE_FIELDS, rows), page_cache.MAX_SECONDS
    data = {
        "year": year,
        "period_start": iso(period.start),
        "period_end": iso(period.end),
        "url": request.build_absolute_uri(f"{reverse('transparency')}?nam={year}"),
        "in_scope": result.in_scope,
        "communicated": result.communicated,
        "share_percent": plain(result.share),
        "tables": [
            {
                "key": table.key,
                "title": str(table.title),
                "columns": [str(heading) for heading in table.headings],
                "rows": [[plain(value) for value in row] for row in table.rows],
            }
            for table in tables
        ],
    }
    return json_response(data), page_cache.MAX_SECONDS


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
