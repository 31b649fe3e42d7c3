"""Followers as people: one confirmed e-mail address, however many drafts it follows.

How often an address hears from the portal is the address's choice, not one per draft, so that
it never gets more than one message per run (`policies.following`).
"""

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalise_email(email):
    return (email or "").strip().lower()


class Follower(models.Model):
    """One e-mail address that follows drafts: how often it wants news and when it last got a digest."""

    class Frequency(models.TextChoices):
        EACH = "each", _("Mỗi khi có tin")
        WEEKLY = "weekly", _("Tóm tắt hằng tuần")

    email = models.EmailField(_("thư điện tử"), unique=True)
    frequency = models.CharField(_("cách nhận tin"), max_length=10, choices=Frequency.choices, default=Frequency.EACH)
    last_digest_at = models.DateTimeField(_("lần gửi tóm tắt gần nhất"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("người nhận tin")
        verbose_name_plural = _("người nhận tin")

    def __str__(self):
        return self.email

    @classmethod
    def for_email(cls, email):
        """The follower row of `email`, created on first use (two runs creating it at once is fine)."""
        email = normalise_email(email)
        follower = cls.objects.filter(email=email).first()
        if follower is not None:
            return follower
        # Insert without reading first in the same transaction: on SQLite a read-then-write transaction
        # can fail against another run's instead of waiting for it.
        try:
            with transaction.atomic():
                return cls.objects.create(email=email)
        except IntegrityError:
            return cls.objects.get(email=email)


class FollowerMessage(models.Model):
    """One e-mail to one follower in one run; the notices it tells point to it."""

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="messages")
    digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("thư gửi người theo dõi")
        verbose_name_plural = _("thư gửi người theo dõi")

    def __str__(self):
        return f"{self.follower} – {self.created_at:%d/%m/%Y %H:%M}"
