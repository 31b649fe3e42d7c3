"""Hand-computed report fixtures: a small tree, drafts at known stages, comments, activities, trainings."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from outreach.models import RosterMember, TrainingAttendance, TrainingSession
from policies.models import Comment, Unit
from tests.factories import (
    ActivityRecordFactory,
    CommunicationFormFactory,
    DraftPageFactory,
    RosterMemberFactory,
    SynthesisFactory,
    UnitFactory,
    draft_index,
)

D = datetime.date


def local(year, month, day, hour=8, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def make_tree():
    province = UnitFactory(name="Tỉnh Mẫu", code="tinh-mau", kind=Unit.Kind.PROVINCE)
    district = UnitFactory(name="Huyện Mẫu", code="huyen-mau", kind=Unit.Kind.DISTRICT, parent=province)
    commune1 = UnitFactory(
        name="Xã Sông Xanh", short_name="Sông Xanh", code="song-xanh", parent=district, aliases="UBND xã Sông Xanh"
    )
    commune2 = UnitFactory(name="Xã Đồi Cao", short_name="Đồi Cao", code="doi-cao", parent=district)
    old = UnitFactory(
        name="Xã Sông Xanh Cũ",
        short_name="Sông Xanh Cũ",
        code="song-xanh-cu",
        parent=district,
        valid_to=D(2025, 6, 30),
        successor=commune1,
    )
    outside = UnitFactory(name="Huyện Khác", code="huyen-khac", kind=Unit.Kind.DISTRICT)
    return SimpleNamespace(
        province=province, district=district, commune1=commune1, commune2=commune2, old=old, outside=outside
    )


def make_activities(tree):
    """Activities without drafts: boundary days, roll-up through a merged commune."""
    loudspeaker = CommunicationFormFactory(name="Loa truyền thanh", sort_order=1)
    conference = CommunicationFormFactory(name="Hội nghị", sort_order=2)
    rows = [
        (D(2025, 12, 15), tree.commune1, loudspeaker, 2, 10, 100, ""),  # first day: in
        (D(2025, 12, 14), tree.commune1, loudspeaker, 9, 90, 900, ""),  # day before: out
        (D(2026, 6, 14), tree.commune2, conference, 1, 20, 200, "Ngân sách xã"),  # last day: in
        (D(2026, 6, 15), tree.commune2, conference, 9, 90, 900, ""),  # day after: out
        (D(2026, 3, 1), tree.district, conference, 3, 30, 300, "ngân sách  XÃ"),
        (D(2026, 3, 1), tree.old, loudspeaker, 1, 5, 50, "Tài trợ"),  # merged commune: counts for commune1
        (D(2026, 3, 1), tree.outside, loudspeaker, 1, 1000, 10000, ""),  # another district
    ]
    for day, unit, form, sessions, participants, cost, funding in rows:
        ActivityRecordFactory(
            date=day,
            unit=unit,
            form=form,
            sessions=sessions,
            participants=participants,
            cost=cost,
            funding_source=funding,
        )
    return SimpleNamespace(loudspeaker=loudspeaker, conference=conference)


IN_SCOPE = {
    "criterion_requires_proposal": True,
    "criterion_rights_obligations": True,
    "criterion_sensitive": True,
    "criterion_wide_impact": True,
}
NO_WINDOW = {"consultation_opens": None, "consultation_closes": None, "first_published_at": None}


def draft(code, unit, **fields):
    values = {**NO_WINDOW, **IN_SCOPE, **fields}
    return DraftPageFactory(parent=draft_index(), code=code, drafting_unit=unit, **values)


def make_drafts(tree):
    """In-scope drafts of the district at known stages (see test_figures for the expected KPI)."""
    form = CommunicationFormFactory(name="Hội nghị đối thoại", sort_order=3)
    drafts = SimpleNamespace()
    # Both stages communicated by their published windows.
    drafts.a = draft(
        "DT-A",
        tree.commune1,
        stage="draft",
        proposal_opens=D(2026, 1, 5),
        proposal_closes=D(2026, 1, 25),
        consultation_opens=local(2026, 3, 1),
        consultation_closes=local(2026, 3, 31, 17),
        first_published_at=local(2026, 1, 4),
    )
    # Draft stage by an activity (never published); the adoption stage has none.
    drafts.b = draft(
        "DT-B",
        tree.district,
        stage="submitted",
        consultation_opens=local(2026, 2, 1),
        consultation_closes=local(2026, 2, 20),
        submitted_on=D(2026, 4, 1),
    )
    # Adopted before the period: not due.
    drafts.c = draft("DT-C", tree.district, stage="adopted", submitted_on=D(2025, 11, 1), adopted_on=D(2025, 12, 10))
    # Draft window published; adoption communicated by an activity on the last day.
    drafts.d = draft(
        "DT-D",
        tree.commune2,
        stage="adopted",
        consultation_opens=local(2026, 1, 10),
        consultation_closes=local(2026, 1, 30),
        first_published_at=local(2026, 1, 9),
        submitted_on=D(2026, 5, 1),
        adopted_on=D(2026, 6, 14),
    )
    # Out of scope (one criterion missing), with activities.
    drafts.e = draft(
        "DT-E",
        tree.district,
        criterion_sensitive=False,
        consultation_opens=local(2026, 2, 1),
        consultation_closes=local(2026, 2, 25),
        first_published_at=local(2026, 2, 1),
    )
    # Another district's draft.
    drafts.f = draft(
        "DT-F",
        tree.outside,
        consultation_opens=local(2026, 2, 1),
        consultation_closes=local(2026, 2, 25),
        first_published_at=local(2026, 2, 1),
    )
    # Proposal opens the day after the period ends: not due.
    drafts.g = draft("DT-G", tree.district, proposal_opens=D(2026, 6, 15), proposal_closes=D(2026, 7, 15))
    # Window closed before the period; draft stage communicated by an activity on the first day,
    # adoption stage (from 1 Feb) has only an activity dated the day before it began.
    drafts.h = draft(
        "DT-H",
        tree.district,
        stage="submitted",
        consultation_opens=local(2025, 12, 1),
        consultation_closes=local(2025, 12, 14, 17),
        first_published_at=local(2025, 12, 1),
        submitted_on=D(2026, 2, 1),
    )
    # A withdrawn draft is never counted.
    drafts.w = draft(
        "DT-W",
        tree.district,
        stage="withdrawn",
        withdrawal_reason="Dừng",
        consultation_opens=local(2026, 2, 1),
        consultation_closes=local(2026, 2, 25),
    )
    for day, target, unit in [
        (D(2026, 2, 10), drafts.b, tree.district),
        (D(2026, 6, 14), drafts.d, tree.commune2),
        (D(2026, 2, 10), drafts.e, tree.district),
        (D(2025, 12, 15), drafts.h, tree.district),
        (D(2026, 1, 31), drafts.h, tree.district),
    ]:
        ActivityRecordFactory(date=day, unit=unit, form=form, draft=target, sessions=1, participants=0, cost=0)
    drafts.form = form
    return drafts


def make_comments(tree, drafts):
    def comment(target, day, source="online", organisation="", handling="", state="approved"):
        return Comment.objects.create(
            draft=target,
            body=f"Góp ý {day} {source} {organisation}",
            received_on=day,
            source=source,
            organisation=organisation,
            handling=handling,
            state=state,
        )

    comment(drafts.a, D(2025, 12, 15), "online", "UBND xã Sông Xanh", "taken_in")
    comment(drafts.a, D(2026, 6, 14), "meeting", "", "explained")
    comment(drafts.a, D(2026, 6, 15), "online", "UBND xã Sông Xanh", "taken_in")  # out
    comment(drafts.a, D(2026, 3, 1), "online", "", "", state="spam")  # spam: never counted
    comment(drafts.a, D(2026, 3, 1), "paper", "Hội Không Ai Biết", "not_taken")
    comment(drafts.b, D(2026, 3, 2), "hotline", "sông xanh", "", state="pending")
    comment(drafts.f, D(2026, 3, 1), "online", "", "taken_in")  # another district
    SynthesisFactory(draft=drafts.a, published=True, published_at=local(2026, 6, 14, 23, 30))
    synthesis = SynthesisFactory(draft=drafts.d, published=True)
    type(synthesis).objects.filter(pk=synthesis.pk).update(published_at=local(2026, 6, 15, 0, 10))


def make_training(tree):
    trained = RosterMemberFactory(unit=tree.commune2, role=RosterMember.Role.PROPAGANDIST)
    RosterMemberFactory(unit=tree.commune2, role=RosterMember.Role.PROPAGANDIST)
    RosterMemberFactory(unit=tree.district, role=RosterMember.Role.REPORTER)
    RosterMemberFactory(unit=tree.commune2, role=RosterMember.Role.PROPAGANDIST, active=False)
    RosterMemberFactory(unit=tree.outside, role=RosterMember.Role.REPORTER)

    def session(starts, state, audiences, attendees, unit):
        item = TrainingSession.objects.create(
            title=f"Tập huấn {starts:%d/%m/%Y}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=4),
            place="Hội trường",
            organising_unit=unit,
            state=state,
            audience_types=audiences,
        )
        for member_or_name in attendees:
            if isinstance(member_or_name, str):
                TrainingAttendance.objects.create(session=item, name=member_or_name)
            else:
                TrainingAttendance.objects.create(session=item, member=member_or_name)
        return item

    session(
        local(2026, 6, 14, 9), "held", ["commune_propagandists"], [trained, "Người ngoài danh sách"], tree.commune2
    )
    session(local(2026, 1, 5, 9), "held", ["commune_propagandists", "journalists"], ["Phóng viên A"], tree.district)
    session(local(2025, 12, 14, 9), "held", ["journalists"], ["Phóng viên B"], tree.district)  # out
    session(local(2026, 3, 1, 9), "planned", ["journalists"], ["Phóng viên C"], tree.district)  # not held
    session(local(2026, 3, 1, 9), "held", ["journalists"], ["Phóng viên D"], tree.outside)  # another district
