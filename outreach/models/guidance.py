"""Guidance on communicating draft policies (plan III.6.3): issued centrally, by the province or locally."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from policies.naming import clean_text, fold


class IssuerLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh")
    LOCAL = "local", _("Địa phương (huyện, xã)")


class GuidanceAudience(models.TextChoices):
    """A fixed list, stored as a JSON list of codes (the same on SQLite and PostgreSQL)."""

    REPORTERS = "reporters", _("Báo cáo viên")
    PROPAGANDISTS = "propagandists", _("Tuyên truyền viên")
    JOURNALISTS = "journalists", _("Phóng viên, nhà báo")
    COUNCIL_STAFF = "council_staff", _("Cán bộ Hội đồng nhân dân")
    COMMUNE_OFFICIALS = "commune_officials", _("Cán bộ, công chức cấp xã")
    VILLAGE_HEADS = "village_heads", _("Trưởng thôn, tổ trưởng tổ dân phố")
    DRAFTING_STAFF = "drafting_staff", _("Cán bộ cơ quan soạn thảo")


class GuidanceMaterialQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public=True)

    def search(self, text):
        """Every word must appear, without regard to case or diacritics: "huong dan" finds "hướng dẫn"."""
        queryset = self
        for word in fold(text or "").split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def for_audience(self, code):
        # The list is stored as JSON text: a quoted code matches one element on both databases.
        return self.filter(audiences__icontains=f'"{code}"')

    def issued_between(self, start, end):
        return self.filter(issued_on__gte=start, issued_on__lte=end)


class GuidanceMaterial(ClusterableModel):
    title = models.CharField(_("tên tài liệu"), max_length=255)
    issuer_level = models.CharField(_("cấp ban hành"), max_length=20, choices=IssuerLevel.choices)
    issuer = models.CharField(
        _("cơ quan ban hành"), max_length=255, help_text=_("Ví dụ: Bộ Tư pháp; Sở Tư pháp tỉnh; UBND xã.")
    )
    owning_unit = models.ForeignKey(
        "policies.Unit",
        verbose_name=_("đơn vị quản lý"),
        on_delete=models.PROTECT,
        related_name="guidance_materials",
        help_text=_("Đơn vị đưa tài liệu lên cổng; chỉ đơn vị này (và Phòng Tư pháp) sửa được."),
    )
    issued_on = models.DateField(_("ngày ban hành"))
    audiences = models.JSONField(_("đối tượng sử dụng"), default=list, blank=True)
    topics = models.TextField(
        _("chủ đề"), blank=True, help_text=_("Mỗi chủ đề một dòng hoặc cách nhau bằng dấu phẩy.")
    )
    summary = models.TextField(_("tóm tắt"), blank=True)
    public = models.BooleanField(
        _("công khai"),
        default=False,
        help_text=_("Công khai: ai cũng xem và tải được. Không đánh dấu: chỉ cán bộ đăng nhập mới tải được tệp."),
    )
    # fold()ed title, issuer, topics, summary and audiences: the search ignores diacritics.
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = GuidanceMaterialQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("issuer_level"), FieldPanel("issuer")]),
        FieldRowPanel([FieldPanel("issued_on"), FieldPanel("owning_unit")]),
        FieldPanel("audiences"),
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("summary")], heading=_("Nội dung")),
        InlinePanel("files", heading=_("Tệp tài liệu"), label=_("tệp"), min_num=1),
        FieldPanel("public"),
    ]

    class Meta:
        verbose_name = _("tài liệu hướng dẫn")
        verbose_name_plural = _("tài liệu hướng dẫn")
        ordering = ["-issued_on", "title"]
        indexes = [models.Index(fields=["issued_on"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = clean_text(self.title)
        self.search_text = fold(
            " ".join([self.title, self.issuer, self.topics, self.summary, *map(str, self.audience_labels())])
        )
        super().save(*args, **kwargs)

    def audience_labels(self):
        labels = dict(GuidanceAudience.choices)
        return [labels[code] for code in self.audiences or [] if code in labels]

    def topic_list(self):
        return [topic for topic in (clean_text(part) for part in self.topics.replace("\n", ",").split(",")) if topic]


class GuidanceFile(Orderable):
    material = ParentalKey(GuidanceMaterial, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("tệp tài liệu")
        verbose_name_plural = _("tệp tài liệu")

    def __str__(self):
        return self.document.title
