"""Two people following the demo's drafts by e-mail: one hears at once, one weekly (issue 11, part 7).

Running `python manage.py send_draft_notifications` after `seed_demo` sends each of them one message
(the console shows it in development): the open draft has opened, the closed one's synthesis is out.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from policies.forms import CONSENT_NOTICE_VERSION
from policies.models import DraftPage, Follower, Subscription


@dataclass(frozen=True)
class DemoFollower:
    email: str
    frequency: str
    drafts: tuple[str, ...]


FOLLOWERS = [
    DemoFollower(email="theo-doi-moi-tin@example.invalid", frequency="each", drafts=("DT-2026-01", "DT-2026-02")),
    DemoFollower(email="tom-tat-tuan@example.invalid", frequency="weekly", drafts=("DT-2026-01", "DT-2026-02")),
]


def seed_followers():
    """Confirmed followers of the demo drafts that exist, left alone when already there.

    Returns how many subscriptions were added.
    """
    now = timezone.now()
    created = 0
    for record in FOLLOWERS:
        Follower.objects.get_or_create(email=record.email, defaults={"frequency": record.frequency})
        for draft in DraftPage.objects.filter(code__in=record.drafts):
            # Confirmed before the window opened, as a real follower would be, so the opening is news.
            since = min(now, draft.consultation_opens or now) - datetime.timedelta(days=1)
            _subscription, added = Subscription.objects.get_or_create(
                draft=draft,
                email=record.email,
                defaults={
                    "consent_notice_version": CONSENT_NOTICE_VERSION,
                    "created_at": since,
                    "confirmed_at": since,
                },
            )
            created += added
    return created
