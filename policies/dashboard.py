"""Dashboard panels of the drafting office: the editor's drafts by state and the moderator's comment queue.

Each panel reads its rows in a fixed number of queries (annotations and grouped counts, never a query per row),
and only from the user's scope (`DraftPage.objects.for_user`, the comment permission policy).
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from policies import roles
from policies.admin_lookup import visible_to
from policies.comment_filters import NOT_HANDLED
from policies.models import Comment, ConsultationStatus, DraftPage, Synthesis, window_status

SOON_DAYS = 7
ROWS_PER_GROUP = 10
DASHBOARD_CSS = "policies/dashboard.css"
MODERATE_PERMISSION = "policies.moderate_comment"

# The editor's groups, in the order a draft travels; each draft sits in exactly one.
EDITOR_GROUPS = (
    ("draft", _("Bản nháp, chưa công bố")),
    ("review", _("Đang trong quy trình duyệt")),
    ("scheduled", _("Đã hẹn giờ công bố")),
    ("open", _("Đang lấy ý kiến")),
    ("closed", _("Đã hết hạn, chờ bản tổng hợp")),
)
REASON_RETURNED = _("Người duyệt trả lại, cần sửa")
REASON_CLOSED = _("Đã hết hạn lấy ý kiến, chưa công bố bản tổng hợp")
REASON_CLOSING = _("Sắp hết hạn lấy ý kiến")


class DashboardPanel(Component):
    """A dashboard panel for one request: its template gets `get_rows(user)`'s context."""

    class Media:
        css = {"all": [DASHBOARD_CSS]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return self.get_rows(self.request.user)

    def get_rows(self, user):
        raise NotImplementedError


# ---------------------------------------------------------------- editor


@dataclass
class DraftGroup:
    key: str
    label: str
    drafts: list = field(default_factory=list)

    @property
    def shown(self):
        return self.drafts[:ROWS_PER_GROUP]

    @property
    def more(self):
        return max(0, len(self.drafts) - ROWS_PER_GROUP)


def _workflow_status():
    """The status of the draft's unfinished workflow (in review, or returned for changes), if any."""
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status__in=(WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES),
    )
    return Subquery(states.order_by("-created_at").values("status")[:1])


def editor_drafts(user, now=None):
    """The user's drafts, annotated with what the groups need, in one query."""
    return (
        DraftPage.objects.for_user(user)
        .exclude(stage__in=(DraftPage.Stage.ADOPTED, DraftPage.Stage.WITHDRAWN))
        .annotate(
            workflow_status=_workflow_status(),
            synthesis_published=Exists(Synthesis.objects.filter(draft=OuterRef("pk"), published=True)),
        )
        .only(
            "id",
            "title",
            "draft_title",
            "code",
            "live",
            "go_live_at",
            "consultation_opens",
            "consultation_closes",
            "stage",
        )
        .order_by("consultation_closes", "title")
    )


def group_key(draft, now):
    """Which of EDITOR_GROUPS the draft belongs to (None: published, nothing to do)."""
    if draft.workflow_status:
        return "review"
    if draft.go_live_at and draft.go_live_at > now:
        return "scheduled"
    if not draft.live:
        return "draft"
    status = draft.consultation_status(now)
    if status == ConsultationStatus.OPEN:
        return "open"
    if status == ConsultationStatus.CLOSED and not draft.synthesis_published:
        return "closed"
    return None


def needs_reason(draft, key, now):
    if draft.workflow_status == WorkflowState.STATUS_NEEDS_CHANGES:
        return REASON_RETURNED
    if key == "closed":
        return REASON_CLOSED
    if key == "open" and draft.days_left(now) <= SOON_DAYS:
        return REASON_CLOSING
    return None


def editor_context(user, now=None):
    now = now or timezone.now()
    groups = {key: DraftGroup(key, label) for key, label in EDITOR_GROUPS}
    needs = []
    for draft in editor_drafts(user, now):
        key = group_key(draft, now)
        if key is None:
            continue
        draft.dashboard_days_left = draft.days_left(now) if key == "open" else None
        groups[key].drafts.append(draft)
        reason = needs_reason(draft, key, now)
        if reason is not None:
            needs.append((draft, reason))
    return {"groups": list(groups.values()), "needs": needs, "soon_days": SOON_DAYS}


class EditorDashboardPanel(DashboardPanel):
    name = "editor_drafts"
    order = 10
    template_name = "policies/dashboard_editor.html"

    def get_rows(self, user):
        return editor_context(user)


# ---------------------------------------------------------------- moderator


@dataclass
class QueueRow:
    draft_id: int
    code: str
    title: str
    closes: datetime.datetime | None
    pending: int
    unhandled: int
    closed: bool

    @property
    def pending_url(self):
        return comment_list_url(draft=self.draft_id, state=Comment.State.PENDING)

    @property
    def unhandled_url(self):
        return comment_list_url(draft=self.draft_id, state=Comment.State.APPROVED, handling=NOT_HANDLED)

    @property
    def flagged(self):
        """The window closed while comments still wait: the synthesis cannot be complete."""
        return self.closed and bool(self.pending or self.unhandled)


def comment_list_url(**filters):
    return reverse(Comment.snippet_viewset.get_url_name("list")) + "?" + urlencode(filters)


def moderation_queue(user, now=None):
    """Per draft in scope: comments waiting for moderation, and approved ones without a handling decision."""
    now = now or timezone.now()
    waiting = Q(state=Comment.State.PENDING) | Q(state=Comment.State.APPROVED, handling=Comment.Handling.NONE)
    rows = (
        visible_to(user, Comment.objects.all())
        .filter(waiting)
        .values("draft_id", "draft__code", "draft__title", "draft__consultation_opens", "draft__consultation_closes")
        .annotate(
            pending=Count("pk", filter=Q(state=Comment.State.PENDING)),
            unhandled=Count("pk", filter=Q(state=Comment.State.APPROVED)),
        )
        .order_by("draft__consultation_closes", "draft__code")
    )
    queue = [
        QueueRow(
            draft_id=row["draft_id"],
            code=row["draft__code"],
            title=row["draft__title"],
            closes=row["draft__consultation_closes"],
            pending=row["pending"],
            unhandled=row["unhandled"],
            closed=window_status(row["draft__consultation_opens"], row["draft__consultation_closes"], now)
            == ConsultationStatus.CLOSED,
        )
        for row in rows
    ]
    # Closed windows with comments still waiting come first: they hold up the synthesis.
    queue.sort(key=lambda row: not row.flagged)
    return {
        "queue": queue,
        "pending_total": sum(row.pending for row in queue),
        "unhandled_total": sum(row.unhandled for row in queue),
        "all_pending_url": comment_list_url(state=Comment.State.PENDING),
    }


class ModeratorDashboardPanel(DashboardPanel):
    name = "moderator_queue"
    order = 20
    template_name = "policies/dashboard_moderator.html"

    def get_rows(self, user):
        return moderation_queue(user)


def panels_for(request):
    user = request.user
    panels = []
    if roles.has_role(user, roles.EDITOR):
        panels.append(EditorDashboardPanel(request))
    if user.has_perm(MODERATE_PERMISSION):
        panels.append(ModeratorDashboardPanel(request))
    return panels
