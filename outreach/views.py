"""Public pages of the outreach app."""

from django.template.response import TemplateResponse
from django.utils import timezone

from outreach.models import TrainingSession


def upcoming_trainings(request):
    """Planned sessions from now on: what, when, where, for whom — never anyone's contact details."""
    sessions = (
        TrainingSession.objects.upcoming(timezone.now())
        .select_related("organising_unit")
        .prefetch_related("trainers", "related_drafts")
    )
    return TemplateResponse(request, "outreach/upcoming_trainings.html", {"sessions": sessions})
