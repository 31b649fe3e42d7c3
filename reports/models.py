"""Report periods: the 6-month and annual windows the PBGDPL council reports on."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel

PERIOD_CODE = re.compile(r"^\s*(\d{4})(?:\s*-\s*(H1|6T))?\s*$", re.IGNORECASE)


class ReportPeriod(models.Model):
    """Statistical cut-off dates are configurable: the defaults are the common ones
    (15 Dec of the previous year to 14 Jun, and to 14 Dec), not a legal constant."""

    class Kind(models.TextChoices):
        HALF_YEAR = "half_year", _("6 tháng")
        ANNUAL = "annual", _("Năm")

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

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.fill_default_dates()
        super().save(*args, **kwargs)

    def clean(self):
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("Năm phải trong khoảng 2000–2100.")})
        self.fill_default_dates()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})

    def fill_default_dates(self):
        if self.year is None:
            return
        default_start, default_end = default_dates(self.kind, self.year)
        self.start = self.start or default_start
        self.end = self.end or default_end

    @property
    def code(self):
        return f"{self.year}-H1" if self.kind == self.Kind.HALF_YEAR else str(self.year)

    @property
    def title(self):
        if self.kind == self.Kind.HALF_YEAR:
            return f"6 tháng đầu năm {self.year}"
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


def default_dates(kind, year):
    start = datetime.date(year - 1, 12, 15)
    end = datetime.date(year, 6, 14) if kind == ReportPeriod.Kind.HALF_YEAR else datetime.date(year, 12, 14)
    return start, end
