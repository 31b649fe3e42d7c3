"""Background e-mails (django_tasks: immediate in tests, `db_worker` in production)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from django_tasks import task

SUBSCRIPTION_SALT = "policies.subscription"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def subscription_token(subscription, action, **extra):
    return signing.dumps({"s": subscription.pk, "e": subscription.email, "a": action, **extra}, salt=SUBSCRIPTION_SALT)


def unsubscribe_url(subscription):
    return absolute(reverse("policies_unsubscribe", args=[subscription_token(subscription, "unsubscribe")]))


def _send(subject, template, context, to):
    body = render_to_string(template, context)
    message = EmailMessage(subject=" ".join(str(subject).split()), body=body, to=[to])
    message.send()


@task()
def send_comment_receipt(comment_id):
    from policies.models import Comment

    comment = Comment.objects.select_related("draft").filter(pk=comment_id).first()
    if comment is None or not comment.email:
        return False
    draft = comment.draft
    _send(
        f"Số tiếp nhận góp ý {comment.receipt}",
        "policies/emails/comment_receipt.txt",
        {
            "comment": comment,
            "draft": draft,
            "draft_url": absolute(draft.url or "/"),
            "lookup_url": absolute(reverse("receipt_lookup") + "?so=" + comment.receipt),
        },
        comment.email,
    )
    return True


@task()
def send_subscription_confirmation(subscription_id, frequency=""):
    from policies.models import Subscription

    subscription = Subscription.objects.select_related("draft").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at or subscription.unsubscribed_at:
        return False
    confirm_url = absolute(
        # The chosen frequency rides in the signed link: only confirming the address may change it.
        reverse("policies_confirm_subscription", args=[subscription_token(subscription, "confirm", f=frequency)])
    )
    _send(
        f"Xác nhận theo dõi dự thảo {subscription.draft.code}",
        "policies/emails/subscription_confirm.txt",
        {"subscription": subscription, "draft": subscription.draft, "confirm_url": confirm_url},
        subscription.email,
    )
    return True


NOTIFICATION_SUBJECTS = {
    "opened": "Bắt đầu lấy ý kiến dự thảo {code}",
    "closing": "Còn ba ngày hết hạn góp ý dự thảo {code}",
    "closed": "Đã hết hạn lấy ý kiến dự thảo {code}",
    "synthesis": "Đã công bố bản tổng hợp ý kiến dự thảo {code}",
}


def frequency_token(email):
    """One link per address: how often it hears is the address's choice, for every draft it follows."""
    return signing.dumps({"e": email, "a": "frequency"}, salt=SUBSCRIPTION_SALT)


def frequency_url(email):
    return absolute(reverse("policies_frequency", args=[frequency_token(email)]))


def message_subject(message, notices):
    drafts = {notice.subscription.draft_id for notice in notices}
    if message.digest:
        return f"Tóm tắt hằng tuần: {len(notices)} tin về {len(drafts)} dự thảo Quý vị theo dõi"
    if len(notices) == 1:
        notice = notices[0]
        return NOTIFICATION_SUBJECTS[notice.kind].format(code=notice.subscription.draft.code)
    return f"{len(notices)} tin mới về {len(drafts)} dự thảo Quý vị theo dõi"


def message_context(message, notices):
    """The drafts a message is about, each with its notices and its own unsubscribe link."""
    from policies.following import moment_of

    drafts = []
    for notice in notices:
        subscription = notice.subscription
        if not drafts or drafts[-1]["subscription"].pk != subscription.pk:
            draft = subscription.draft
            drafts.append(
                {
                    "subscription": subscription,
                    "draft": draft,
                    "notices": [],
                    "draft_url": absolute(draft.url or "/"),
                    "comment_url": absolute(draft.subpage_url("comment") or "/") if draft.accepts_comments() else "",
                    "synthesis_url": absolute(draft.subpage_url("synthesis") or "/"),
                    "unsubscribe_url": unsubscribe_url(subscription),
                }
            )
        drafts[-1]["notices"].append(
            {"kind": notice.kind, "recorded_at": notice.recorded_at, "deadline": moment_of(notice.occasion)}
        )
    return {
        "digest": message.digest,
        "drafts": drafts,
        "frequency": message.follower.get_frequency_display(),
        "frequency_url": frequency_url(message.follower.email),
    }


@task()
def send_follower_message(message_id):
    """Send one follower the notices one run claimed for it: one e-mail, plain text and HTML."""
    from policies.models import FollowerMessage

    message = FollowerMessage.objects.select_related("follower").filter(pk=message_id).first()
    if message is None:
        return False
    # The worker may run later: a draft left in between is not written about any more.
    notices = [
        notice
        for notice in message.notices.select_related("subscription__draft").order_by(
            "subscription__draft__path", "recorded_at", "pk"
        )
        if notice.subscription.active
    ]
    if not notices:
        return False
    context = message_context(message, notices)
    headers = {}
    if len(context["drafts"]) == 1:
        link = context["drafts"][0]["unsubscribe_url"]
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    email = EmailMultiAlternatives(
        subject=message_subject(message, notices),
        body=render_to_string("policies/emails/follower_message.txt", context),
        to=[message.follower.email],
        headers=headers,
    )
    email.attach_alternative(render_to_string("policies/emails/follower_message.html", context), "text/html")
    email.send()
    return True
