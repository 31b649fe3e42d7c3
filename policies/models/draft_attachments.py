"""Documents attached to a draft page (its "Tài liệu kèm theo" inline panel)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class DraftAttachment(Orderable):
    """A document attached to a draft: draft text, impact assessment, proposal, signed synthesis…"""

    class Kind(models.TextChoices):
        DRAFT_TEXT = "draft_text", _("Dự thảo văn bản")
        PROPOSAL = "proposal", _("Tờ trình, đề nghị xây dựng")
        IMPACT = "impact", _("Báo cáo đánh giá tác động")
        SYNTHESIS = "synthesis", _("Bản tổng hợp, tiếp thu, giải trình (đã ký)")
        OTHER = "other", _("Tài liệu khác")

    page = ParentalKey("policies.DraftPage", on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=Kind.choices, default=Kind.DRAFT_TEXT)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tệp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("document")])]

    class Meta(Orderable.Meta):
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = _("tài liệu kèm theo")
