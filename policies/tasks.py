"""Background e-mails (django_tasks: immediate in tests, `db_worker` in production)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from django_tasks import task

SUBSCRIPTION_SALT = "policies.subscription"


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def subscription_token(subscription, action):
    return signing.dumps({"s": subscription.pk, "e": subscription.email, "a": action}, salt=SUBSCRIPTION_SALT)


def unsubscribe_url(subscription):
    return absolute(reverse("policies_unsubscribe", args=[subscription_token(subscription, "unsubscribe")]))


def _send(subject, template, context, to, headers=None):
    body = render_to_string(template, context)
    message = EmailMessage(subject=" ".join(str(subject).split()), body=body, to=[to], headers=headers or {})
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
def send_subscription_confirmation(subscription_id):
    from policies.models import Subscription

    subscription = Subscription.objects.select_related("draft").filter(pk=subscription_id).first()
    if subscription is None or subscription.confirmed_at or subscription.unsubscribed_at:
        return False
    confirm_url = absolute(
        reverse("policies_confirm_subscription", args=[subscription_token(subscription, "confirm")])
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
    "synthesis": "Đã công bố bản tổng hợp ý kiến dự thảo {code}",
}


@task()
def send_draft_notification(subscription_id, kind):
    from policies.models import Subscription

    subscription = Subscription.objects.select_related("draft").filter(pk=subscription_id).first()
    if subscription is None or not subscription.active:
        return False
    draft = subscription.draft
    link = unsubscribe_url(subscription)
    _send(
        NOTIFICATION_SUBJECTS[kind].format(code=draft.code),
        "policies/emails/draft_notification.txt",
        {
            "kind": kind,
            "draft": draft,
            "draft_url": absolute(draft.url or "/"),
            "comment_url": absolute(draft.subpage_url("comment") or "/"),
            "synthesis_url": absolute(draft.subpage_url("synthesis") or "/"),
            "unsubscribe_url": link,
        },
        subscription.email,
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    return True
