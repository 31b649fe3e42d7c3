"""Admin views beside the periodic report: an ad hoc report for any date range, and the scheme's reviews.

Same permission (`reports.view_report`), same unit choice and scope rule as the periodic report
(reports.views.chosen_unit); the figures are the periodic report's (reports.figures).
"""

import tempfile

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policies import scope
from reports import documents, figures, review_documents, tables
from reports.forms import ReportUnitForm
from reports.models import ReportNarrative, ReportPeriod
from reports.review_forms import DateRangeForm
from reports.reviews import compute_review, review_period, review_tables
from reports.views import DOWNLOAD_FORMATS, chosen_unit, may_view_reports, trend_bars

# The address part of each review (the URL names are reports_review_<kind>).
REVIEW_SLUGS = {ReportPeriod.Kind.MID_TERM: "so-ket", ReportPeriod.Kind.FINAL: "tong-ket"}


def _download_format(request):
    kind = request.GET.get("format", "")
    if kind and kind not in DOWNLOAD_FORMATS:
        raise Http404(_("Định dạng tải về không hợp lệ: chọn docx hoặc xlsx."))
    return kind


def _xlsx_response(write, name):
    # Written to a temporary file, then streamed, as the periodic report does.
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=name, content_type=documents.XLSX_CONTENT_TYPE)


def _docx_response(content, name):
    response = HttpResponse(content, content_type=documents.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def ad_hoc_view(request):
    if not may_view_reports(request.user):
        raise PermissionDenied
    unit = chosen_unit(request)
    kind = _download_format(request)
    form = DateRangeForm(request.GET if {"start", "end"} & set(request.GET) else None)
    context = {
        "form": form,
        "unit": unit,
        "unit_form": ReportUnitForm(request.user, unit),
    }
    if not form.is_bound or not form.is_valid():
        # Bad input: the page again with the typed values and the errors, never a file.
        return TemplateResponse(request, "reports/ad_hoc_report.html", context)
    period = ReportPeriod.ad_hoc(form.cleaned_data["start"], form.cleaned_data["end"])
    result = figures.compute(period, unit, allowed_ids=scope.scoped_unit_ids(request.user))
    if kind == "docx":
        return _docx_response(documents.docx_bytes(result), documents.file_name(result, "docx"))
    if kind == "xlsx":
        return _xlsx_response(lambda handle: documents.write_xlsx(result, handle), documents.file_name(result, "xlsx"))
    context |= {
        "figures": result,
        "period": period,
        "tables": tables.display_tables(result),
        "query": {
            "start": request.GET.get("start", ""),
            "end": request.GET.get("end", ""),
            "unit": unit.pk if unit else "",
        },
    }
    return TemplateResponse(request, "reports/ad_hoc_report.html", context)


def review_view(request, kind):
    if not may_view_reports(request.user):
        raise PermissionDenied
    unit = chosen_unit(request)
    download = _download_format(request)
    review = compute_review(kind, unit, allowed_ids=scope.scoped_unit_ids(request.user))
    narrative = documents.narrative_for(review.period, unit)
    if download == "docx":
        return _docx_response(
            review_documents.docx_bytes(review, narrative), review_documents.file_name(review, "docx")
        )
    if download == "xlsx":
        return _xlsx_response(
            lambda handle: review_documents.write_xlsx(review, handle, narrative),
            review_documents.file_name(review, "xlsx"),
        )
    context = {
        "review": review,
        "kind": kind,
        "url_name": f"reports_review_{kind}",
        "unit": unit,
        "unit_form": ReportUnitForm(request.user, unit),
        "tables": [
            tables.Table(
                table.key, table.title, table.headings, [[tables.format_number(v) for v in row] for row in table.rows]
            )
            for table in review_tables(review)
        ],
        "trend_bars": trend_bars(review.kpi_points()),
        "points": review.kpi_points(),
        "narrative": narrative,
        "may_write": request.user.has_perm("reports.add_reportnarrative"),
        "query": {"unit": unit.pk if unit else ""},
    }
    return TemplateResponse(request, "reports/review.html", context)


@require_POST
def review_narrative_view(request, kind):
    """Open the review's narrative for the unit, made on first use (the review period too)."""
    if not may_view_reports(request.user) or not request.user.has_perm("reports.add_reportnarrative"):
        raise PermissionDenied
    unit = chosen_unit(request)  # in the form's address (?unit=), checked against the scope
    period = review_period(kind)
    if period.pk is None:
        period.save()
    narrative, _created = ReportNarrative.objects.get_or_create(period=period, unit=unit)
    return redirect(reverse("wagtailsnippets_reports_reportnarrative:edit", args=[narrative.pk]))


def review_urls():
    urls = [path("bao-cao/dot-xuat/", ad_hoc_view, name="reports_ad_hoc")]
    for kind, slug in REVIEW_SLUGS.items():
        urls += [
            path(f"bao-cao/{slug}/", review_view, {"kind": kind}, name=f"reports_review_{kind}"),
            path(
                f"bao-cao/{slug}/noi-dung/",
                review_narrative_view,
                {"kind": kind},
                name=f"reports_review_{kind}_narrative",
            ),
        ]
    return urls
