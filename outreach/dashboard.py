"""The trainer's dashboard panel: upcoming sessions, and past ones whose attendance is not recorded yet."""

from django.db.models import Count
from django.utils import timezone

from outreach.models import TrainingSession
from outreach.permissions import training_policy
from policies import roles
from policies.dashboard import DashboardPanel

ROWS = 10


def trainer_context(user, now=None):
    """Sessions the user may see (the training permission policy), each marked editable or not, in two queries."""
    now = now or timezone.now()
    visible = training_policy.filter_queryset(TrainingSession.objects.all(), user, ["view", "change"])
    visible = visible.select_related("organising_unit").order_by()
    upcoming = list(visible.upcoming(now)[:ROWS])
    # A session that took place (planned or held, not cancelled) and still lists nobody.
    unrecorded = list(
        visible.exclude(state=TrainingSession.State.CANCELLED)
        .filter(starts_at__lt=now)
        .annotate(attendee_total=Count("attendances"))
        .filter(attendee_total=0)
        .order_by("-starts_at")[:ROWS]
    )
    for session in (*upcoming, *unrecorded):
        session.dashboard_editable = training_policy.user_has_permission_for_instance(user, "change", session)
    return {"upcoming": upcoming, "unrecorded": unrecorded}


class TrainerDashboardPanel(DashboardPanel):
    name = "trainer_sessions"
    order = 40
    template_name = "outreach/dashboard_trainer.html"

    def get_rows(self, user):
        return trainer_context(user)


def panels_for(request):
    if roles.has_role(request.user, roles.TRAINER):
        return [TrainerDashboardPanel(request)]
    return []
