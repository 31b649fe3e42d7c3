"""Good practices ("mô hình hay, cách làm hiệu quả") and commendation proposals (plan V.2)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from outreach.panels import LinkedActivitiesPanel


class GoodPracticeQuerySet(models.QuerySet):
    def with_results(self):
        """Each practice with the count, sessions and participants of its linked activities, in one query."""
        return self.annotate(
            activity_count=Count("activities"),
            activity_sessions=Coalesce(Sum("activities__sessions"), 0),
            activity_participants=Coalesce(Sum("activities__participants"), 0),
        )

    def recorded_between(self, start, end):
        return self.filter(recorded_on__gte=start, recorded_on__lte=end)

    def public(self):
        return self.filter(public=True)


class GoodPractice(ClusterableModel):
    """A good model or effective way of working a unit recorded, with what it did and what came of it."""

    unit = models.ForeignKey(
        "policies.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="good_practices"
    )
    title = models.CharField(_("tên mô hình, cách làm"), max_length=255)
    recorded_on = models.DateField(_("ngày ghi nhận"), help_text=_("Báo cáo năm tính mô hình vào kỳ có ngày này."))
    description = models.TextField(_("cách làm"), help_text=_("Đã làm gì, ở đâu, với ai, bằng hình thức nào."))
    results = models.TextField(_("kết quả đạt được"), blank=True)
    activities = models.ManyToManyField(
        "outreach.ActivityRecord", verbose_name=_("hoạt động liên kết"), blank=True, related_name="good_practices"
    )
    public = models.BooleanField(
        _("công khai trên cổng"),
        default=False,
        help_text=_("Hiện tên, đơn vị, cách làm, kết quả và số liệu trên trang số liệu công khai."),
    )

    objects = GoodPracticeQuerySet.as_manager()

    # Activities are linked on their own page (outreach.recognition_views): a select over every record would not load.
    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("recorded_on")]),
        FieldPanel("description"),
        FieldPanel("results"),
        LinkedActivitiesPanel(heading=_("Hoạt động liên kết và số liệu")),
        InlinePanel("evidence", heading=_("Minh chứng"), label=_("minh chứng")),
        FieldPanel("public"),
    ]

    class Meta:
        verbose_name = _("mô hình hay, cách làm hiệu quả")
        verbose_name_plural = _("mô hình hay, cách làm hiệu quả")
        ordering = ["-recorded_on", "-pk"]

    def __str__(self):
        return self.title

    def linkable_activities(self):
        """The activity records this practice may name: its unit's and those of the units below it."""
        from outreach.models import ActivityRecord
        from policies.models.units import descendant_ids

        return ActivityRecord.objects.filter(unit__in=descendant_ids([self.unit_id]))

    def result_figures(self):
        """{activity_count, activity_sessions, activity_participants} of the linked activities (SQL aggregates)."""
        return (
            GoodPractice.objects.filter(pk=self.pk)
            .with_results()
            .values("activity_count", "activity_sessions", "activity_participants")
            .get()
        )


