"""Content-Security-Policy: one policy for the public site, a wider one for the Wagtail admin."""

from django.conf import settings
from django.urls import reverse

from csp.middleware import CSPMiddleware


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, answering with ADMIN_CONTENT_SECURITY_POLICY under the admin's address.

    Keyed on the path, not on per-view decorators: the admin's views come from Wagtail's URLconf and from
    every app's `register_admin_urls` hook, and some admin answers (its 404, the login redirect, a CSRF
    failure) come from no admin view at all. One prefix covers them all, and a new admin view cannot be
    forgotten. A view that sets its own policy with django-csp's decorators still wins.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path.startswith(reverse("wagtailadmin_home")):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
