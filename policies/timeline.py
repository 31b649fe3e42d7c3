"""The public timeline of a draft: proposal → draft consultation → submission → adopted (or withdrawn)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

DONE, CURRENT, UPCOMING, SKIPPED, UNDATED = "done", "current", "upcoming", "skipped", "undated"
STATE_LABELS = {
    DONE: _("Đã xong"),
    CURRENT: _("Đang diễn ra"),
    UPCOMING: _("Chưa đến"),
    SKIPPED: _("Không thực hiện"),
    UNDATED: _("Chưa cập nhật ngày"),
}


@dataclass
class Step:
    key: str
    label: str
    state: str
    dates: list = field(default_factory=list)  # (label, date or datetime) pairs
    note: str = ""

    def __post_init__(self):
        # "Đã xong" is a claim the public reads as fact: without a date to back it, say the date is missing.
        if self.state == DONE and not self.dates:
            self.state = UNDATED
        self.dates = [(label, formatted(value)) for label, value in self.dates]

    @property
    def state_label(self):
        return STATE_LABELS[self.state]


def formatted(value):
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "H:i, d/m/Y")
    return date_format(value, "d/m/Y")


def build_timeline(draft, now):
    from policies.models import ConsultationStatus, DraftPage

    stage = DraftPage.Stage
    order = [stage.PROPOSAL, stage.DRAFT, stage.SUBMITTED, stage.ADOPTED]
    withdrawn = draft.stage == stage.WITHDRAWN
    # How far the draft has come: a withdrawn draft stopped after the last step with a date.
    if withdrawn:
        reached = 0
        if draft.consultation_opens:
            reached = 1
        if draft.submitted_on:
            reached = 2
    else:
        reached = order.index(draft.stage)
    status = draft.consultation_status(now)

    def state_of(position):
        if position < reached:
            return DONE
        if position == reached:
            if withdrawn:
                return DONE
            return DONE if draft.stage == stage.ADOPTED else CURRENT
        return SKIPPED if withdrawn else UPCOMING

    steps = []
    proposal_dates = [(_("Từ ngày"), draft.proposal_opens), (_("Đến ngày"), draft.proposal_closes)]
    steps.append(Step("proposal", stage.PROPOSAL.label, state_of(0), [pair for pair in proposal_dates if pair[1]]))

    consultation_dates = []
    if draft.consultation_opens:
        consultation_dates.append((_("Bắt đầu"), timezone.localtime(draft.consultation_opens)))
    if draft.is_extended:
        consultation_dates.append((_("Hạn ban đầu"), timezone.localtime(draft.original_closes)))
        consultation_dates.append((_("Gia hạn đến"), timezone.localtime(draft.consultation_closes)))
    elif draft.consultation_closes:
        consultation_dates.append((_("Hạn góp ý"), timezone.localtime(draft.consultation_closes)))
    consultation_state = state_of(1)
    # The clock speaks for the window: a closed window is done, an open one is current.
    if status == ConsultationStatus.OPEN and not withdrawn:
        consultation_state = CURRENT
    elif status == ConsultationStatus.CLOSED and consultation_state == CURRENT:
        consultation_state = DONE
    steps.append(
        Step(
            "draft",
            stage.DRAFT.label,
            consultation_state,
            consultation_dates,
            note=draft.extension_reason if draft.is_extended else "",
        )
    )
    submitted_dates = [(_("Ngày trình"), draft.submitted_on)] if draft.submitted_on else []
    steps.append(Step("submitted", stage.SUBMITTED.label, state_of(2), submitted_dates))
    if withdrawn:
        withdrawn_dates = [(_("Ngày dừng"), draft.withdrawn_on)] if draft.withdrawn_on else []
        steps.append(Step("withdrawn", stage.WITHDRAWN.label, DONE, withdrawn_dates, note=draft.withdrawal_reason))
    else:
        adopted_dates = [(_("Ngày ban hành"), draft.adopted_on)] if draft.adopted_on else []
        note = draft.adopted_reference and _("Văn bản số %(ref)s") % {"ref": draft.adopted_reference}
        steps.append(Step("adopted", stage.ADOPTED.label, state_of(3), adopted_dates, note=note or ""))
    return steps
