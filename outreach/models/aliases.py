"""Names a commune sheet uses for a known entry, saved once from an import preview.

A clerk's alias serves their own unit's imports only; one the Justice Office saves (no unit) serves all.
The catalogue's own aliases (`Unit.aliases`, `CommunicationForm.aliases`) stay as they are: these are
the import-time ones, kept apart so a clerk never edits the shared catalogue.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from policies.naming import clean_text, name_key


class ImportAliasQuerySet(models.QuerySet):
    def applicable_to(self, user):
        """Aliases an import by `user` uses: everyone's, and those saved for a unit the user belongs to."""
        from policies.models import UnitMembership

        condition = Q(unit__isnull=True)
        if user is not None and user.is_authenticated:
            condition |= Q(unit__in=UnitMembership.objects.filter(user=user).values("unit_id"))
        return self.filter(condition)


class ImportAlias(models.Model):
    class Kind(models.TextChoices):
        UNIT = "unit", _("Đơn vị thực hiện")
        COMMUNE = "commune", _("Địa bàn (xã)")
        DRAFT = "draft", _("Dự thảo chính sách")
        FORM = "form", _("Hình thức truyền thông")

    kind = models.CharField(_("cột"), max_length=16, choices=Kind.choices)
    text = models.CharField(
        _("cách ghi trong bảng tính"),
        max_length=255,
        help_text=_("Ví dụ: bảng tin thôn. Không phân biệt hoa thường, dấu."),
    )
    key = models.CharField(max_length=255, editable=False)
    unit = models.ForeignKey(
        "policies.Unit",
        verbose_name=_("chỉ dùng cho đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Để trống để dùng khi nhập bảng tính của mọi đơn vị."),
    )
    target_unit = models.ForeignKey(
        "policies.Unit",
        verbose_name=_("là đơn vị, xã"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_draft = models.ForeignKey(
        "policies.DraftPage",
        verbose_name=_("là dự thảo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_form = models.ForeignKey(
        "outreach.CommunicationForm",
        verbose_name=_("là hình thức"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ImportAliasQuerySet.as_manager()

    panels = [
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldPanel("unit"),
        FieldPanel("target_unit"),
        FieldPanel("target_draft"),
        FieldPanel("target_form"),
    ]

    # A saved alias changes how sheets resolve, not what pages reference.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("tên gọi khi nhập bảng tính")
        verbose_name_plural = _("tên gọi khi nhập bảng tính")
        ordering = ["kind", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "unit"], condition=Q(unit__isnull=False), name="import_alias_unique_per_unit"
            ),
            models.UniqueConstraint(
                fields=["kind", "key"], condition=Q(unit__isnull=True), name="import_alias_unique"
            ),
        ]

    def __str__(self):
        return f"{self.text} → {self.target}"

    def save(self, *args, **kwargs):
        self.text = clean_text(self.text)
        self.key = name_key(self.text)
        super().save(*args, **kwargs)

    def clean(self):
        self.text = clean_text(self.text)
        if not name_key(self.text):
            raise ValidationError({"text": _("Hãy ghi cách ghi trong bảng tính.")})
        field = self.target_field(self.kind)
        if getattr(self, f"{field}_id") is None:
            raise ValidationError({field: _("Hãy chọn mục mà cách ghi này chỉ đến.")})
        others = {"target_unit", "target_draft", "target_form"} - {field}
        for other in others:
            setattr(self, other, None)
        clash = ImportAlias.objects.filter(kind=self.kind, key=name_key(self.text), unit=self.unit).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"text": _("Cách ghi này đã được gán cho một mục khác; hãy sửa tên gọi đã có.")})

    @staticmethod
    def target_field(kind):
        return {"unit": "target_unit", "commune": "target_unit", "draft": "target_draft"}.get(kind, "target_form")

    @property
    def target(self):
        return getattr(self, self.target_field(self.kind))

    @property
    def target_id(self):
        return getattr(self, f"{self.target_field(self.kind)}_id")
