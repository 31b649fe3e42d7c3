"""Demo outreach data: a roster, two trainings, a few activities, two good practices and two commendation proposals.

Only data: the forms of communication are the catalogue `outreach.setup` made (`setup_portal`).
Idempotent: objects are found by a natural key and left alone when they exist.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from outreach.models import (
    ActivityRecord,
    CommendationLevel,
    CommendationProposal,
    CommunicationForm,
    GoodPractice,
    RosterMember,
    TrainingAttendance,
    TrainingSession,
)
from policies.models import DraftPage

R = RosterMember.Role


@dataclass(frozen=True)
class Member:
    """A reporter or propagandist on a unit's roster, appointed by `decision_number` on 15/08/2025."""

    full_name: str
    role: str
    unit: str
    decision_number: str
    phone: str
    commune: str | None = None


ROSTER = [
    Member(
        full_name="Nguyễn Văn An",
        role=R.REPORTER,
        unit="phong-tu-phap",
        decision_number="125/QĐ-UBND",
        phone="0905000101",
    ),
    Member(
        full_name="Trần Thị Bích",
        role=R.REPORTER,
        unit="trung-tam-vh",
        decision_number="125/QĐ-UBND",
        phone="0905000102",
    ),
    Member(
        full_name="Y Blin",
        role=R.PROPAGANDIST,
        unit="ia-toi",
        commune="ia-toi",
        decision_number="37/QĐ-UBND",
        phone="0905000103",
    ),
    Member(
        full_name="Rơ Mah Hương",
        role=R.PROPAGANDIST,
        unit="ia-dal",
        commune="ia-dal",
        decision_number="41/QĐ-UBND",
        phone="0905000104",
    ),
]
ROSTER_DECISION_DATE = datetime.date(2025, 8, 15)

# A session held in March, with the roster's propagandists and one guest in its roll call.
HELD_TRAINING = {
    "title": "Tập huấn kỹ năng truyền thông dự thảo chính sách cho tuyên truyền viên cấp xã",
    "topics": "Kỹ năng nói trên loa truyền thanh; tổ chức đối thoại với Nhân dân",
    "audience_types": ["commune_propagandists", "district_reporters"],
    "starts_at": datetime.datetime(2026, 3, 12, 8, tzinfo=datetime.UTC),
    "ends_at": datetime.datetime(2026, 3, 12, 16, tzinfo=datetime.UTC),
    "place": "Hội trường UBND xã Ia Tơi",
    "organising_unit": "phong-tu-phap",
    "capacity": 40,
    "state": TrainingSession.State.HELD,
}
HELD_TRAINING_GUEST = {"name": "Nguyễn Thị Lan", "unit_name": "Hội Phụ nữ xã Ia Tơi"}

# A session three weeks from the day the loader runs, at 08:00 for four hours, registered by the demo trainer.
UPCOMING_TRAINING = {
    "title": "Tập huấn truyền thông chính sách cho phóng viên, người quản lý trang thông tin",
    "topics": "Viết tin về dự thảo chính sách dễ hiểu; trả lời bình luận trên mạng xã hội",
    "audience_types": ["journalists", "information_managers"],
    "place": "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông huyện",
    "organising_unit": "phong-noi-vu",
    "capacity": 30,
    "trainers_text": "Giảng viên Trường Chính trị tỉnh",
}
UPCOMING_IN_DAYS = 21
UPCOMING_CREATED_BY = "taphuan"  # trainers change what they registered


@dataclass(frozen=True)
class Activity:
    """A commune's activity record about the first demo draft, paid from the commune's budget."""

    date: datetime.date
    unit: str
    commune: str
    form: str
    content: str
    sessions: int
    participants: int = 0
    cost: int = 0


