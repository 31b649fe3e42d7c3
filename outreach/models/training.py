"""Training sessions for the people who communicate drafts, and who attended."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from outreach.panels import AttendanceInlinePanel


class AudienceType(models.TextChoices):
    JOURNALISTS = "journalists", _("Phóng viên, biên tập viên")
    INFORMATION_MANAGERS = "information_managers", _("Người quản lý cổng, trang thông tin")
    COUNCIL_STAFF = "council_staff", _("Cán bộ các ban Hội đồng nhân dân")
    DISTRICT_REPORTERS = "district_reporters", _("Báo cáo viên pháp luật cấp huyện")
    COMMUNE_PROPAGANDISTS = "commune_propagandists", _("Tuyên truyền viên pháp luật cấp xã")
    OTHER = "other", _("Khác")


class TrainingSessionQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(state=TrainingSession.State.PLANNED, starts_at__gte=now).order_by("starts_at")


class TrainingSession(index.Indexed, ClusterableModel):
    class State(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã tổ chức")
        CANCELLED = "cancelled", _("Đã hủy")

    title = models.CharField(_("tên lớp tập huấn"), max_length=255)
    topics = models.TextField(_("chuyên đề"), blank=True)
    audience_types = models.JSONField(_("đối tượng tham dự"), default=list, blank=True)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"))
    place = models.CharField(_("địa điểm"), max_length=255)
    organising_unit = models.ForeignKey(
        "policies.Unit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="training_sessions"
    )
    trainers = ParentalManyToManyField(
        "outreach.RosterMember", verbose_name=_("giảng viên (trong danh sách)"), blank=True, related_name="+"
    )
    trainers_text = models.CharField(
        _("giảng viên khác"), max_length=255, blank=True, help_text=_("Họ tên giảng viên không có trong danh sách.")
    )
    related_drafts = ParentalManyToManyField(
        "policies.DraftPage", verbose_name=_("dự thảo liên quan"), blank=True, related_name="training_sessions"
    )
    guidance_materials = ParentalManyToManyField(
        "outreach.GuidanceMaterial",
        verbose_name=_("tài liệu hướng dẫn đã dùng"),
        blank=True,
        related_name="training_sessions",
    )
    capacity = models.PositiveIntegerField(_("số chỗ"), null=True, blank=True)
    state = models.CharField(_("tình trạng"), max_length=20, choices=State.choices, default=State.PLANNED)
    notes = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TrainingSessionQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("state"),
        # The unit scope filters on these (policies.scope); the search backend refuses a filter it does not index.
        index.FilterField("organising_unit"),
        index.FilterField("created_by"),
    ]
    panels = [
        FieldPanel("title"),
        FieldPanel("topics"),
        FieldPanel("audience_types"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("organising_unit")]),
        MultiFieldPanel([FieldPanel("trainers"), FieldPanel("trainers_text")], heading=_("Giảng viên")),
        FieldPanel("related_drafts"),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("state")]),
        AttendanceInlinePanel(
            "attendances",
            heading=_("Người tham dự"),
            label=_("người tham dự"),
            help_text=_("Chọn nhiều người một lúc, hoặc nhập từ bảng tính: nút “Điểm danh” ở danh sách lớp tập huấn."),
        ),
        InlinePanel("materials", heading=_("Tài liệu"), label=_("tài liệu")),
        FieldPanel("guidance_materials", widget=forms.CheckboxSelectMultiple),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("lớp tập huấn")
        verbose_name_plural = _("lớp tập huấn")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("Thời gian kết thúc phải sau thời gian bắt đầu.")})

    @property
    @admin.display(description=_("Số người tham dự"))
    def attendee_count(self):
        return self.attendances.count()

    def audience_labels(self):
        labels = dict(AudienceType.choices)
        return [labels.get(code, code) for code in self.audience_types or []]


class TrainingAttendanceQuerySet(models.QuerySet):
    def count_by_role(self):
        """{roster role: attendances}, each attendee counted in their own role; None for attendees typed
        in by name, who are not on the roster and so have no known role."""
        rows = self.order_by().values("member__role").annotate(count=models.Count("pk"))
        return {row["member__role"]: row["count"] for row in rows}


class TrainingAttendance(Orderable):
    """One attendee: someone on the roster, or a name and unit typed in."""

    session = ParentalKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        "outreach.RosterMember",
        verbose_name=_("người trong danh sách"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    name = models.CharField(_("họ và tên (nếu không có trong danh sách)"), max_length=150, blank=True)
    unit_name = models.CharField(_("đơn vị"), max_length=255, blank=True)

    objects = TrainingAttendanceQuerySet.as_manager()

    # A list, not the roster chooser: the chooser lists the roster the user sees, narrower than the
    # roster a trainer trains (outreach.permissions.trainable_roster).
    panels = [
        FieldPanel("member", widget=forms.Select),
        FieldRowPanel([FieldPanel("name"), FieldPanel("unit_name")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("người tham dự")

    def __str__(self):
        return str(self.member) if self.member_id else self.name

    def clean(self):
        if not self.member_id and not self.name.strip():
            raise ValidationError({"name": _("Chọn người trong danh sách hoặc ghi họ tên người tham dự.")})


class TrainingMaterial(Orderable):
    session = ParentalKey(TrainingSession, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tài liệu"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("tài liệu")
