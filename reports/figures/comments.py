"""Comments received in the period, how they were handled, and the syntheses published."""

from django.db.models import Count, Q

from policies.models import Comment, Synthesis, Unit
from policies.naming import AmbiguousName, NameNotFound
from reports.figures.rows import CommentFigures, Handling, SourceCount, UnitCount
from reports.figures.scope import UNKNOWN_UNIT, period_bounds, scoped


def comment_figures(period, ids, units):
    """`units` is {id: Unit}: the commenters' organisations are matched against them by name."""
    comments = scoped(
        Comment.objects.counted().filter(received_on__gte=period.start, received_on__lte=period.end),
        ids,
        "draft__drafting_unit",
    )
    labels = dict(Comment.Source.choices)
    totals = comments.aggregate(
        total=Count("pk"),
        taken_in=Count("pk", filter=Q(handling=Comment.Handling.TAKEN_IN)),
        explained=Count("pk", filter=Q(handling=Comment.Handling.EXPLAINED)),
        not_taken=Count("pk", filter=Q(handling=Comment.Handling.NOT_TAKEN)),
        unhandled=Count("pk", filter=Q(handling="")),
    )
    by_source = [
        SourceCount(source=row["source"], label=labels.get(row["source"], row["source"]), count=row["count"])
        for row in comments.values("source").annotate(count=Count("pk")).order_by("-count", "source")
    ]
    index = Unit.name_index(units.values())
    by_unit = {}
    for row in comments.values("organisation").annotate(count=Count("pk")):
        name = _commenter_unit(index, row["organisation"], period.end)
        by_unit[name] = by_unit.get(name, 0) + row["count"]
    unknown = str(UNKNOWN_UNIT)
    start, end = period_bounds(period)
    return CommentFigures(
        comments_total=totals.pop("total"),
        handling=Handling(**totals),
        comments_by_source=by_source,
        comments_by_unit=[
            UnitCount(unit=name, count=count)
            for name, count in sorted(by_unit.items(), key=lambda item: (item[0] == unknown, -item[1], item[0]))
        ],
        syntheses_published=scoped(
            Synthesis.objects.filter(published=True, published_at__gte=start, published_at__lt=end),
            ids,
            "draft__drafting_unit",
        ).count(),
    )


def _commenter_unit(index, text, day):
    if not (text or "").strip():
        return str(UNKNOWN_UNIT)
    try:
        return index.resolve(text, on=day).name
    except (NameNotFound, AmbiguousName):
        return str(UNKNOWN_UNIT)
