"""The list of drafts at /du-thao/ as a page: its intro and how the public reaches the drafting offices."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from policies.page_lookups import PublicPageMixin
from policies.slugs import AsciiSlugPage


class DraftIndexPage(PublicPageMixin, AsciiSlugPage, Page):
    """The list of drafts at /du-thao/, and how the public reaches the drafting offices."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)
    contact_address = models.CharField(
        _("địa chỉ nhận góp ý"),
        max_length=255,
        blank=True,
        help_text=_("In trên thông báo niêm yết và đọc trên loa, ví dụ: Phòng Tư pháp, UBND xã (bộ phận một cửa)."),
    )
    contact_hotline = models.CharField(_("số điện thoại đường dây nóng"), max_length=40, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("contact_address"), FieldPanel("contact_hotline")], heading=_("Cách người dân góp ý")
        ),
    ]

    # Its parent is the site's home page, which names it in its own subpage_types (policies imports no
    # later app); can_exist_under keeps it off the tree's root.
    subpage_types = ["policies.DraftPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh sách dự thảo")

    @classmethod
    def can_exist_under(cls, parent):
        # The root's subpage_types are Wagtail's default (every type): not a place for a site's pages.
        return not parent.is_root() and super().can_exist_under(parent)

    def child_page_model(self):
        from policies.models import DraftPage

        return DraftPage

    def child_queryset(self, model, remaining):
        # The draft page prints its unit and document type; the comment form and sub-pages use them too.
        return super().child_queryset(model, remaining).select_related("drafting_unit", "document_type")

    def route(self, request, path_components):
        if self.live:
            # The header's link to this list: known now, no lookup later (url_for).
            request._drafts_index_url = self.get_url(request)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from policies.views.listing import draft_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(draft_listing_context(self, request))
        return context

    def permissions_for_user(self, user):
        from policies.draft_permissions import DraftIndexPermissionTester

        return DraftIndexPermissionTester(user, self)

    @classmethod
    def url_for(cls, request):
        """The list's address (there is one: max_count), looked up once per request.

        The comment view asks it before storing, so the receipt renders after the commit without the database.
        """
        if not hasattr(request, "_drafts_index_url"):
            index = cls.objects.live().first()
            request._drafts_index_url = index.get_url(request) if index else None
        return request._drafts_index_url
