"""Change how often an address hears about the drafts it follows, from the signed link in each message.

Like the unsubscribe link, opening it only shows a form: a mail scanner changes nothing.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from policies.forms import FrequencyForm
from policies.models import Follower, Subscription
from policies.views.subscriptions import token_data


def _done(request, message, status=200):
    return render(request, "policies/subscription_done.html", {"message": message}, status=status)


@never_cache
def change_frequency(request, token):
    data = token_data(token, "frequency")
    email = data.get("e") if data else None
    following = Subscription.objects.filter(
        email=email, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).select_related("draft")
    if not email or not following.exists():
        return _done(
            request,
            _("Liên kết đổi cách nhận tin không hợp lệ. Vui lòng dùng liên kết trong thư gần nhất."),
            status=400,
        )
    follower = Follower.for_email(email)
    form = FrequencyForm(request.POST if request.method == "POST" else None, initial={"frequency": follower.frequency})
    if request.method == "POST" and form.is_valid():
        follower.frequency = form.cleaned_data["frequency"]
        follower.save(update_fields=["frequency"])
        return _done(
            request,
            _("Đã lưu. Từ nay bạn nhận tin về mọi dự thảo đang theo dõi theo cách: %(frequency)s.")
            % {"frequency": follower.get_frequency_display().lower()},
        )
    context = {"form": form, "drafts": [subscription.draft for subscription in following.order_by("draft__path")]}
    return render(request, "policies/follower_frequency.html", context, status=400 if form.errors else 200)
