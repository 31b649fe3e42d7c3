"""Legal reporters and propagandists recognised by a decision."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index


class RosterMemberQuerySet(models.QuerySet):
    def with_trained(self):
        from .training import TrainingAttendance, TrainingSession

        held = TrainingAttendance.objects.filter(
            member=models.OuterRef("pk"), session__state=TrainingSession.State.HELD
        )
        return self.annotate(trained_flag=models.Exists(held))


class RosterMember(index.Indexed, models.Model):
    class Role(models.TextChoices):
        REPORTER = "reporter", _("Báo cáo viên pháp luật cấp huyện")
        PROPAGANDIST = "propagandist", _("Tuyên truyền viên pháp luật cấp xã")
        OTHER = "other", _("Khác")

    full_name = models.CharField(_("họ và tên"), max_length=150)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.PROPAGANDIST)
    unit = models.ForeignKey(
        "policies.Unit", verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, related_name="roster_members"
    )
    commune = models.ForeignKey(
        "policies.Unit",
        verbose_name=_("xã, phường phụ trách"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    term = models.CharField(_("nhiệm kỳ"), max_length=60, blank=True, help_text=_("Ví dụ: 2025 - 2030."))
    fields_of_expertise = models.TextField(_("lĩnh vực am hiểu"), blank=True)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    objects = RosterMemberQuerySet.as_manager()

    search_fields = [
        index.SearchField("full_name"),
        index.AutocompleteField("full_name"),
        index.FilterField("unit"),
        # The scope filters on unit OR commune; the search backend refuses a filter it does not index.
        index.FilterField("commune"),
        index.FilterField("role"),
        index.FilterField("active"),
    ]
    panels = [
        FieldRowPanel([FieldPanel("full_name"), FieldPanel("role")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("commune")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]), FieldPanel("term")],
            heading=_("Quyết định công nhận"),
        ),
        FieldPanel("fields_of_expertise"),
        FieldPanel("active"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("phone"), FieldPanel("email")])],
            heading=_("Liên hệ (chỉ cán bộ xem được)"),
        ),
    ]

    class Meta:
        verbose_name = _("báo cáo viên, tuyên truyền viên")
        verbose_name_plural = _("báo cáo viên, tuyên truyền viên")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    @property
    def trained(self):
        """Attended at least one session that was held (derived, never stored)."""
        flag = getattr(self, "trained_flag", None)
        if flag is not None:
            return flag
        from .training import TrainingSession

        return self.attendances.filter(session__state=TrainingSession.State.HELD).exists()
