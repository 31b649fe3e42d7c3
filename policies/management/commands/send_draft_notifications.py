"""Tell e-mail followers what happened to the drafts they follow. Run daily (cron or a worker).

Idempotent: each (follower, notice) is recorded in NotificationSent before its
e-mail task is queued, so running the command again sends nothing twice.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from policies.models import NotificationSent, Subscription
from policies.tasks import send_draft_notification

CLOSING_NOTICE = datetime.timedelta(days=3)


def due_notifications(now=None):
    """(subscription, kind) pairs that should be sent now and were not yet."""
    now = now or timezone.now()
    Kind = NotificationSent.Kind
    subscriptions = (
        Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True, draft__live=True)
        .select_related("draft", "draft__synthesis")
        .prefetch_related("notifications")
    )
    for subscription in subscriptions:
        draft = subscription.draft
        sent = {notification.kind for notification in subscription.notifications.all()}
        opens, closes = draft.consultation_opens, draft.consultation_closes
        is_open = bool(opens and closes and opens <= now <= closes)
        # Someone who subscribed while it was already open knows it is open.
        if is_open and Kind.OPENED not in sent and subscription.confirmed_at < opens:
            yield subscription, Kind.OPENED
        if is_open and closes - CLOSING_NOTICE <= now and Kind.CLOSING not in sent:
            yield subscription, Kind.CLOSING
        synthesis = getattr(draft, "synthesis", None)
        if synthesis is not None and synthesis.published and Kind.SYNTHESIS not in sent:
            yield subscription, Kind.SYNTHESIS


def send_due(now=None):
    count = 0
    for subscription, kind in list(due_notifications(now)):
        try:
            with transaction.atomic():
                NotificationSent.objects.create(subscription=subscription, kind=kind)
        except IntegrityError:
            continue  # another run got there first
        send_draft_notification.enqueue(subscription.pk, str(kind))
        count += 1
    return count


class Command(BaseCommand):
    help = "Gửi thư báo cho người theo dõi dự thảo (bắt đầu lấy ý kiến, còn ba ngày, công bố tổng hợp)."

    def handle(self, *args, **options):
        count = send_due()
        self.stdout.write(f"Đã xếp hàng gửi {count} thư báo.")
