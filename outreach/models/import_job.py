"""A large import running in the background worker: its file, where it stands, and what came of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One large sheet on its way from upload through preview and confirm to a batch.

    The worker reads `content` for the preview and keeps the previewed rows in `pending` until
    the clerk confirms; both are emptied once they are no longer needed.
    """

    class State(models.TextChoices):
        PREVIEWING = "previewing", _("đang kiểm tra")
        PREVIEWED = "previewed", _("chờ xác nhận")
        IMPORTING = "importing", _("đang nhập")
        DONE = "done", _("đã nhập xong")
        FAILED = "failed", _("không nhập được")

    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.CASCADE, related_name="+"
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung tệp"), blank=True, default=b"")
    state = models.CharField(_("trạng thái"), max_length=16, choices=State, default=State.PREVIEWING)
    progress = models.PositiveIntegerField(_("số dòng đã kiểm tra"), default=0)
    total = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    preview = models.JSONField(_("kết quả xem trước"), null=True, blank=True)
    pending = models.JSONField(_("các dòng chờ nhập"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    batch = models.ForeignKey(
        "outreach.ImportBatch",
        verbose_name=_("lần nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("việc nhập bảng tính")
        verbose_name_plural = _("việc nhập bảng tính")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def has_content(self):
        return bool(self.content)

    @property
    def running(self):
        return self.state in (self.State.PREVIEWING, self.State.IMPORTING)
