from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from policies.page_lookups import PublicPageMixin
from policies.slugs import AsciiSlugPage


class HomePage(PublicPageMixin, AsciiSlugPage, Page):
    """The portal's front page: what it is for and how to take part."""

    intro = models.CharField(_("lời giới thiệu"), max_length=300, blank=True)
    body = RichTextField(_("nội dung"), blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["policies.DraftIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("trang chủ")

    fixed_children = True  # the draft index

    def child_page_model(self):
        from policies.models import DraftIndexPage

        return DraftIndexPage

    def get_context(self, request, *args, **kwargs):
        from policies.cache import mark_draft_list

        context = super().get_context(request, *args, **kwargs)
        context["open_drafts"] = open_drafts()
        mark_draft_list(request)
        return context


def open_drafts(limit=5):
    """Drafts open for comments now, closing soonest first: what a visitor came for."""
    from policies.models import DraftPage

    now = timezone.now()
    drafts = list(DraftPage.objects.live().public().open_for_comments(now).order_by("consultation_closes")[:limit])
    for draft in drafts:
        draft.days_left_now = draft.days_left(now)
    return drafts
