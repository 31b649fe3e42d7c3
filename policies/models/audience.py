"""Versions of a draft for an audience: a language the draft is retold in, written by staff.

The languages are data the Justice Office edits (`setup_portal` creates the defaults); a version is an inline of
the draft page, so it follows the page's revisions, workflow and permissions, and goes public only on publish.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from policies.audio import chosen_recording_error

# A BCP 47 tag as HTML's `lang` takes it: a language subtag, then optional script/region/variant subtags.
BCP47 = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    _("Nhập mã ngôn ngữ theo BCP 47, chữ thường không dấu, ví dụ: vi, jra, bdq."),
)
# What the printed notice holds besides the fixed parts, so it stays on one A4 sheet with the QR code.
NOTICE_MAX_LENGTH = 500


class AudienceLanguage(models.Model):
    """A language (or reading level) a draft may be retold in: Vietnamese easy-read, Jrai, Bahnar…"""

    code = models.CharField(
        _("mã ngôn ngữ (BCP 47)"),
        max_length=35,
        unique=True,
        validators=[BCP47],
        help_text=_("Mã dùng cho trình đọc màn hình (thuộc tính lang), ví dụ: vi, jra (Jrai), bdq (Ba Na)."),
    )
    name = models.CharField(_("tên ngôn ngữ"), max_length=100, unique=True)
    slug = models.SlugField(
        _("đoạn địa chỉ"),
        max_length=30,
        unique=True,
        help_text=_("Chữ không dấu trong địa chỉ của bản, ví dụ: jra cho …/ban/jra/."),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [FieldPanel("name"), FieldRowPanel([FieldPanel("code"), FieldPanel("slug")]), FieldPanel("sort_order")]

    class Meta:
        verbose_name = _("ngôn ngữ của bản cho đối tượng")
        verbose_name_plural = _("ngôn ngữ của bản cho đối tượng")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class AudienceVersion(Orderable):
    """The draft retold for one language's readers and listeners; one per language per draft (DraftPageForm)."""

    page = ParentalKey("policies.DraftPage", on_delete=models.CASCADE, related_name="audience_versions")
    language = models.ForeignKey(
        AudienceLanguage, verbose_name=_("ngôn ngữ"), on_delete=models.PROTECT, related_name="versions"
    )
    summary = models.TextField(
        _("tóm tắt ngắn"), max_length=600, help_text=_("Vài câu dễ hiểu, viết bằng ngôn ngữ của bản này.")
    )
    changes = models.TextField(
        _("những gì thay đổi với bà con"), blank=True, help_text=_("Mỗi dòng một điểm, viết ngắn gọn.")
    )
    loudspeaker_script = models.TextField(
        _("bài đọc trên loa"), blank=True, help_text=_("Toàn bộ bài đọc, khoảng hai phút đọc chậm, rõ.")
    )
    loudspeaker_audio = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("bản ghi âm bài đọc trên loa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Tệp MP3, OGG hoặc M4A, tối đa 30 MB: bài đọc của bản này do người nói ngôn ngữ này đọc."),
    )
    notice_text = models.TextField(
        _("nội dung thông báo niêm yết"),
        max_length=NOTICE_MAX_LENGTH,
        blank=True,
        help_text=_("In trên tờ thông báo A4 cùng mã QR; để trống thì in phần tóm tắt. Tối đa 500 ký tự."),
    )

    panels = [
        # A short list: a plain select, not the snippet chooser's modal.
        FieldPanel("language", widget=forms.Select),
        FieldPanel("summary"),
        FieldPanel("changes"),
        FieldPanel("loudspeaker_script"),
        FieldPanel("loudspeaker_audio"),
        FieldPanel("notice_text"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("bản cho đối tượng")
        verbose_name_plural = _("bản cho từng đối tượng")

    def __str__(self):
        return str(self.language)

    def clean(self):
        error = chosen_recording_error(self)
        if error:
            raise ValidationError({"loudspeaker_audio": error})

    def change_points(self):
        return [line.strip() for line in self.changes.splitlines() if line.strip()]

    @property
    def notice_body(self):
        return self.notice_text.strip() or self.summary
