"""Staff sign-in hardening: the lockout page, idle sign-out and the two-factor gate of the admin."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from django_otp import user_has_device

from home.two_factor import step_url
from policies import roles

LAST_SEEN_KEY = "staff_last_seen"
# Writing the stamp on every request would save the session on every click.
STAMP_EVERY_SECONDS = 60


def lockout_response(request, original_response, credentials):
    """django-axes' answer to a locked-out client: the same page whatever the user name, known or not."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "security/lockout.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class IdleStaffSessionMiddleware:
    """Signs a user out after STAFF_IDLE_MINUTES without a request. Only requests that carry a session
    cookie are looked at, so anonymous visitors never get a session (the draft page cache relies on it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.STAFF_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    _("Phiên làm việc đã hết hạn vì không thao tác quá %(minutes)s phút. Hãy đăng nhập lại.")
                    % {"minutes": settings.STAFF_IDLE_MINUTES},
                )
            elif last_seen is None or now - last_seen >= STAMP_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


def requires_two_factor(user):
    """Superusers and the Justice Office, who see every unit's data, must use a second factor."""
    return user.is_superuser or user.groups.filter(name=roles.group_name(roles.JUSTICE_OFFICE)).exists()


class StaffTwoFactorMiddleware:
    """With STAFF_TWO_FACTOR on, an admin page needs a verified TOTP code from a user who must have one
    (or who chose to enrol a device); until then only the code, enrolment and sign-out pages open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_TWO_FACTOR and request.path.startswith(reverse("wagtailadmin_home")):
            target = self.gate(request)
            if target is not None:
                return redirect(step_url(target, request.get_full_path()))
        return self.get_response(request)

    def gate(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        open_paths = (reverse("two_factor:verify"), reverse("two_factor:enrol"), reverse("wagtailadmin_logout"))
        if request.path in open_paths:
            return None
        if user_has_device(user):
            return "two_factor:verify"
        if requires_two_factor(user):
            return "two_factor:enrol"
        return None
