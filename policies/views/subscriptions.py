"""Follow a draft by e-mail: double opt-in and one-click unsubscribe, both by signed token.

Links in e-mails only show a page with a button: mail scanners that open links
neither confirm nor cancel anyone. The unsubscribe URL also takes the RFC 8058
one-click POST a mail client sends (no CSRF token there: the signature is the proof).
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from cms import ratelimit
from cms.http import client_ip
from policies.forms import CONSENT_NOTICE_VERSION, SubscribeForm
from policies.models import DraftPage, Follower, Subscription
from policies.tasks import SUBSCRIPTION_SALT, send_subscription_confirmation

CONFIRM_MAX_AGE = 7 * 24 * 3600


def _render(request, template, context, status=200):
    return render(request, template, context, status=status)


@never_cache
def subscribe(request, draft_id):
    draft = get_object_or_404(DraftPage.objects.live().public(), pk=draft_id)
    context = {"draft": draft}
    if request.method != "POST":
        context["form"] = SubscribeForm()
        return _render(request, "policies/subscription_form.html", context)
    form = SubscribeForm(request.POST)
    context["form"] = form
    if form.data.get("website"):
        return _render(request, "policies/subscription_sent.html", context)
    if not form.is_valid():
        return _render(request, "policies/subscription_form.html", context, status=400)
    if not ratelimit.take("subscribe", client_ip(request)):
        context["refusal"] = _("Bạn đã đăng ký nhiều lần trong thời gian ngắn. Vui lòng thử lại sau một giờ.")
        return _render(request, "policies/subscription_form.html", context, status=429)
    email = form.cleaned_data["email"]
    try:
        with transaction.atomic():
            subscription, _created = Subscription.objects.get_or_create(
                draft=draft, email=email, defaults={"consent_notice_version": CONSENT_NOTICE_VERSION}
            )
    except IntegrityError:
        subscription = Subscription.objects.get(draft=draft, email=email)
    if subscription.unsubscribed_at:
        # Subscribing again after leaving needs a fresh confirmation.
        subscription.unsubscribed_at = None
        subscription.confirmed_at = None
        subscription.consent_notice_version = CONSENT_NOTICE_VERSION
        subscription.save()
    if not subscription.confirmed_at:
        send_subscription_confirmation.enqueue(subscription.pk, form.cleaned_data["frequency"])
    # The same answer whether or not the address was already subscribed.
    return _render(request, "policies/subscription_sent.html", context)


def token_data(token, action, max_age=None):
    """The signed payload of a link in our e-mails for `action`, or None when forged, expired or for another use."""
    try:
        data = signing.loads(token, salt=SUBSCRIPTION_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != action:
        return None
    return data


def _subscription_from(data):
    if data is None:
        return None
    return Subscription.objects.select_related("draft").filter(pk=data.get("s"), email=data.get("e")).first()


@never_cache
def confirm(request, token):
    data = token_data(token, "confirm", max_age=CONFIRM_MAX_AGE)
    subscription = _subscription_from(data)
    if subscription is None:
        message = _("Liên kết xác nhận không hợp lệ hoặc đã quá 7 ngày. Vui lòng đăng ký lại.")
        return _render(request, "policies/subscription_done.html", {"message": message}, status=400)
    if request.method == "POST":
        if not subscription.confirmed_at:
            subscription.confirmed_at = timezone.now()
            subscription.unsubscribed_at = None
            subscription.save()
            # The choice made on the form, signed into this link: confirming the address is what makes it count.
            if data.get("f") in Follower.Frequency.values:
                Follower.objects.filter(pk=Follower.for_email(subscription.email).pk).update(frequency=data["f"])
        follower = Follower.for_email(subscription.email)
        message = _(
            "Đã xác nhận. Bạn sẽ nhận tin khi dự thảo bắt đầu lấy ý kiến, ba ngày trước hạn cuối, khi hết hạn "
            "và khi công bố bản tổng hợp. Cách nhận tin: %(frequency)s."
        ) % {"frequency": follower.get_frequency_display().lower()}
        return _render(request, "policies/subscription_done.html", {"message": message, "draft": subscription.draft})
    return _render(
        request,
        "policies/subscription_action.html",
        {"draft": subscription.draft, "button": _("Xác nhận nhận tin"), "heading": _("Xác nhận theo dõi dự thảo")},
    )


@csrf_exempt
@never_cache
def unsubscribe(request, token):
    subscription = _subscription_from(token_data(token, "unsubscribe"))
    if subscription is None:
        message = _("Liên kết hủy nhận tin không hợp lệ. Vui lòng dùng liên kết trong thư gần nhất.")
        return _render(request, "policies/subscription_done.html", {"message": message}, status=400)
    if request.method == "POST":
        if not subscription.unsubscribed_at:
            subscription.unsubscribed_at = timezone.now()
            subscription.save()
        message = _("Đã hủy. Bạn sẽ không nhận thêm thư nào về dự thảo này.")
        return _render(request, "policies/subscription_done.html", {"message": message, "draft": subscription.draft})
    return _render(
        request,
        "policies/subscription_action.html",
        {"draft": subscription.draft, "button": _("Hủy nhận tin"), "heading": _("Hủy nhận tin về dự thảo")},
    )
