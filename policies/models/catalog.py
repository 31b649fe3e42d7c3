"""Editable lists the drafts refer to: document types and policy fields."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from policies.naming import fold


class DocumentType(models.Model):
    """A kind of legal document, with the shortest consultation the law allows for it.

    The minimum is data, not code: the law changed in 2025 and may change again.
    """

    name = models.CharField(_("tên loại văn bản"), max_length=200, unique=True)
    min_consultation_days = models.PositiveSmallIntegerField(
        _("số ngày lấy ý kiến tối thiểu"),
        default=20,
        help_text=_("Thời gian đăng tải lấy ý kiến ngắn nhất theo quy định cho loại văn bản này."),
    )

    panels = [FieldPanel("name"), FieldPanel("min_consultation_days")]

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PolicyField(models.Model):
    """A field or topic a draft touches (agriculture, education, markets…)."""

    name = models.CharField(_("tên lĩnh vực"), max_length=120, unique=True)
    slug = models.SlugField(_("mã"), max_length=120, unique=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(fold(self.name))[:120] or "linh-vuc"
        super().save(*args, **kwargs)
