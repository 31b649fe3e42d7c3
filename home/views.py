"""The public transparency page: yearly communication figures, without personal data."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.http import parse_id
from outreach.models import CommendationProposal, GoodPractice
from reports import figures, tables
from reports.models import ReportPeriod

# Tables safe to publish: counts and sums only (no names, no contacts, no commenter units).
PUBLIC_TABLES = ("kpi", "stages", "activities_by_form", "activities_by_unit", "funding", "comments", "training")


def public_years():
    """The years whose figures are public, newest first: this year, last year and every saved annual period."""
    today = timezone.localdate()
    return sorted(
        {today.year, today.year - 1, *ReportPeriod.objects.filter(kind="annual").values_list("year", flat=True)},
        reverse=True,
    )


def transparency(request):
    today = timezone.localdate()
    years = public_years()
    value = request.GET.get("nam", "")
    if value:
        year = parse_id(value)
        if year not in years:
            raise Http404(_("Chưa có số liệu của năm này."))
    else:
        year = today.year
    period = ReportPeriod.from_code(str(year))
    result = figures.compute(period)
    return TemplateResponse(
        request,
        "home/transparency.html",
        {
            "period": period,
            "figures": result,
            "tables": tables.display_tables(result, PUBLIC_TABLES),
            "years": years,
            "year": year,
            **public_recognition(period),
        },
    )


def public_recognition(period):
    """Good practices marked public and recorded in the period; commendations awarded in it and marked public,
    as the decision publishes them (name, position, unit, level, decision), nothing about who proposed them."""
    return {
        "good_practices": GoodPractice.objects.public()
        .recorded_between(period.start, period.end)
        .with_results()
        .select_related("unit")
        .order_by("recorded_on", "pk"),
        "commendations": CommendationProposal.objects.published()
        .filter(decision_date__gte=period.start, decision_date__lte=period.end)
        .order_by("decision_date", "pk")
        .only("nominee_name", "nominee_position", "nominee_unit_name", "level", "decision_number", "decision_date"),
    }
