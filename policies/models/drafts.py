"""Draft-policy pages: what the plan says must be communicated, and the consultation window."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page


class DraftIndexPage(Page):
    """The list of drafts at /du-thao/."""

    intro = models.TextField(_("lời giới thiệu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["policies.DraftPage"]
    max_count = 1

    class Meta:
        verbose_name = _("danh sách dự thảo")


class ConsultationStatus(models.TextChoices):
    NONE = "none", _("Chưa có thời hạn lấy ý kiến")
    UPCOMING = "upcoming", _("Sắp lấy ý kiến")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã hết hạn lấy ý kiến")


class DraftPage(RoutablePageMixin, Page):
    """One draft policy, from the policy proposal to adoption."""

    class Stage(models.TextChoices):
        PROPOSAL = "proposal", _("Lấy ý kiến đề nghị xây dựng chính sách")
        DRAFT = "draft", _("Lấy ý kiến dự thảo")
        SUBMITTED = "submitted", _("Thẩm định, trình thông qua")
        ADOPTED = "adopted", _("Đã thông qua, ban hành")
        WITHDRAWN = "withdrawn", _("Đã dừng, rút")

    code = models.CharField(
        _("mã dự thảo"), max_length=30, unique=True, help_text=_("Mã ngắn, duy nhất, ví dụ: DT-2026-03.")
    )
    summary = models.CharField(
        _("tóm tắt"),
        max_length=300,
        help_text=_("Một hai câu dễ hiểu, tối đa 300 ký tự: dùng trong danh sách, tin, bảng tin."),
    )
    drafting_unit = models.ForeignKey(
        "policies.Unit", verbose_name=_("cơ quan chủ trì soạn thảo"), on_delete=models.PROTECT, related_name="drafts"
    )
    coordinating_units = ParentalManyToManyField(
        "policies.Unit", verbose_name=_("cơ quan phối hợp"), blank=True, related_name="coordinated_drafts"
    )
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices, default=Stage.PROPOSAL)
    consultation_opens = models.DateTimeField(_("bắt đầu lấy ý kiến"), null=True, blank=True)
    consultation_closes = models.DateTimeField(_("hết hạn lấy ý kiến"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("code"), FieldPanel("stage")]),
        FieldPanel("summary"),
        FieldPanel("drafting_unit"),
        FieldPanel("coordinating_units"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("consultation_opens"), FieldPanel("consultation_closes")])],
            heading=_("Thời hạn lấy ý kiến"),
        ),
    ]

    parent_page_types = ["policies.DraftIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("dự thảo chính sách")
        verbose_name_plural = _("dự thảo chính sách")

    # Sub-pages of a draft. Each view lives with the concern it serves.
    @path("gop-y/", name="comment")
    def comment_route(self, request):
        from policies.views.comments import comment_form

        return comment_form(request, self)

    @path("tong-hop/", name="synthesis")
    def synthesis_route(self, request):
        from policies.views.synthesis import synthesis

        return synthesis(request, self)

    @path("in/", name="notice")
    def notice_route(self, request):
        from policies.views.reach import printable_notice

        return printable_notice(request, self)

    @path("loa/", name="loudspeaker")
    def loudspeaker_route(self, request):
        from policies.views.reach import loudspeaker_script

        return loudspeaker_script(request, self)

    def consultation_status(self, now=None):
        """Derived from the window and the clock; never stored."""
        if not (self.consultation_opens and self.consultation_closes):
            return ConsultationStatus.NONE
        now = now or timezone.now()
        if now < self.consultation_opens:
            return ConsultationStatus.UPCOMING
        if now <= self.consultation_closes:
            return ConsultationStatus.OPEN
        return ConsultationStatus.CLOSED

    def accepts_comments(self, now=None):
        return self.live and self.consultation_status(now) == ConsultationStatus.OPEN
