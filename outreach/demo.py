"""Demo outreach data: a roster, two trainings, a few activities.

Only data: the forms of communication are the catalogue `outreach.setup` made (`setup_portal`).
Idempotent: objects are found by a natural key and left alone when they exist.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from outreach.guidance.demo import seed_guidance
from outreach.models import (
    ActivityRecord,
    CommunicationForm,
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
    held, _upcoming = seed_trainings(units, members)
    seed_activities(units)
    seed_guidance(units, held)


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
