"""Communication activity records and the import batches they came in."""

import hashlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from policies.naming import clean_text, fold


def activity_fingerprint(day, unit_id, commune_id, draft_id, form_id, content, sessions, participants, cost, funding):
    """A stable hash of what a row says, so re-importing the same row is recognised."""
    parts = [
        day.isoformat() if day else "",
        str(unit_id or ""),
        str(commune_id or ""),
        str(draft_id or ""),
        str(form_id or ""),
        _text_key(content),
        str(sessions or 0),
        str(participants or 0),
        str(cost or 0),
        _text_key(funding),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _text_key(text):
    # Composed/decomposed Unicode, spacing and case do not make a row new; diacritics do.
    return clean_text(text).casefold() if text else ""


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for listing imports: the user's own and their units' colleagues'; all for those who
        see all units. A batch's counts are its importer's rows, so they tell nothing of other units."""
        from policies import scope
        from policies.models import UnitMembership

        if scope.sees_all_units(user):
            return self
        if not (user and user.is_authenticated):
            return self.none()
        own_units = UnitMembership.objects.filter(user=user).values("unit_id")
        colleagues = UnitMembership.objects.filter(unit_id__in=own_units).values("user_id")
        return self.filter(models.Q(created_by=user) | models.Q(created_by__in=colleagues))


class ImportBatch(models.Model):
    """One confirmed import of a spreadsheet: who, when, what, and how many rows."""

    created_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content_hash = models.CharField(_("mã băm nội dung (SHA-256)"), max_length=64)
    total_rows = models.PositiveIntegerField(_("số dòng dữ liệu"), default=0)
    new_count = models.PositiveIntegerField(_("số dòng mới"), default=0)
    unchanged_count = models.PositiveIntegerField(_("số dòng đã có"), default=0)
    undone_at = models.DateTimeField(_("đã hoàn tác lúc"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hoàn tác"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ImportBatchQuerySet.as_manager()

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("lần nhập bảng tính")
        verbose_name_plural = _("lần nhập bảng tính")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({timezone.localtime(self.created_at):%d/%m/%Y %H:%M})"


class ActivityRecord(models.Model):
    """One communication activity, as a commune or office reports it."""

    class EntryMethod(models.TextChoices):
        MANUAL = "manual", _("Nhập tay")
        IMPORT = "import", _("Nhập từ bảng tính")

    date = models.DateField(_("ngày thực hiện"))
    unit = models.ForeignKey(
        "policies.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="activities"
    )
    commune = models.ForeignKey(
        "policies.Unit",
        verbose_name=_("địa bàn (xã)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities_held_here",
    )
    draft = models.ForeignKey(
        "policies.DraftPage",
        verbose_name=_("dự thảo chính sách"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        help_text=_("Để trống nếu là phổ biến pháp luật chung."),
    )
    form = models.ForeignKey(
        "outreach.CommunicationForm",
        verbose_name=_("hình thức truyền thông"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    content = models.TextField(_("nội dung"), blank=True)
    sessions = models.PositiveIntegerField(_("số buổi/lượt"), default=1)
    participants = models.PositiveIntegerField(_("số người tham dự"), default=0)
    cost = models.PositiveBigIntegerField(_("kinh phí (đồng)"), default=0)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=150, blank=True)
    reporters = models.ManyToManyField(
        "outreach.RosterMember",
        verbose_name=_("báo cáo viên, tuyên truyền viên"),
        blank=True,
        related_name="activities",
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    entry_method = models.CharField(
        _("cách nhập"), max_length=10, choices=EntryMethod.choices, default=EntryMethod.MANUAL, editable=False
    )
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("lần nhập"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="records",
    )
    # Content, funding and notes folded (no diacritics, lower case), so "hoi nghi" finds "Hội nghị".
    search_text = models.TextField(editable=False, blank=True)
    fingerprint = models.CharField(max_length=40, editable=False, db_index=True)
    occurrence = models.PositiveIntegerField(default=1, editable=False)

    # Imports bulk-create thousands of records without save() signals; keeping the model out of
    # Wagtail's reference index keeps that index consistent rather than half-filled.
    wagtail_reference_index_ignore = True

    # Plain selects, not snippet choosers: their options are the user's scope (see outreach.forms).
    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("commune"), FieldPanel("draft")]),
        FieldPanel("form", widget=forms.Select),
        FieldPanel("content"),
        FieldRowPanel([FieldPanel("sessions"), FieldPanel("participants")]),
        MultiFieldPanel([FieldRowPanel([FieldPanel("cost"), FieldPanel("funding_source")])], heading=_("Kinh phí")),
        FieldPanel("reporters"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("hoạt động truyền thông")
        verbose_name_plural = _("hoạt động truyền thông")
        ordering = ["-date", "-pk"]
        permissions = [("import_activityrecord", _("Nhập hoạt động truyền thông từ bảng tính"))]
        indexes = [
            # The listing's first page among a million records reads this index instead of sorting the table.
            models.Index(fields=["-date", "-id"], name="activity_listing_order"),
            # The report asks, per draft and stage, whether any record falls in a date range.
            models.Index(fields=["draft", "date"], name="activity_draft_date"),
            # A commune's records in a period: its report, its listing, a good practice's choices.
            models.Index(fields=["unit", "date"], name="activity_unit_date"),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.form} – {self.unit}"

    def save(self, *args, **kwargs):
        self.fingerprint = self.compute_fingerprint()
        self.search_text = self.compute_search_text()
        super().save(*args, **kwargs)

    def clean(self):
        if self.commune_id and self.date and not self.commune.valid_on(self.date):
            raise ValidationError({"commune": _("Xã này không còn tồn tại vào ngày thực hiện; hãy chọn xã kế thừa.")})

    def compute_search_text(self):
        return fold(" ".join(filter(None, [self.content, self.funding_source, self.notes])))

    def compute_fingerprint(self):
        return activity_fingerprint(
            self.date,
            self.unit_id,
            self.commune_id,
            self.draft_id,
            self.form_id,
            self.content,
            self.sessions,
            self.participants,
            self.cost,
            self.funding_source,
        )
