"""What followers of a draft are told, and when: run once a day by `send_draft_notifications`.

A run first records every notice that became due (opened, three days left, closed, synthesis published)
in `NotificationSent`, once per subscription and occasion (a unique constraint). It then sends each
follower, one confirmed address, at most one message listing its untold notices: at once for
"mỗi khi có tin", at most once a week for "tóm tắt hằng tuần". Notices are claimed by a conditional
UPDATE under a lock on the follower's row, so two runs that overlap never tell a notice twice (PostgreSQL and
SQLite alike).
"""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from policies.models import ConsultationStatus, Follower, FollowerMessage, NotificationSent, Subscription
from policies.models.following import normalise_email
from policies.tasks import send_follower_message

CLOSING_NOTICE = datetime.timedelta(days=3)
# A draft that closed longer ago than this is old news: a follower confirmed since then, or the first
# run after this feature shipped, says nothing about it.
CLOSED_NOTICE_WITHIN = datetime.timedelta(days=7)
DIGEST_DAYS = 7


def occasion_of(moment):
    """The key of a dated notice: the deadline it is about, in UTC to the second."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def moment_of(occasion):
    return datetime.datetime.fromisoformat(occasion.replace("Z", "+00:00")) if occasion else None


def due_notifications(now=None):
    """(subscription, kind, occasion) of the notices due at `now` that were not recorded yet."""
    now = now or timezone.now()
    Kind = NotificationSent.Kind
    subscriptions = (
        Subscription.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True, draft__live=True)
        .select_related("draft", "draft__synthesis")
        .prefetch_related("notifications")
    )
    for subscription in subscriptions:
        draft = subscription.draft
        recorded = {(notice.kind, notice.occasion) for notice in subscription.notifications.all()}
        opens, closes = draft.consultation_opens, draft.consultation_closes
        status = draft.consultation_status(now)
        wanted = []
        if status == ConsultationStatus.OPEN:
            # Someone who subscribed while it was already open knows it is open.
            if subscription.confirmed_at < opens:
                wanted.append((Kind.OPENED, ""))
            if closes - CLOSING_NOTICE <= now:
                wanted.append((Kind.CLOSING, occasion_of(closes)))
        elif (
            status == ConsultationStatus.CLOSED
            and subscription.confirmed_at < closes
            and now - closes <= CLOSED_NOTICE_WITHIN
        ):
            wanted.append((Kind.CLOSED, occasion_of(closes)))
        synthesis = getattr(draft, "synthesis", None)
        if synthesis is not None and synthesis.published:
            wanted.append((Kind.SYNTHESIS, ""))
        for kind, occasion in wanted:
            if (kind, occasion) not in recorded:
                yield subscription, kind, occasion


def record_due(now=None):
    """Record the notices due at `now`; a notice another run recorded first is skipped. Returns the count."""
    now = now or timezone.now()
    rows = [
        NotificationSent(subscription=subscription, kind=kind, occasion=occasion, recorded_at=now)
        for subscription, kind, occasion in due_notifications(now)
    ]
    NotificationSent.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def untold(email):
    """The notices recorded for `email`'s active subscriptions and not told yet, oldest first."""
    return (
        NotificationSent.objects.filter(
            sent_at__isnull=True,
            subscription__email=normalise_email(email),
            subscription__confirmed_at__isnull=False,
            subscription__unsubscribed_at__isnull=True,
            subscription__draft__live=True,
            # Notices from before a follower (re)confirmed are not theirs.
            recorded_at__gte=F("subscription__confirmed_at"),
        )
        .select_related("subscription__draft")
        .order_by("subscription__draft__path", "recorded_at", "pk")
    )


def digest_due(follower, now):
    """A weekly follower hears again once seven calendar days have passed since the last digest."""
    if follower.last_digest_at is None:
        return True
    return timezone.localdate(now) - timezone.localdate(follower.last_digest_at) >= datetime.timedelta(
        days=DIGEST_DAYS
    )


def lock(follower):
    """Hold the follower's row until the transaction ends, and read it afresh.

    A write, not SELECT … FOR UPDATE: on PostgreSQL both lock the row, but SQLite has no row locks and a
    transaction that reads first and writes later fails against another ("database is locked"); one that
    writes first takes the database's write lock and the other run waits for it.
    """
    Follower.objects.filter(pk=follower.pk).update(email=F("email"))
    return Follower.objects.get(pk=follower.pk)


def claim_message(email, now=None):
    """Make the one message `email` gets in this run, or None when it has nothing to hear now.

    The follower's row is locked and both the digest date and the notices are claimed by conditional
    UPDATEs, so a run overlapping this one finds nothing left to send.
    """
    now = now or timezone.now()
    follower = Follower.for_email(email)
    with transaction.atomic():
        follower = lock(follower)
        ids = list(untold(email).values_list("pk", flat=True))
        if not ids:
            return None
        digest = follower.frequency == Follower.Frequency.WEEKLY
        if digest:
            if not digest_due(follower, now):
                return None
            same_as_read = (
                Q(last_digest_at__isnull=True)
                if follower.last_digest_at is None
                else Q(last_digest_at=follower.last_digest_at)
            )
            if not Follower.objects.filter(same_as_read, pk=follower.pk).update(last_digest_at=now):
                return None
        message = FollowerMessage.objects.create(follower=follower, digest=digest, created_at=now)
        claimed = NotificationSent.objects.filter(pk__in=ids, sent_at__isnull=True).update(
            sent_at=now, message=message
        )
        if not claimed:
            transaction.set_rollback(True)
            return None
    return message


def send_due(now=None):
    """Record what is due, then queue at most one message per follower. Returns how many were queued."""
    now = now or timezone.now()
    record_due(now)
    pending = NotificationSent.objects.filter(sent_at__isnull=True, subscription__unsubscribed_at__isnull=True)
    emails = sorted({normalise_email(email) for email in pending.values_list("subscription__email", flat=True)})
    count = 0
    for email in emails:
        message = claim_message(email, now)
        if message is not None:
            send_follower_message.enqueue(message.pk)
            count += 1
    return count
