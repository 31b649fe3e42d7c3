"""Public comments on a draft, how staff handled them, the synthesis, and e-mail followers."""

import hashlib
import os
import secrets
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

from policies.naming import fold

# Sent after a comment becomes visible or invisible on the public draft page,
# so a page cache can drop that draft's pages (sender=Comment, draft=DraftPage).
comment_visibility_changed = Signal()

RECEIPT_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B)


class PrivateStorage(FileSystemStorage):
    """Files only staff may read: under PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT, no URL."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL.")


_private_storage = PrivateStorage()


def private_storage():
    return _private_storage


def attachment_path(instance, filename):
    # A random name: the visitor's file name is kept only as data, never as a path.
    extension = os.path.splitext(filename)[1].lower()
    now = timezone.now()
    return f"gop-y/{now:%Y/%m}/{uuid.uuid4().hex}{extension}"


def text_fingerprint(text):
    """Same key for texts that differ only in case, spacing, diacritics or punctuation."""
    return hashlib.sha256(fold(text).encode()).hexdigest()[:32]


def new_receipt(year=None):
    year = year or timezone.localdate().year
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(7))
    return f"GY-{year}-{code}"


class CommentQuerySet(models.QuerySet):
    def moderate(self, action, user, reason=""):
        """Moderate every comment here (see `Comment.moderate`); each draft's pages are dropped once."""
        comments = list(self.select_related("draft"))
        for comment in comments:
            comment.moderate(action, user, reason, notify=False)
        for draft in {comment.draft for comment in comments}:
            comment_visibility_changed.send(sender=Comment, draft=draft)
        return len(comments)

    def counted(self):
        """Comments that count in totals and the synthesis: everything but spam."""
        return self.exclude(state=Comment.State.SPAM)

    def public(self):
        return self.filter(state=Comment.State.APPROVED).exclude(publish_as=Comment.PublishAs.PRIVATE)


