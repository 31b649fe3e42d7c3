"""Demo outreach data: a roster, two trainings, a few activities (the forms come from outreach.setup).

Idempotent: objects are found by a natural key and left alone when they exist.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from outreach.models import ActivityRecord, RosterMember, TrainingAttendance, TrainingSession
from outreach.setup import setup_forms
from policies.models import DraftPage

# full name, role, unit code, commune code, decision number, phone
ROSTER = [
    ("Nguyễn Văn An", RosterMember.Role.REPORTER, "phong-tu-phap", None, "125/QĐ-UBND", "0905000101"),
    ("Trần Thị Bích", RosterMember.Role.REPORTER, "trung-tam-vh", None, "125/QĐ-UBND", "0905000102"),
    ("Y Blin", RosterMember.Role.PROPAGANDIST, "ia-toi", "ia-toi", "37/QĐ-UBND", "0905000103"),
    ("Rơ Mah Hương", RosterMember.Role.PROPAGANDIST, "ia-dal", "ia-dal", "41/QĐ-UBND", "0905000104"),
]


def seed_roster(units):
    members = []
    for full_name, role, unit_code, commune_code, decision, phone in ROSTER:
        member, _created = RosterMember.objects.get_or_create(
            full_name=full_name,
            unit=units[unit_code],
            defaults={
                "role": role,
                "commune": units.get(commune_code) if commune_code else None,
                "decision_number": decision,
                "decision_date": datetime.date(2025, 8, 15),
                "term": "2025 - 2030",
                "fields_of_expertise": "Pháp luật dân sự, hành chính",
                "phone": phone,
                "email": f"{phone}@example.invalid",
            },
        )
        members.append(member)
    return members


def seed_trainings(units, members):
    in_three_weeks = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=21), datetime.time(8))
    )
    held, created = TrainingSession.objects.get_or_create(
        title="Tập huấn kỹ năng truyền thông dự thảo chính sách cho tuyên truyền viên cấp xã",
        defaults={
            "topics": "Kỹ năng nói trên loa truyền thanh; tổ chức đối thoại với Nhân dân",
            "audience_types": ["commune_propagandists", "district_reporters"],
            "starts_at": datetime.datetime(2026, 3, 12, 8, tzinfo=datetime.UTC),
            "ends_at": datetime.datetime(2026, 3, 12, 16, tzinfo=datetime.UTC),
            "place": "Hội trường UBND xã Ia Tơi",
            "organising_unit": units["phong-tu-phap"],
            "capacity": 40,
            "state": TrainingSession.State.HELD,
        },
    )
    if created:
        held.trainers.set(members[:1])
        held.save()
        for member in members[2:]:
            TrainingAttendance.objects.create(session=held, member=member)
        TrainingAttendance.objects.create(session=held, name="Nguyễn Thị Lan", unit_name="Hội Phụ nữ xã Ia Tơi")
    upcoming, created = TrainingSession.objects.get_or_create(
        title="Tập huấn truyền thông chính sách cho phóng viên, người quản lý trang thông tin",
        defaults={
            "topics": "Viết tin về dự thảo chính sách dễ hiểu; trả lời bình luận trên mạng xã hội",
            "audience_types": ["journalists", "information_managers"],
            "starts_at": in_three_weeks,
            "ends_at": in_three_weeks + datetime.timedelta(hours=4),
            "place": "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông huyện",
            "organising_unit": units["phong-noi-vu"],
            "capacity": 30,
            "trainers_text": "Giảng viên Trường Chính trị tỉnh",
            # Registered by the demo trainer, who may then change it (trainers change what they registered).
            "created_by": get_user_model().objects.filter(username="taphuan").first(),
        },
    )
    return held, upcoming


def seed_activities(units, forms):
    drafts = list(DraftPage.objects.order_by("pk")[:1])
    records = [
        (
            datetime.date(2026, 2, 3),
            "ia-toi",
            "ia-toi",
            forms["Loa truyền thanh cơ sở"],
            "Phát thanh tin bài",
            6,
            0,
            0,
        ),
        (datetime.date(2026, 2, 10), "ia-toi", "ia-toi", forms["Niêm yết bảng tin"], "Niêm yết dự thảo", 1, 0, 0),
        (datetime.date(2026, 3, 5), "ia-dal", "ia-dal", forms["Hội nghị"], "Hội nghị lấy ý kiến", 1, 85, 1200000),
        (
            datetime.date(2026, 3, 20),
            "phong-tu-phap",
            "ia-dal",
            forms["Đối thoại trực tiếp"],
            "Đối thoại",
            1,
            60,
            800000,
        ),
    ]
    for day, unit_code, commune_code, form, content, sessions, participants, cost in records:
        record = ActivityRecord(
            date=day,
            unit=units[unit_code],
            commune=units[commune_code],
            draft=drafts[0] if drafts else None,
            form=form,
            content=content,
            sessions=sessions,
            participants=participants,
            cost=cost,
            funding_source="Ngân sách xã",
        )
        if not ActivityRecord.objects.filter(date=day, unit=record.unit, content=content).exists():
            record.save()


def seed_outreach(units):
    forms = setup_forms()
    members = seed_roster(units)
    seed_trainings(units, members)
    seed_activities(units, forms)
