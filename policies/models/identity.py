"""Who runs the portal: names, place, signer and hotline printed on notices, scripts, e-mails and documents."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting

DEFAULT_SITE_NAME = "Cổng truyền thông dự thảo chính sách"
CACHE_KEY = "policies:organisation-identity"
# Every page prints the identity; kept in the shared cache, forgotten on save (policies/cache.py) and after this.
CACHE_SECONDS = 3600


class OrganisationIdentity(BaseGenericSetting):
    """One organisation per install, so a generic setting: management commands
    (export_report, e-mails from the task worker) read it without a request."""

    site_name = models.CharField(_("tên cổng thông tin"), max_length=150, default=DEFAULT_SITE_NAME)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("biểu trưng (logo)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issuing_body = models.CharField(
        _("cơ quan ban hành văn bản"),
        max_length=200,
        blank=True,
        help_text=_("Tên đầy đủ, ví dụ: Phòng Tư pháp. In ở góc trái trên văn bản, thông báo, báo cáo chung."),
    )
    parent_body = models.CharField(
        _("cơ quan chủ quản"),
        max_length=200,
        blank=True,
        help_text=_("Cơ quan cấp trên trực tiếp, in phía trên tên cơ quan ban hành, ví dụ: UBND tỉnh …"),
    )
    abbreviation = models.CharField(
        _("chữ viết tắt tên cơ quan"),
        max_length=20,
        blank=True,
        help_text=_("Dùng trong số, ký hiệu văn bản, ví dụ: PTP trong “15/BC-PTP”."),
    )
    place = models.CharField(
        _("địa danh ghi ngày tháng"),
        max_length=80,
        blank=True,
        help_text=_("Tên địa phương nơi cơ quan đóng trụ sở, in trước “ngày … tháng … năm …”."),
    )
    hotline = models.CharField(_("số điện thoại đường dây nóng"), max_length=40, blank=True)
    signer_title = models.CharField(
        _("chức vụ người ký"), max_length=120, blank=True, help_text=_("Ví dụ: Trưởng phòng.")
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("logo")], heading=_("Cổng thông tin")),
        MultiFieldPanel(
            [
                FieldPanel("parent_body"),
                FieldRowPanel([FieldPanel("issuing_body"), FieldPanel("abbreviation")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("hotline")]),
            ],
            heading=_("Cơ quan"),
        ),
        FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")], heading=_("Người ký báo cáo chung")),
    ]

    class Meta:
        verbose_name = _("thông tin cơ quan")
        verbose_name_plural = _("thông tin cơ quan")

    def __str__(self):
        return self.issuing_body or self.site_name

    @classmethod
    def _get_or_create(cls):
        identity = cache.get(CACHE_KEY)
        if identity is None:
            identity = super()._get_or_create()
            cache.set(CACHE_KEY, identity, CACHE_SECONDS)
        return identity

    @classmethod
    def forget_cached(cls):
        cache.delete(CACHE_KEY)

    @property
    def logo_url(self):
        return self.logo.get_rendition("height-96").url if self.logo_id else ""

    def issuer_for(self, unit=None):
        """(parent body, issuing body) of a document: the unit's own full names when it
        issues it, else this organisation's (Decree 30 asks for full names). A commune's or a
        province's committee needs no parent line; an office names the committee it answers to."""
        if unit is not None:
            if unit.is_administrative or not unit.parent_id:
                return "", unit.issuing_name
            return unit.parent.issuing_name, unit.name
        return self.parent_body, self.issuing_body

    def place_for(self, unit=None):
        """Where a document is dated: the unit's own commune, district or province, else the settings' place."""
        return (unit.place_name() if unit is not None else "") or self.place
