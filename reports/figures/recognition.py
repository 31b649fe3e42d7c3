"""Good practices and commendation proposals of the year (plan V.2): shown in the annual report only."""

from django.db.models import Count, Q

from outreach.models import CommendationProposal, GoodPractice
from reports.figures.rows import CommendationCounts, RecognitionFigures
from reports.figures.scope import scoped


def recognition_figures(period, ids):
    """Practices recorded and commendations proposed or decided in an annual period; nothing in a 6-month one."""
    if period.kind != period.Kind.ANNUAL:
        return RecognitionFigures(good_practices=[], commendations=[], commendation_counts=None)
    start, end = period.start, period.end
    practices = (
        scoped(GoodPractice.objects.recorded_between(start, end), ids, "unit")
        .with_results()
        .select_related("unit")
        .order_by("recorded_on", "pk")
    )
    proposals = scoped(CommendationProposal.objects.in_period(start, end), ids, "proposing_unit")
    status = CommendationProposal.Status
    proposed_in = Q(proposed_on__gte=start, proposed_on__lte=end)
    decided_in = Q(decision_date__gte=start, decision_date__lte=end)
    counts = proposals.aggregate(
        proposed=Count("pk", filter=proposed_in),
        awarded=Count("pk", filter=decided_in & Q(status=status.AWARDED)),
        rejected=Count("pk", filter=decided_in & Q(status=status.REJECTED)),
        pending=Count("pk", filter=proposed_in & Q(status=status.PROPOSED)),
    )
    return RecognitionFigures(
        good_practices=list(practices),
        commendations=list(proposals.select_related("proposing_unit").order_by("proposed_on", "pk")),
        commendation_counts=CommendationCounts(**counts),
    )
