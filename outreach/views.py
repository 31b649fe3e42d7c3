"""Public pages of the outreach app."""

from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.utils import timezone

from outreach.models import RosterMember, TrainingSession
from policies import cache as public_cache
from policies.models import DraftPage


def recognised_members():
    return RosterMember.objects.filter(active=True).exclude(decision_number="")


def upcoming_trainings(request):
    """Planned sessions from now on: what, when, where, for whom — never anyone's contact details.

    Only published drafts are named. Nobody on the roster has agreed to publication (there is no such
    consent), so the only trainers named are active members recognised by a numbered decision: that
    decision already makes their name public in that role. Attendees and trainers typed in by name are
    never shown.
    """
    now = timezone.now()
    sessions = list(
        TrainingSession.objects.upcoming(now)
        .select_related("organising_unit")
        .prefetch_related(
            Prefetch("trainers", queryset=recognised_members(), to_attr="public_trainers"),
            Prefetch("related_drafts", queryset=DraftPage.objects.live().order_by("title"), to_attr="live_drafts"),
        )
    )
    # Kept until a session starts (it leaves the list), a session or roster changes, or a named draft does.
    public_cache.mark_public_page(
        request,
        [public_cache.TRAININGS, public_cache.DRAFT_LISTS],
        public_cache.seconds_until(now, starts=[session.starts_at for session in sessions[:1]]),
    )
    return TemplateResponse(request, "outreach/upcoming_trainings.html", {"sessions": sessions})
