"""A consultation window's status, derived from its two dates and the clock: never stored.

The rule is written twice, side by side, from the same boundaries: in Python (`window_status`, for a page
or a row in hand) and in SQL (`ConsultationQuerySetMixin`, to filter, count and order in the database).
tests/policies/test_consultation_status.py checks they agree at every boundary.

- no window (either date missing): NONE
- now < opens: UPCOMING
- opens <= now <= closes: OPEN (both ends inclusive)
- closes < now: CLOSED
"""

import datetime

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.numbers import vn_number


class ConsultationStatus(models.TextChoices):
    NONE = "none", _("Chưa có thời hạn lấy ý kiến")
    UPCOMING = "upcoming", _("Sắp lấy ý kiến")
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã hết hạn lấy ý kiến")


def window_status(opens, closes, now=None):
    """A consultation window's status at `now`: the one rule, also for rows read with values()."""
    if not (opens and closes):
        return ConsultationStatus.NONE
    now = now or timezone.now()
    if now < opens:
        return ConsultationStatus.UPCOMING
    if now <= closes:
        return ConsultationStatus.OPEN
    return ConsultationStatus.CLOSED


def status_q(status, now, prefix=""):
    """The SQL condition for `status` at `now`; `prefix` reaches the dates across a relation ("draft__")."""
    opens, closes = f"{prefix}consultation_opens", f"{prefix}consultation_closes"
    window = Q(**{f"{opens}__isnull": False, f"{closes}__isnull": False})
    if status == ConsultationStatus.NONE:
        return ~window
    if status == ConsultationStatus.UPCOMING:
        return window & Q(**{f"{opens}__gt": now})
    if status == ConsultationStatus.OPEN:
        return window & Q(**{f"{opens}__lte": now, f"{closes}__gte": now})
    if status == ConsultationStatus.CLOSED:
        return window & Q(**{f"{closes}__lt": now})
    raise ValueError(f"Unknown consultation status: {status!r}")


def status_expression(now, prefix=""):
    """The status at `now` as an SQL expression (a ConsultationStatus value)."""
    return Case(
        *(
            When(status_q(status, now, prefix), then=Value(status.value))
            for status in (ConsultationStatus.UPCOMING, ConsultationStatus.OPEN, ConsultationStatus.CLOSED)
        ),
        default=Value(ConsultationStatus.NONE.value),
        output_field=models.CharField(),
    )


class ConsultationQuerySetMixin:
    """The status rule for a queryset of drafts (DraftPage.objects)."""

    def with_status(self, now=None):
        """Annotate each draft with `status_now`, its window's status at `now` (a ConsultationStatus value)."""
        return self.annotate(status_now=status_expression(now or timezone.now()))

    def with_status_of(self, status, now=None):
        """The drafts whose window has `status` at `now`."""
        return self.filter(status_q(status, now or timezone.now()))

    def open_for_comments(self, now=None):
        """The drafts whose window is open at `now` (live or not: chain .live() for the public)."""
        return self.with_status_of(ConsultationStatus.OPEN, now)


def short_window_warning(draft):
    """A Vietnamese warning when the window is shorter than the document type's minimum, else None.

    A warning, not an error: the law allows shorter windows in some cases
    (urgent procedure), so the editor decides.
    """
    if not (draft.document_type_id and draft.consultation_opens and draft.consultation_closes):
        return None
    minimum = draft.document_type.min_consultation_days
    length = draft.consultation_closes - draft.consultation_opens
    if length >= datetime.timedelta(days=minimum):
        return None
    days = length / datetime.timedelta(days=1)
    return _(
        "Thời hạn lấy ý kiến chỉ %(days)s ngày, ngắn hơn mức tối thiểu %(minimum)s ngày của loại văn bản "
        "“%(type)s”. Kiểm tra lại nếu không thuộc trường hợp rút gọn theo quy định."
    ) % {"days": vn_number(days, 1), "minimum": minimum, "type": draft.document_type.name}
