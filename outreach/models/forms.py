"""Forms of communication (loudspeakers, bulletin boards, conferences…): one editable list."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from policies.naming import NameIndex


class CommunicationForm(models.Model):
    name = models.CharField(_("tên chuẩn"), max_length=150, unique=True)
    aliases = models.TextField(
        _("tên gọi khác"),
        blank=True,
        help_text=_("Mỗi dòng một cách ghi khác trong bảng tính, ví dụ: Loa phát thanh."),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("name"), FieldPanel("aliases"), FieldPanel("sort_order")]

    # References nothing: no Wagtail reference-index work on save.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("hình thức truyền thông")
        verbose_name_plural = _("hình thức truyền thông")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def all_names(self):
        return [name.strip() for name in [self.name, *self.aliases.splitlines()] if name.strip()]

    @classmethod
    def name_index(cls):
        return NameIndex(cls.objects.all(), cls.all_names, kind_label=_("hình thức truyền thông"))
