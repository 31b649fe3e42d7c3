"""The admin's Help menu leads to the portal's own Vietnamese guide, not to Wagtail's English one; staff
two-factor screens; the portal's audit log actions."""

from django.conf import settings
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.exports import EXPORT_ACTION, ExportFormatter
from home import two_factor
from home.audit import CHANGE_ACTION, ChangeFormatter
from policies import roles

# Role sections of the guide, in the order a draft travels through the portal.
GUIDE_SECTIONS = [
    (roles.EDITOR, "bien-tap"),
    (roles.JUSTICE_OFFICE, "tu-phap"),
    (roles.MODERATOR, "kiem-duyet"),
    (roles.COMMUNE_STAFF, "can-bo-xa"),
    (roles.TRAINER, "tap-huan"),
]


class AdminGuideView(TemplateView):
    template_name = "home/admin_guide.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        group_names = set(user.groups.values_list("name", flat=True))
        context["sections"] = [
            {
                "anchor": anchor,
                "name": roles.group_name(role),
                "mine": user.is_superuser or roles.group_name(role) in group_names,
            }
            for role, anchor in GUIDE_SECTIONS
        ]
        return context


@hooks.register("register_admin_urls")
def register_guide_url():
    guide_urls = ([path("", AdminGuideView.as_view(), name="index")], "admin_guide")
    return [path("huong-dan/", include(guide_urls))]


@hooks.register("construct_help_menu")
def portal_guide_instead_of_wagtail_guide(request, menu_items):
    # Wagtail's "What's new" and "Editor Guide" open guide.wagtail.org, in English, about Wagtail in general.
    menu_items[:] = [item for item in menu_items if not item.url.startswith("http")]
    menu_items.append(MenuItem(_("Hướng dẫn sử dụng cổng"), reverse("admin_guide:index"), icon_name="help", order=900))


@hooks.register("construct_homepage_panels")
def no_whats_new_in_wagtail_banner(request, panels):
    # The banner announces Wagtail's release notes, in English, on guide.wagtail.org.
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") != "whats_new_in_wagtail_version"]


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    two_factor_urls = (
        [
            path("", two_factor.VerifyView.as_view(), name="verify"),
            path("dang-ky/", two_factor.EnrolView.as_view(), name="enrol"),
        ],
        "two_factor",
    )
    return [path("xac-thuc-hai-buoc/", include(two_factor_urls))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    if not settings.STAFF_TWO_FACTOR:
        return None
    return {
        "url": reverse("two_factor:enrol"),
        "label": _("Xác thực hai bước"),
        "help_text": _("Thêm ứng dụng xác thực trên điện thoại: sau mật khẩu, cổng hỏi thêm mã 6 chữ số."),
    }


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action(CHANGE_ACTION)(ChangeFormatter)
    actions.register_action(EXPORT_ACTION)(ExportFormatter)
