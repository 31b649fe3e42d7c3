"""Training sessions held in the period, who attended them, and the reporter roster."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from outreach.models import RosterMember, TrainingAttendance, TrainingSession
from reports.figures.rows import AudienceAttendees, RosterRole, TrainingFigures, TrainingTotals
from reports.figures.scope import period_bounds, scoped

NOT_ON_ROSTER = "not_on_roster"
NOT_ON_ROSTER_LABEL = _("Người ngoài danh sách báo cáo viên, tuyên truyền viên")


def training_figures(period, ids):
    start, end = period_bounds(period)
    sessions = scoped(
        TrainingSession.objects.filter(state=TrainingSession.State.HELD, starts_at__gte=start, starts_at__lt=end),
        ids,
        "organising_unit",
    )
    # Each attendee counts in their own roster role, not in every audience the session was meant for;
    # someone typed in by name is reported as not on the roster.
    by_role = TrainingAttendance.objects.filter(session__in=sessions).count_by_role()
    trained_by_end = TrainingAttendance.objects.filter(
        member=OuterRef("pk"), session__state=TrainingSession.State.HELD, session__starts_at__lt=end
    )
    role_labels = dict(RosterMember.Role.choices)
    roster = (
        scoped(RosterMember.objects.filter(active=True), ids, "unit")
        .annotate(trained_flag=Exists(trained_by_end))
        .values("role")
        .annotate(active=Count("pk"), trained=Count("pk", filter=Q(trained_flag=True)))
        .order_by("role")
    )
    return TrainingFigures(
        training=TrainingTotals(sessions=sessions.count(), attendees=sum(by_role.values())),
        attendees_by_audience=[
            AudienceAttendees(audience=role, label=label, attendees=by_role.get(role, 0))
            for role, label in RosterMember.Role.choices
        ]
        + [AudienceAttendees(audience=NOT_ON_ROSTER, label=NOT_ON_ROSTER_LABEL, attendees=by_role.get(None, 0))],
        roster=[
            RosterRole(
                role=row["role"],
                label=role_labels.get(row["role"], row["role"]),
                active=row["active"],
                trained=row["trained"],
                share=round(Decimal(100 * row["trained"]) / row["active"], 1) if row["active"] else None,
            )
            for row in roster
        ],
    )
