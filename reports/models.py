"""Report periods: the 6-month and annual windows the PBGDPL council reports on."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from policies.models.drafts import LifecycleStage
from reports.forms import AnnualPlanForm, CommunicationPlanForm, ReportNarrativeForm

PERIOD_CODE = re.compile(r"^\s*(\d{4})(?:\s*-\s*(H1|6T))?\s*$", re.IGNORECASE)


class ReportPeriod(models.Model):
    """Statistical cut-off dates are configurable: the defaults are the common ones
    (15 Dec of the previous year to 14 Jun, and to 14 Dec), not a legal constant."""

    class Kind(models.TextChoices):
        HALF_YEAR = "half_year", _("6 tháng")
        ANNUAL = "annual", _("Năm")
        AD_HOC = "ad_hoc", _("Đột xuất")
        MID_TERM = "mid_term", _("Sơ kết giữa kỳ Đề án")
        FINAL = "final", _("Tổng kết Đề án")

    # The kinds reported on every year, the ones the periodic report offers.
    PERIODIC = (Kind.HALF_YEAR, Kind.ANNUAL)
    # The scheme's reviews (Decision 407/QĐ-TTg, V.2): the years each covers. A review is stored
    # under its last year, and its narrative is keyed by it like a periodic report's.
    REVIEW_YEARS = {Kind.MID_TERM: (2022, 2024), Kind.FINAL: (2022, 2027)}

    # The default cut-offs as (month, day): every period starts on DEFAULT_START of the year before.
    DEFAULT_START = (12, 15)
    DEFAULT_END = {Kind.HALF_YEAR: (6, 14), Kind.ANNUAL: (12, 14), Kind.MID_TERM: (12, 14), Kind.FINAL: (12, 14)}

    kind = models.CharField(_("loại kỳ"), max_length=10, choices=Kind.choices, default=Kind.HALF_YEAR)
    year = models.PositiveSmallIntegerField(_("năm"))
    start = models.DateField(_("từ ngày"), blank=True, help_text=_("Để trống để dùng ngày 15/12 năm trước."))
    end = models.DateField(
        _("đến hết ngày"), blank=True, help_text=_("Để trống để dùng ngày 14/6 (kỳ 6 tháng) hoặc 14/12 (kỳ năm).")
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
    ]

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-year", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="unique_report_period")]
        permissions = [("view_report", "Xem và tải báo cáo kết quả truyền thông của đơn vị mình")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_default_dates()
        super().save(*args, **kwargs)

    def clean(self):
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("Năm phải trong khoảng 2000–2100.")})
        if self.kind == self.Kind.AD_HOC:
            raise ValidationError(
                {"kind": _("Báo cáo đột xuất không cần lưu kỳ: chọn khoảng ngày ở trang Báo cáo đột xuất.")}
            )
        if self.kind in self.REVIEW_YEARS and self.year != self.REVIEW_YEARS[self.kind][1]:
            first, last = self.REVIEW_YEARS[self.kind]
            message = _("Kỳ này gồm các năm %(first)s–%(last)s: ghi năm %(last)s.")
            raise ValidationError({"year": message % {"first": first, "last": last}})
        self.fill_default_dates()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})

    def fill_default_dates(self):
        if self.year is None:
            return
        default_start, default_end = self.default_dates(self.kind, self.year)
        self.start = self.start or default_start
        self.end = self.end or default_end

    @classmethod
    def default_dates(cls, kind, year):
        if kind == cls.Kind.AD_HOC:  # no default: an ad hoc period is given both dates
            return None, None
        first = cls.REVIEW_YEARS[kind][0] if kind in cls.REVIEW_YEARS else year
        return datetime.date(first - 1, *cls.DEFAULT_START), datetime.date(year, *cls.DEFAULT_END[kind])

    @classmethod
    def ad_hoc(cls, start, end):
        """An unsaved period for any date range (ad hoc report); the plans are read for its last year."""
        return cls(kind=cls.Kind.AD_HOC, year=end.year, start=start, end=end)

    @property
    def code(self):
        if self.kind == self.Kind.HALF_YEAR:
            return f"{self.year}-H1"
        if self.kind == self.Kind.AD_HOC:
            return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"
        if self.kind in self.REVIEW_YEARS:
            return f"{self.kind.replace('_', '-')}-{self.REVIEW_YEARS[self.kind][0]}-{self.year}"
        return str(self.year)

    @property
    def title(self):
        if self.kind == self.Kind.HALF_YEAR:
            return f"6 tháng đầu năm {self.year}"
        if self.kind == self.Kind.AD_HOC:
            return f"Từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y}"
        if self.kind == self.Kind.MID_TERM:
            return f"Sơ kết giữa kỳ Đề án giai đoạn {self.REVIEW_YEARS[self.kind][0]}–{self.year}"
        if self.kind == self.Kind.FINAL:
            return f"Tổng kết Đề án giai đoạn {self.REVIEW_YEARS[self.kind][0]}–{self.year}"
        return f"Năm {self.year}"

    def contains(self, day):
        return self.start <= day <= self.end

    @classmethod
    def from_code(cls, code):
        """The period `2026-H1` or `2026`: the saved one, else one with the default dates (unsaved)."""
        match = PERIOD_CODE.match(code or "")
        if not match:
            raise ValueError(
                _("Kỳ báo cáo “%(code)s” không hợp lệ: ghi dạng 2026-H1 (6 tháng) hoặc 2026 (năm).") % {"code": code}
            )
        year = int(match.group(1))
        kind = cls.Kind.HALF_YEAR if match.group(2) else cls.Kind.ANNUAL
        period = cls.objects.filter(kind=kind, year=year).first() or cls(kind=kind, year=year)
        period.fill_default_dates()
        return period

    @classmethod
    def current(cls, today=None):
        """The period `today` falls in, with the dates staff gave it, else the default ones (unsaved).

        The 6-month period while it runs, then the annual one. Should edited dates leave today in no
        period, the nearest one (the one just ended, or the one about to start).
        """
        today = today or timezone.localdate()
        years = (today.year - 1, today.year, today.year + 1)
        stored = {(period.kind, period.year): period for period in cls.objects.filter(year__in=years)}
        candidates = []
        for year in years:
            for kind in cls.PERIODIC:
                period = stored.get((kind, year)) or cls(kind=kind, year=year)
                period.fill_default_dates()
                candidates.append(period)

        def days_away(period):
            if period.contains(today):
                return 0
            return (today - period.end).days if period.end < today else (period.start - today).days

        return min(candidates, key=lambda period: (days_away(period), period.kind != cls.Kind.HALF_YEAR, period.end))


class ReportNarrative(models.Model):
    """What the Justice Office writes around the figures before exporting the report (Decree 30 layout)."""

    period = models.ForeignKey(
        ReportPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, related_name="narratives"
    )
    unit = models.ForeignKey(
        "policies.Unit",
        verbose_name=_("đơn vị báo cáo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_narratives",
        help_text=_("Số liệu của đơn vị này và mọi đơn vị trực thuộc. Để trống: toàn bộ các đơn vị."),
    )
    # Blank issuer, place and signer are filled when the document is made: from the unit
    # reported on, else from the organisation's identity settings (policies.OrganisationIdentity).
    parent_body = models.CharField(
        _("cơ quan chủ quản"), max_length=200, blank=True, help_text=_("Để trống: cấp trên của đơn vị báo cáo.")
    )
    issuing_body = models.CharField(
        _("cơ quan ban hành"),
        max_length=200,
        blank=True,
        help_text=_("Để trống: đơn vị báo cáo, hoặc cơ quan trong Thông tin cơ quan nếu báo cáo toàn bộ các đơn vị."),
    )
    number_symbol = models.CharField(
        _("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 15/BC-PTP (không cần ghi “Số:”).")
    )
    place = models.CharField(
        _("địa danh"), max_length=80, blank=True, help_text=_("Để trống: lấy địa danh trong Thông tin cơ quan.")
    )
    issued_on = models.DateField(_("ngày báo cáo"), null=True, blank=True)
    results = models.TextField(_("kết quả đạt được"), blank=True, help_text=_("Mỗi đoạn một dòng."))
    difficulties = models.TextField(
        _("khó khăn, vướng mắc"), blank=True, help_text=_("Sơ kết, tổng kết Đề án: hạn chế và nguyên nhân.")
    )
    lessons = models.TextField(_("bài học kinh nghiệm"), blank=True, help_text=_("Dùng cho sơ kết, tổng kết Đề án."))
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    recipients = models.TextField(
        _("nơi nhận"), blank=True, default="- Sở Tư pháp;\n- Lưu: VT.", help_text=_("Mỗi dòng một nơi.")
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)

    base_form_class = ReportNarrativeForm
    panels = [
        FieldRowPanel([FieldPanel("period"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("parent_body"), FieldPanel("issuing_body")]),
        FieldRowPanel([FieldPanel("number_symbol"), FieldPanel("place"), FieldPanel("issued_on")]),
        FieldPanel("results"),
        FieldPanel("difficulties"),
        FieldPanel("lessons"),
        FieldPanel("proposals"),
        FieldPanel("recipients"),
        FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")]),
    ]

    class Meta:
        verbose_name = _("nội dung báo cáo")
        verbose_name_plural = _("nội dung báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="unique_report_narrative"),
            models.UniqueConstraint(
                fields=["period"], condition=models.Q(unit__isnull=True), name="unique_whole_tree_narrative"
            ),
        ]

    def __str__(self):
        return f"{self.period} – {self.unit or _('Toàn bộ đơn vị')}"


class CommunicationPlan(ClusterableModel):
    """The drafting agency's plan to communicate one draft, with its cost estimate (plan III.3, V.1.2)."""

    draft = models.OneToOneField(
        "policies.DraftPage",
        verbose_name=_("dự thảo"),
        on_delete=models.CASCADE,
        related_name="communication_plan",
    )
    lead_unit = models.ForeignKey(
        "policies.Unit", verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_units = ParentalManyToManyField(
        "policies.Unit", verbose_name=_("đơn vị phối hợp"), blank=True, related_name="+"
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    base_form_class = CommunicationPlanForm
    panels = [
        FieldPanel("draft"),
        FieldPanel("lead_unit"),
        FieldPanel("coordinating_units"),
        InlinePanel("items", heading=_("Hoạt động dự kiến"), label=_("hoạt động")),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("kế hoạch truyền thông dự thảo")
        verbose_name_plural = _("kế hoạch truyền thông dự thảo")

    def __str__(self):
        return str(_("Kế hoạch truyền thông: %(draft)s") % {"draft": self.draft.title})


class CommunicationPlanItem(Orderable):
    plan = ParentalKey(CommunicationPlan, on_delete=models.CASCADE, related_name="items")
    stage = models.CharField(_("giai đoạn"), max_length=10, choices=LifecycleStage.choices)
    form = models.ForeignKey(
        "outreach.CommunicationForm", verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="+"
    )
    activity = models.CharField(_("hoạt động"), max_length=255, blank=True)
    audiences = models.CharField(_("đối tượng"), max_length=255, blank=True)
    communes = ParentalManyToManyField("policies.Unit", verbose_name=_("địa bàn"), blank=True, related_name="+")
    sessions = models.PositiveIntegerField(_("số buổi/lượt dự kiến"), default=1)
    budget = models.PositiveBigIntegerField(_("dự toán (đồng)"), default=0)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=150, blank=True, default="Ngân sách nhà nước")

    panels = [
        FieldRowPanel([FieldPanel("stage"), FieldPanel("form")]),
        FieldRowPanel([FieldPanel("activity"), FieldPanel("audiences")]),
        FieldPanel("communes"),
        FieldRowPanel([FieldPanel("sessions"), FieldPanel("budget"), FieldPanel("funding_source")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("hoạt động dự kiến")
        verbose_name_plural = _("hoạt động dự kiến")


class AnnualPlan(ClusterableModel):
    """A unit's yearly communication plan and its funds (plan V.1.6)."""

    unit = models.ForeignKey(
        "policies.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="annual_plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    trainings = models.PositiveIntegerField(_("số lớp tập huấn dự kiến"), default=0)
    training_budget = models.PositiveBigIntegerField(_("kinh phí tập huấn (đồng)"), default=0)
    notes = models.TextField(_("ghi chú"), blank=True)

    base_form_class = AnnualPlanForm
    panels = [
        FieldRowPanel([FieldPanel("unit"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("trainings"), FieldPanel("training_budget")]),
        InlinePanel("items", heading=_("Hoạt động theo quý"), label=_("hoạt động")),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("kế hoạch năm của đơn vị")
        verbose_name_plural = _("kế hoạch năm của đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unique_annual_plan")]

    def __str__(self):
        return f"{self.unit} – {self.year}"


class AnnualPlanItem(Orderable):
    class Quarter(models.IntegerChoices):
        Q1 = 1, _("Quý I")
        Q2 = 2, _("Quý II")
        Q3 = 3, _("Quý III")
        Q4 = 4, _("Quý IV")

    plan = ParentalKey(AnnualPlan, on_delete=models.CASCADE, related_name="items")
    form = models.ForeignKey(
        "outreach.CommunicationForm", verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="+"
    )
    quarter = models.PositiveSmallIntegerField(_("quý"), choices=Quarter.choices)
    activity = models.CharField(_("hoạt động"), max_length=255, blank=True)
    sessions = models.PositiveIntegerField(_("số buổi/lượt dự kiến"), default=1)
    budget = models.PositiveBigIntegerField(_("kinh phí (đồng)"), default=0)
    funding_source = models.CharField(_("nguồn kinh phí"), max_length=150, blank=True, default="Ngân sách xã")

    panels = [
        FieldRowPanel([FieldPanel("quarter"), FieldPanel("form")]),
        FieldPanel("activity"),
        FieldRowPanel([FieldPanel("sessions"), FieldPanel("budget"), FieldPanel("funding_source")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("hoạt động dự kiến")
        verbose_name_plural = _("hoạt động dự kiến")