ACTIVITY_DRAFT = "DT-2026-01"
ACTIVITIES = [
    Activity(
        date=datetime.date(2026, 2, 3),
        unit="ia-toi",
        commune="ia-toi",
        form="Loa truyền thanh cơ sở",
        content="Phát thanh tin bài",
        sessions=6,
    ),
    Activity(
        date=datetime.date(2026, 2, 10),
        unit="ia-toi",
        commune="ia-toi",
        form="Niêm yết bảng tin",
        content="Niêm yết dự thảo",
        sessions=1,
    ),
    Activity(
        date=datetime.date(2026, 3, 5),
        unit="ia-dal",
        commune="ia-dal",
        form="Hội nghị",
        content="Hội nghị lấy ý kiến",
        sessions=1,
        participants=85,
        cost=1200000,
    ),
    Activity(
        date=datetime.date(2026, 3, 20),
        unit="phong-tu-phap",
        commune="ia-dal",
        form="Đối thoại trực tiếp",
        content="Đối thoại",
        sessions=1,
        participants=60,
        cost=800000,
    ),
]


def seed_outreach(units):
    members = seed_roster(units)
    seed_trainings(units, members)
    seed_activities(units)
    seed_recognition(units)


def seed_roster(units):
    members = []
    for record in ROSTER:
        member, _created = RosterMember.objects.get_or_create(
            full_name=record.full_name,
            unit=units[record.unit],
            defaults={
                "role": record.role,
                "commune": units[record.commune] if record.commune else None,
                "decision_number": record.decision_number,
                "decision_date": ROSTER_DECISION_DATE,
                "term": "2025 - 2030",
                "fields_of_expertise": "Pháp luật dân sự, hành chính",
                "phone": record.phone,
                "email": f"{record.phone}@example.invalid",
            },
        )
        members.append(member)
    return members


def seed_trainings(units, members):
    """The held session (trained by the first reporter, attended by the propagandists) and the upcoming one."""
    held, created = TrainingSession.objects.get_or_create(
        title=HELD_TRAINING["title"],
        defaults={**HELD_TRAINING, "organising_unit": units[HELD_TRAINING["organising_unit"]]},
    )
    if created:
        held.trainers.set(members[:1])
        held.save()
        for member in members:
            if member.role == R.PROPAGANDIST:
                TrainingAttendance.objects.create(session=held, member=member)
        TrainingAttendance.objects.create(session=held, **HELD_TRAINING_GUEST)
    starts_at = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=UPCOMING_IN_DAYS), datetime.time(8))
    )
    upcoming, _created = TrainingSession.objects.get_or_create(
        title=UPCOMING_TRAINING["title"],
        defaults={
            **UPCOMING_TRAINING,
            "organising_unit": units[UPCOMING_TRAINING["organising_unit"]],
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=4),
            "created_by": get_user_model().objects.filter(username=UPCOMING_CREATED_BY).first(),
        },
    )
    return held, upcoming


def seed_activities(units):
    draft = DraftPage.objects.filter(code=ACTIVITY_DRAFT).first()
    # Looked up, never created: setup_portal owns the forms of communication.
    forms = {form.name: form for form in CommunicationForm.objects.all()}
    for record in ACTIVITIES:
        unit = units[record.unit]
        if ActivityRecord.objects.filter(date=record.date, unit=unit, content=record.content).exists():
            continue
        ActivityRecord.objects.create(
            date=record.date,
            unit=unit,
            commune=units[record.commune],
            draft=draft,
            form=forms[record.form],
            content=record.content,
            sessions=record.sessions,
            participants=record.participants,
            cost=record.cost,
            funding_source="Ngân sách xã",
        )


@dataclass(frozen=True)
class Practice:
    """A good practice, linked to the demo activities of its unit whose content is in `activity_contents`."""

    title: str
    unit: str
    recorded_on: datetime.date
    description: str
    results: str
    public: bool
    activity_contents: tuple


