"""Unit B for the cross-unit crawl: a unit outside every demo account's scope, and one object of each kind of
unit-scoped data, every text field carrying a marker ("ZQXB-<kind>") that must never reach a user of unit A.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models import Model
from django.utils import timezone

from wagtail.admin.models import EditingSession
from wagtail.models import Page, Revision, TaskState, WorkflowState

from outreach.models import ActivityRecord, RosterMember, TrainingAttendance, TrainingSession
from policies import roles
from policies.models import Comment, CommentAttachment, DraftPage, Synthesis
from reports.models import (
    AnnualPlan,
    AnnualPlanItem,
    CommunicationPlan,
    CommunicationPlanItem,
    ReportNarrative,
    ReportPeriod,
)
from tests.factories import (
    ActivityRecordFactory,
    CommentFactory,
    CommunicationFormFactory,
    DraftPageFactory,
    RosterMemberFactory,
    SynthesisFactory,
    TrainingSessionFactory,
    UnitFactory,
    UserFactory,
    draft_index,
)

# The word every marker starts with: searches ask for it, and the crawl looks for "ZQXB-" in every answer.
# A search box echoes "ZQXB" back; only "ZQXB-<kind>" counts as unit B's data.
MARK = "ZQXB"
LEAK = re.compile(rb"ZQXB-([a-z]+)")


def marker(kind):
    return f"{MARK}-{kind}"


@dataclass
class UnitB:
    unit: Model
    user: Model
    draft: DraftPage
    objects: list = field(default_factory=list)  # every B row the crawl may name by id
    revision: Revision = None
    workflow_state: WorkflowState = None
    task_state: TaskState = None
    editing_session: EditingSession = None

    def of_model(self, model):
        """B's objects of `model` (a page type maps to the draft)."""
        if issubclass(model, Page):
            return [self.draft]
        return [obj for obj in self.objects if isinstance(obj, model)]

    def fingerprint(self):
        """The values of every row of unit B, one query per kind: an edit, a deletion or an addition shows here."""
        unit, page = self.unit, str(self.draft.pk)
        belongs = {
            DraftPage: {"drafting_unit": unit},
            # A copy or an alias of B's draft keeps its title, wherever it lands.
            Page: {"title__contains": MARK},
            Revision: {"object_id": page, "base_content_type": ContentType.objects.get_for_model(Page)},
            WorkflowState: {"object_id": page},
            TaskState: {"workflow_state__object_id": page},
            EditingSession: {"pk": self.editing_session.pk},
            Comment: {"draft__drafting_unit": unit},
            CommentAttachment: {"comment__draft__drafting_unit": unit},
            Synthesis: {"draft__drafting_unit": unit},
            CommunicationPlan: {"draft__drafting_unit": unit},
            CommunicationPlanItem: {"plan__draft__drafting_unit": unit},
            ActivityRecord: {"unit": unit},
            RosterMember: {"unit": unit},
            TrainingSession: {"organising_unit": unit},
            TrainingAttendance: {"session__organising_unit": unit},
            ReportNarrative: {"unit": unit},
            AnnualPlan: {"unit": unit},
            AnnualPlanItem: {"plan__unit": unit},
        }
        rows = {
            model._meta.label: list(model._base_manager.filter(**lookup).order_by("pk").values())
            for model, lookup in belongs.items()
        }
        session_links = TrainingSession.objects.filter(organising_unit=unit).values_list("trainers", "related_drafts")
        rows["outreach.TrainingSession trainers and drafts"] = sorted(session_links, key=str)
        return rows


def build_unit_b():
    """Unit B (no parent, so below nobody's unit) with an unpublished draft in review and one row of each kind."""
    unit = UnitFactory(name=f"Xã Ngoài Phạm Vi {MARK}", short_name="Ngoài Phạm Vi")
    user = UserFactory(role=roles.EDITOR, units=[unit], first_name="Cán bộ", last_name="xã B")
    draft = DraftPageFactory(
        parent=draft_index(),
        title=f"{marker('draft')} Dự thảo chưa công bố của đơn vị B",
        slug="du-thao-don-vi-b-chua-cong-bo",
        summary=f"{marker('draftsummary')} tóm tắt",
        drafting_unit=unit,
        live=False,
        first_published_at=None,
    )
    revision = draft.save_revision(user=user, log_action=True)
    workflow_state = draft.get_workflow().start(draft, user)
    b = UnitB(unit=unit, user=user, draft=draft, revision=revision, workflow_state=workflow_state)
    b.task_state = workflow_state.current_task_state
    b.editing_session = EditingSession.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Page),
        object_id=str(draft.pk),
        last_seen_at=timezone.now(),
    )

    comment = CommentFactory(
        draft=draft,
        body=f"{marker('comment')} nội dung góp ý",
        name=f"{marker('commenter')} Người góp ý",
        organisation=f"{marker('organisation')}",
        contact="nguoi-gop-y-b@example.invalid",
        response=f"{marker('response')} trả lời",
    )
    attachment = CommentAttachment(
        comment=comment, original_name=f"{marker('attachment')}.pdf", kind=CommentAttachment.Kind.PDF, size=24
    )
    attachment.file.save("gop-y-b.pdf", ContentFile(f"%PDF-1.4 {marker('attachmentfile')}".encode()), save=False)
    attachment.save()
    synthesis = SynthesisFactory(
        draft=draft,
        introduction=f"{marker('synthesis')} mở đầu",
        signer_name=f"{marker('signer')} Người ký",
        published=False,
    )
    form = CommunicationFormFactory(name="Hội nghị tuyên truyền")
    plan = CommunicationPlan.objects.create(draft=draft, lead_unit=unit, notes=f"{marker('plan')} ghi chú")
    plan_item = CommunicationPlanItem.objects.create(
        plan=plan, stage="draft", form=form, activity=f"{marker('planitem')} hoạt động"
    )
    activity = ActivityRecordFactory(
        unit=unit,
        commune=unit,
        draft=draft,
        form=form,
        content=f"{marker('activity')} nội dung",
        notes=f"{marker('activitynotes')} ghi chú",
    )
    member = RosterMemberFactory(
        unit=unit, full_name=f"{marker('roster')} Báo cáo viên", fields_of_expertise=f"{marker('expertise')}"
    )
    session = TrainingSessionFactory(
        organising_unit=unit,
        title=f"{marker('session')} Lớp tập huấn",
        topics=f"{marker('topics')} chuyên đề",
        notes=f"{marker('sessionnotes')} ghi chú",
        created_by=user,
    )
    session.trainers.set([member])
    session.related_drafts.set([draft])
    session.save()
    attendance = TrainingAttendance.objects.create(session=session, name=f"{marker('attendee')} Người dự")
    period = ReportPeriod.objects.order_by("pk").first() or ReportPeriod.objects.create(year=2026)
    narrative = ReportNarrative.objects.create(
        period=period,
        unit=unit,
        results=f"{marker('narrative')} kết quả",
        difficulties=f"{marker('difficulties')} khó khăn",
        issued_on=datetime.date(2026, 6, 20),
    )
    annual = AnnualPlan.objects.create(unit=unit, year=2026, notes=f"{marker('annualplan')} ghi chú")
    annual_item = AnnualPlanItem.objects.create(
        plan=annual, form=form, quarter=2, activity=f"{marker('annualitem')} hoạt động"
    )
    b.objects = [
        comment,
        attachment,
        synthesis,
        plan,
        plan_item,
        activity,
        member,
        session,
        attendance,
        narrative,
        annual,
        annual_item,
        b.editing_session,
    ]
    return b