class Comment(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        HIDDEN = "hidden", _("Đã ẩn")
        SPAM = "spam", _("Rác (spam)")

    class Source(models.TextChoices):
        ONLINE = "online", _("Qua cổng thông tin")
        MEETING = "meeting", _("Hội nghị, đối thoại")
        PAPER = "paper", _("Phiếu góp ý giấy")
        LETTER = "letter", _("Thư, công văn")
        HOTLINE = "hotline", _("Đường dây nóng")
        LOUDSPEAKER = "loudspeaker", _("Gọi điện khi phát loa truyền thanh")

    class PublishAs(models.TextChoices):
        NAME = "name", _("Công khai kèm họ tên")
        ANONYMOUS = "anonymous", _("Công khai nhưng ẩn danh")
        PRIVATE = "private", _("Không công khai")

    class Handling(models.TextChoices):
        NONE = "", _("Chưa xử lý")
        TAKEN_IN = "taken_in", _("Tiếp thu")
        EXPLAINED = "explained", _("Giải trình")
        NOT_TAKEN = "not_taken", _("Không tiếp thu")

    draft = models.ForeignKey(
        "policies.DraftPage", verbose_name=_("dự thảo"), on_delete=models.CASCADE, related_name="comments"
    )
    receipt = models.CharField(_("số tiếp nhận"), max_length=20, unique=True, editable=False)
    # The hidden token of the form that sent it: the same form sent twice gives one comment.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    body = models.TextField(_("nội dung góp ý"), max_length=5000)
    text_fingerprint = models.CharField(max_length=32, db_index=True, editable=False)
    name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    organisation = models.CharField(_("cơ quan, tổ chức hoặc xã"), max_length=200, blank=True)
    contact = models.CharField(
        _("điện thoại hoặc thư điện tử"),
        max_length=200,
        blank=True,
        help_text=_("Không bao giờ công khai; chỉ dùng để liên hệ lại."),
    )
    section = models.CharField(_("chương, điều góp ý"), max_length=80, blank=True)
    publish_as = models.CharField(
        _("cách công khai"), max_length=10, choices=PublishAs.choices, default=PublishAs.ANONYMOUS
    )
    source = models.CharField(_("nguồn"), max_length=12, choices=Source.choices, default=Source.ONLINE)
    received_on = models.DateField(_("ngày nhận"), default=timezone.localdate)
    created_at = models.DateTimeField(_("thời điểm ghi nhận"), default=timezone.now, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    hidden_reason = models.TextField(_("lý do ẩn"), blank=True)
    moderated_at = models.DateTimeField(_("thời điểm kiểm duyệt"), null=True, blank=True, editable=False)
    handling = models.CharField(_("xử lý"), max_length=10, choices=Handling.choices, blank=True, default="")
    response = models.TextField(
        _("nội dung tiếp thu, giải trình"),
        blank=True,
        help_text=_("Được công khai dưới góp ý (nếu góp ý được công khai) và trong bản tổng hợp."),
    )
    handled_at = models.DateTimeField(_("thời điểm xử lý"), null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    # A public comment is written on the busiest path there is; Wagtail's reference index would add three queries
    # to each one to record that a comment points at its draft, which no screen asks.
    wagtail_reference_index_ignore = True

    # action → (new state, audit-log action); "hide" needs a reason
    MODERATION = {
        "approve": (State.APPROVED, "policies.comment.approve"),
        "hide": (State.HIDDEN, "policies.comment.hide"),
        "spam": (State.SPAM, "policies.comment.spam"),
        "restore": (State.PENDING, "policies.comment.restore"),
    }

    class Meta:
        verbose_name = _("góp ý")
        verbose_name_plural = _("góp ý")
        ordering = ["-created_at"]
        permissions = [("moderate_comment", "Kiểm duyệt góp ý (duyệt, ẩn, đánh dấu rác)")]
        indexes = [
            models.Index(fields=["draft", "state", "created_at"]),
            # The moderation list's order, and its count of identical texts per draft, at a province's volume.
            models.Index(fields=["-created_at"], name="comment_listing_order"),
            models.Index(fields=["draft", "text_fingerprint"], name="comment_same_text"),
        ]

    def __str__(self):
        return f"{self.receipt} – {self.draft.code}"

    def save(self, *args, **kwargs):
        self.text_fingerprint = text_fingerprint(self.body)
        if not self.receipt:
            self.receipt = new_receipt()
            while Comment.objects.filter(receipt=self.receipt).exists():
                self.receipt = new_receipt()
        super().save(*args, **kwargs)

    @property
    def is_offline(self):
        return self.source != self.Source.ONLINE

    @property
    def email(self):
        return self.contact if "@" in self.contact else ""

    # Spreadsheet export columns: no contact data, every text cell formula-safe.
    def _export(self, value):
        from cms.documents import safe_cell

        return safe_cell(str(value or ""))

    @property
    def export_draft(self):
        return self._export(self.draft.coded_title)

    @property
    def export_state(self):
        return self._export(self.get_state_display())

    @property
    def export_source(self):
        return self._export(self.get_source_display())

    @property
    def section_title(self):
        """The commented section as the draft names it ("Điều 3. Mức hỗ trợ"), or its anchor if the draft
        no longer has it. Reads the draft's own text, so no query when the draft was loaded with the comment."""
        if not self.section:
            return ""
        return dict(self.draft.section_choices()).get(self.section, self.section)

    @property
    def export_section(self):
        return self._export(self.section_title)

    @property
    def export_body(self):
        return self._export(self.body)

    @property
    def export_author(self):
        return self._export(self.public_author())

    @property
    def export_handling(self):
        return self._export(self.get_handling_display())

    @property
    def export_response(self):
        return self._export(self.response)

    def moderate(self, action, user, reason="", notify=True):
        """Move the comment to the action's state and record who did it and why in the audit log.

        `action` is a key of MODERATION; hiding needs a reason. Callers check the user's scope."""
        state, log_action = self.MODERATION[action]
        if action == "hide" and not reason:
            raise ValueError("Hiding a comment needs a reason.")
        self.state = state
        self.hidden_reason = reason if action == "hide" else ""
        self.moderated_at = timezone.now()
        self.save(update_fields=["state", "hidden_reason", "moderated_at"])
        log(instance=self, action=log_action, user=user, data={"reason": reason} if reason else {})
        if notify:
            comment_visibility_changed.send(sender=Comment, draft=self.draft)

    def erase_personal_data(self, user):
        """Law 91/2025: on withdrawal of consent, erase what identifies the person; the words stay."""
        for attachment in self.attachments.all():
            attachment.file.delete(save=False)
            attachment.delete()
        self.name = self.organisation = self.contact = ""
        if self.publish_as == self.PublishAs.NAME:
            self.publish_as = self.PublishAs.ANONYMOUS
        self.save()
        consent = getattr(self, "consent", None)
        if consent is not None and consent.withdrawn_at is None:
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
        log(instance=self, action="policies.comment.withdraw_consent", user=user)
        comment_visibility_changed.send(sender=Comment, draft=self.draft)

    def public_author(self, anonymous_number=None):
        """The name shown publicly. Never the contact."""
        if self.publish_as == self.PublishAs.NAME and self.name:
            if self.organisation and fold(self.organisation) != fold(self.name):
                return f"{self.name} ({self.organisation})"
            return self.name
        if anonymous_number:
            return _("Người góp ý %(number)s") % {"number": anonymous_number}
        return _("Người góp ý")


class ConsentRecord(models.Model):
    """The consent Law 91/2025 requires, kept with its time and the exact notice shown."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="consent")
    given_at = models.DateTimeField(_("thời điểm đồng ý"), default=timezone.now)
    notice_version = models.CharField(_("phiên bản thông báo"), max_length=20)
    notice_text = models.TextField(_("nội dung thông báo đã hiển thị"))
    withdrawn_at = models.DateTimeField(_("thời điểm rút lại"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản ghi đồng ý xử lý dữ liệu cá nhân")
        verbose_name_plural = _("bản ghi đồng ý xử lý dữ liệu cá nhân")

    def __str__(self):
        return f"{self.comment.receipt} – {self.notice_version}"


class CommentAttachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("tên tệp gốc"), max_length=200)
    kind = models.CharField(_("loại tệp"), max_length=4, choices=Kind.choices)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))

    class Meta:
        verbose_name = _("tệp đính kèm góp ý")
        verbose_name_plural = _("tệp đính kèm góp ý")

    def __str__(self):
        return self.original_name


class Synthesis(models.Model):
    """The drafting agency's synthesis of comments: published only when staff say so."""

    draft = models.OneToOneField(
        "policies.DraftPage", verbose_name=_("dự thảo"), on_delete=models.CASCADE, related_name="synthesis"
    )
    number_symbol = models.CharField(
        _("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 12/BC-PGDĐT (không cần ghi “Số:”).")
    )
    place = models.CharField(
        _("địa danh"), max_length=80, blank=True, help_text=_("Để trống: lấy địa danh trong Thông tin cơ quan.")
    )
    issued_on = models.DateField(_("ngày ban hành"), default=timezone.localdate)
    bodies_consulted = models.PositiveIntegerField(_("số cơ quan, tổ chức được lấy ý kiến"), default=0)
    people_consulted = models.PositiveIntegerField(_("số cá nhân được lấy ý kiến"), default=0)
    introduction = models.TextField(_("phần mở đầu"), blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    recipients = models.TextField(
        _("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận, ví dụ: “- UBND xã;”.")
    )
    published = models.BooleanField(_("công bố công khai"), default=False)
    published_at = models.DateTimeField(_("thời điểm công bố"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bản tổng hợp ý kiến")
        verbose_name_plural = _("bản tổng hợp ý kiến")

    def __str__(self):
        return str(_("Tổng hợp ý kiến: %(title)s") % {"title": self.draft.title})

    def save(self, *args, **kwargs):
        if self.published and not self.published_at:
            self.published_at = timezone.now()
        if not self.published:
            self.published_at = None
        super().save(*args, **kwargs)


class Subscription(models.Model):
    """A visitor following one draft by e-mail (double opt-in)."""

    draft = models.ForeignKey(
        "policies.DraftPage", verbose_name=_("dự thảo"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(_("thư điện tử"))
    created_at = models.DateTimeField(default=timezone.now)
    consent_notice_version = models.CharField(max_length=20)
    confirmed_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("thời điểm hủy"), null=True, blank=True)

    class Meta:
        verbose_name = _("người theo dõi dự thảo")
        verbose_name_plural = _("người theo dõi dự thảo")
        constraints = [models.UniqueConstraint(fields=["draft", "email"], name="one_subscription_per_email")]

    def __str__(self):
        return f"{self.email} – {self.draft.code}"

    @property
    def active(self):
        return bool(self.confirmed_at and not self.unsubscribed_at)


class NotificationSent(models.Model):
    """One notice owed to one subscription: recorded once when it happens, `sent_at` once a message told it.

    `occasion` tells apart notices of the same kind for one subscription: the closing date for the
    three-day reminder and the closing notice, so a deadline extended and reached again is told again.
    """

    class Kind(models.TextChoices):
        OPENED = "opened", _("Bắt đầu lấy ý kiến")
        CLOSING = "closing", _("Còn ba ngày hết hạn")
        CLOSED = "closed", _("Đã hết hạn lấy ý kiến")
        SYNTHESIS = "synthesis", _("Đã công bố bản tổng hợp")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    occasion = models.CharField(max_length=32, blank=True, default="")
    recorded_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    message = models.ForeignKey(
        "policies.FollowerMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "kind", "occasion"], name="one_notification_per_occasion")
        ]

    def __str__(self):
        return f"{self.subscription} – {self.kind}"