PRACTICES = [
    Practice(
        title="Phát thanh dự thảo bằng tiếng Việt và tiếng Jrai trên loa truyền thanh xã",
        unit="ia-toi",
        recorded_on=datetime.date(2026, 4, 15),
        description=(
            "Tuyên truyền viên xã đọc bản tóm tắt dự thảo bằng tiếng Việt rồi bằng tiếng Jrai vào buổi sáng, "
            "kèm niêm yết bản dễ đọc tại nhà văn hóa các làng."
        ),
        results="Người dân ở các làng xa trung tâm nắm được nội dung dự thảo và gửi ý kiến qua trưởng thôn.",
        public=True,
        activity_contents=("Phát thanh tin bài", "Niêm yết dự thảo"),
    ),
    Practice(
        title="Hội nghị lấy ý kiến lồng ghép sinh hoạt cộng đồng làng",
        unit="ia-dal",
        recorded_on=datetime.date(2026, 5, 20),
        description="Tổ chức hội nghị lấy ý kiến dự thảo ngay trong buổi sinh hoạt cộng đồng của làng.",
        results="Số người dự đông hơn các hội nghị riêng.",
        public=False,
        activity_contents=("Hội nghị lấy ý kiến",),
    ),
]


@dataclass(frozen=True)
class Commendation:
    """A commendation proposal; `practice` names a practice above by its title."""

    proposing_unit: str
    proposer_name: str
    proposer_title: str
    nominee_kind: str
    nominee_name: str
    nominee_position: str
    nominee_unit_name: str
    reason: str
    level: str
    proposed_on: datetime.date
    status: str
    practice: str
    decision_number: str = ""
    decision_date: datetime.date | None = None
    public: bool = False


S = CommendationProposal.Status
COMMENDATIONS = [
    Commendation(
        proposing_unit="phong-tu-phap",
        proposer_name="Nguyễn Thị Hoa",
        proposer_title="Trưởng phòng Tư pháp",
        nominee_kind=CommendationProposal.NomineeKind.INDIVIDUAL,
        nominee_name="Y Blin",
        nominee_position="Tuyên truyền viên pháp luật",
        nominee_unit_name="UBND xã Ia Tơi",
        reason="Có cách làm hay trong truyền thông dự thảo chính sách bằng tiếng Jrai trên loa truyền thanh.",
        level=CommendationLevel.DEPARTMENT_DIRECTOR,
        proposed_on=datetime.date(2026, 5, 25),
        status=S.AWARDED,
        practice=PRACTICES[0].title,
        decision_number="215/QĐ-STP",
        decision_date=datetime.date(2026, 6, 20),
        public=True,
    ),
    Commendation(
        proposing_unit="phong-tu-phap",
        proposer_name="Nguyễn Thị Hoa",
        proposer_title="Trưởng phòng Tư pháp",
        nominee_kind=CommendationProposal.NomineeKind.COLLECTIVE,
        nominee_name="UBND xã Ia Đal",
        nominee_position="",
        nominee_unit_name="",
        reason="Tổ chức tốt việc lấy ý kiến Nhân dân về dự thảo chính sách năm 2026.",
        level=CommendationLevel.PROVINCE_CHAIR,
        proposed_on=datetime.date(2026, 10, 1),
        status=S.PROPOSED,
        practice=PRACTICES[1].title,
    ),
]


def seed_recognition(units):
    """The good practices, linked to the demo activities, and the commendation proposals."""
    practices = {}
    for record in PRACTICES:
        unit = units[record.unit]
        practice, created = GoodPractice.objects.get_or_create(
            title=record.title,
            unit=unit,
            defaults={
                "recorded_on": record.recorded_on,
                "description": record.description,
                "results": record.results,
                "public": record.public,
            },
        )
        if created:
            practice.activities.set(ActivityRecord.objects.filter(unit=unit, content__in=record.activity_contents))
        practices[record.title] = practice
    for record in COMMENDATIONS:
        CommendationProposal.objects.get_or_create(
            nominee_name=record.nominee_name,
            level=record.level,
            proposing_unit=units[record.proposing_unit],
            defaults={
                "proposer_name": record.proposer_name,
                "proposer_title": record.proposer_title,
                "nominee_kind": record.nominee_kind,
                "nominee_position": record.nominee_position,
                "nominee_unit_name": record.nominee_unit_name,
                "reason": record.reason,
                "proposed_on": record.proposed_on,
                "status": record.status,
                "good_practice": practices[record.practice],
                "decision_number": record.decision_number,
                "decision_date": record.decision_date,
                "public": record.public,
            },
        )
