"""Training attendance is reported by each attendee's own role, read from the roster.

Ticking audiences on a session says whom it was meant for, not who came: three commune propagandists at a
session "for district reporters and commune propagandists" are three propagandists, not also three
reporters. Someone typed in by name is not on the roster and is reported as such.
"""

import re
from html import unescape

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import pytest

from outreach.models import RosterMember, TrainingSession
from policies import roles
from tests.factories import RosterMemberFactory, UnitFactory

REPORT = "/admin/bao-cao/"
REPORTERS = "Tham dự – Báo cáo viên pháp luật cấp huyện"
PROPAGANDISTS = "Tham dự – Tuyên truyền viên pháp luật cấp xã"
NOT_ON_ROSTER = "Tham dự – Người ngoài danh sách báo cáo viên, tuyên truyền viên"


def training_rows(response):
    """{row label: value} of the report's training table, as the page shows it."""
    html = response.content.decode()
    section = re.search(r'<section[^>]*aria-labelledby="table-training".*?</section>', html, flags=re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section, flags=re.S):
        cells = [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        if len(cells) == 2:
            rows[cells[0]] = cells[1]
    return rows


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_demo_session_counts_its_attendees_in_their_own_roles(demo_data):
    """The demo's held session is for district reporters and commune propagandists; two propagandists of
    the roster and one person typed in by name came, and no reporter."""
    justice = get_user_model().objects.get(username="tuphap")
    rows = training_rows(login(justice).get(REPORT, {"period": "2026-H1"}))
    assert rows["Lượt người tham dự"] == "3"
    assert rows[REPORTERS] == "0"
    assert rows[PROPAGANDISTS] == "2"
    assert rows[NOT_ON_ROSTER] == "1"
    assert not any("Phóng viên" in label for label in rows)


@pytest.mark.django_db
def test_session_registered_in_the_admin_is_reported_by_roster_role(make_user):
    unit = UnitFactory(name="Phòng Nội vụ Mẫu", code="noi-vu-mau")
    trainer = make_user(role=roles.TRAINER, units=[unit])
    justice = make_user(role=roles.JUSTICE_OFFICE)
    reporter = RosterMemberFactory(unit=unit, role=RosterMember.Role.REPORTER)
    propagandist = RosterMemberFactory(unit=unit, role=RosterMember.Role.PROPAGANDIST)
    attendees = [(reporter.pk, "", ""), (propagandist.pk, "", ""), ("", "Phóng viên Báo Mẫu", "Báo Mẫu")]
    data = {
        "title": "Tập huấn viết tin về dự thảo",
        "topics": "",
        # Meant for journalists and district reporters: neither says who came.
        "audience_types": ["journalists", "district_reporters"],
        # As the widget shows them, day first (14 May, inside the 2026-H1 period).
        "starts_at": "14/05/2026 08:00",
        "ends_at": "14/05/2026 11:30",
        "place": "Hội trường",
        "organising_unit": unit.pk,
        "trainers_text": "",
        "capacity": "",
        "state": "held",
        "notes": "",
        "attendances-TOTAL_FORMS": str(len(attendees)),
        "attendances-INITIAL_FORMS": "0",
        "attendances-MIN_NUM_FORMS": "0",
        "attendances-MAX_NUM_FORMS": "1000",
        "materials-TOTAL_FORMS": "0",
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
    }
    for index, (member, name, unit_name) in enumerate(attendees):
        data |= {
            f"attendances-{index}-member": member,
            f"attendances-{index}-name": name,
            f"attendances-{index}-unit_name": unit_name,
            f"attendances-{index}-ORDER": str(index + 1),
        }
    response = login(trainer).post(reverse("wagtailsnippets_outreach_trainingsession:add"), data)
    assert response.status_code == 302
    assert TrainingSession.objects.get().attendances.count() == 3

    rows = training_rows(login(justice).get(REPORT, {"period": "2026-H1", "unit": unit.pk}))
    assert rows["Lớp tập huấn đã tổ chức"] == "1"
    assert rows["Lượt người tham dự"] == "3"
    assert rows[REPORTERS] == "1"
    assert rows[PROPAGANDISTS] == "1"
    assert rows[NOT_ON_ROSTER] == "1"