class GoodPracticeEvidence(Orderable):
    practice = ParentalKey(GoodPractice, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tài liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    caption = models.CharField(_("mô tả"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self):
        return self.caption or (self.document.title if self.document_id else "")

    def clean(self):
        if not self.document_id:
            raise ValidationError({"document": _("Chọn hoặc tải lên tài liệu minh chứng, hoặc xóa dòng này.")})


class CommendationLevel(models.TextChoices):
    """The forms of commendation the plan's reviews propose (Law on Emulation and Commendation)."""

    COMMUNE_CHAIR = "commune_chair", _("Giấy khen của Chủ tịch UBND xã")
    DEPARTMENT_DIRECTOR = "department_director", _("Giấy khen của Giám đốc Sở Tư pháp")
    PROVINCE_CHAIR = "province_chair", _("Bằng khen của Chủ tịch UBND tỉnh")
    MINISTER = "minister", _("Bằng khen của Bộ trưởng Bộ Tư pháp")
    PRIME_MINISTER = "prime_minister", _("Bằng khen của Thủ tướng Chính phủ")
    JUSTICE_MEDAL = "justice_medal", _("Kỷ niệm chương Vì sự nghiệp Tư pháp")


class CommendationQuerySet(models.QuerySet):
    def in_period(self, start, end):
        """Proposed in the period, or decided in it."""
        return self.filter(
            models.Q(proposed_on__gte=start, proposed_on__lte=end)
            | models.Q(decision_date__gte=start, decision_date__lte=end)
        )

    def published(self):
        """What the public page shows: commendations awarded and marked public."""
        return self.filter(status=CommendationProposal.Status.AWARDED, public=True)


class CommendationProposal(models.Model):
    """A unit's proposal to commend a unit or a person for communicating draft policies, and its outcome."""

    class NomineeKind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        AWARDED = "awarded", _("Đã khen thưởng")
        REJECTED = "rejected", _("Không được chấp thuận")

    DECIDED = (Status.AWARDED, Status.REJECTED)

    proposing_unit = models.ForeignKey(
        "policies.Unit",
        verbose_name=_("đơn vị đề nghị"),
        on_delete=models.PROTECT,
        related_name="commendation_proposals",
    )
    proposer_name = models.CharField(_("người đề nghị"), max_length=150, blank=True)
    proposer_title = models.CharField(_("chức vụ người đề nghị"), max_length=150, blank=True)
    nominee_kind = models.CharField(
        _("đối tượng"), max_length=20, choices=NomineeKind.choices, default=NomineeKind.COLLECTIVE
    )
    nominee_name = models.CharField(_("tên tập thể hoặc họ tên cá nhân"), max_length=255)
    nominee_position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    nominee_unit_name = models.CharField(
        _("đơn vị công tác"), max_length=255, blank=True, help_text=_("Bắt buộc khi đề nghị khen thưởng cá nhân.")
    )
    reason = models.TextField(_("thành tích đề nghị khen thưởng"))
    good_practice = models.ForeignKey(
        GoodPractice,
        verbose_name=_("mô hình hay liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commendations",
    )
    level = models.CharField(_("hình thức khen thưởng"), max_length=30, choices=CommendationLevel.choices)
    proposed_on = models.DateField(_("ngày đề nghị"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    public = models.BooleanField(
        _("công khai trên cổng"),
        default=False,
        help_text=_(
            "Khi đã khen thưởng: hiện tên, chức vụ, đơn vị, hình thức và quyết định khen thưởng trên trang số liệu "
            "công khai."
        ),
    )

    objects = CommendationQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("proposing_unit"),
                FieldRowPanel([FieldPanel("proposer_name"), FieldPanel("proposer_title")]),
            ],
            heading=_("Đơn vị, người đề nghị"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("nominee_kind"),
                FieldPanel("nominee_name"),
                FieldRowPanel([FieldPanel("nominee_position"), FieldPanel("nominee_unit_name")]),
            ],
            heading=_("Đối tượng đề nghị khen thưởng"),
        ),
        FieldPanel("reason"),
        FieldPanel("good_practice", widget=forms.Select),
        FieldRowPanel([FieldPanel("level"), FieldPanel("proposed_on")]),
        MultiFieldPanel(
            [FieldPanel("status"), FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")])],
            heading=_("Kết quả"),
        ),
        FieldPanel("public"),
    ]

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-proposed_on", "-pk"]

    def __str__(self):
        return f"{self.nominee_name} – {self.get_level_display()}"

    def clean(self):
        errors = {}
        if self.status in self.DECIDED:
            if not (self.decision_number or "").strip():
                errors["decision_number"] = _(
                    "Đề nghị đã có kết quả (đã khen thưởng hoặc không được chấp thuận): hãy ghi số quyết định "
                    "hoặc số văn bản trả lời."
                )
            if not self.decision_date:
                errors["decision_date"] = _(
                    "Đề nghị đã có kết quả (đã khen thưởng hoặc không được chấp thuận): hãy ghi ngày quyết định "
                    "hoặc ngày văn bản trả lời."
                )
        if self.decision_date and self.proposed_on and self.decision_date < self.proposed_on:
            errors["decision_date"] = _("Ngày quyết định không được trước ngày đề nghị.")
        if self.nominee_kind == self.NomineeKind.INDIVIDUAL and not (self.nominee_unit_name or "").strip():
            errors["nominee_unit_name"] = _("Đề nghị khen thưởng cá nhân: hãy ghi đơn vị công tác của người đó.")
        if errors:
            raise ValidationError(errors)

    @property
    def decision_label(self):
        if not self.decision_number:
            return ""
        if self.decision_date:
            return f"{self.decision_number} ngày {self.decision_date:%d/%m/%Y}"
        return self.decision_number
