import datetime
import io

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import openpyxl
import pytest

from cms.documents import FORMULA_TRIGGERS
from outreach.models import RosterMember, TrainingAttendance, TrainingSession
from policies.models import Unit
from tests.factories import RosterMemberFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

SESSION_URLS = "wagtailsnippets_outreach_trainingsession"
ROSTER_URLS = "wagtailsnippets_outreach_rostermember"


def refused(response):
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.fixture
def trainer(outreach_data):
    return get_user_model().objects.get(username="taphuan")


@pytest.fixture
def other_trainer(make_user, outreach_data):
    from policies import roles

    return make_user(role=roles.TRAINER, units=[Unit.objects.get(code="phong-noi-vu")])


def login(user):
    client = Client()
    client.force_login(user)
    return client


def session_form(unit, **changes):
    start = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "title": "Tập huấn viết tin về dự thảo",
        "topics": "Viết tin dễ hiểu",
        "audience_types": ["journalists", "commune_propagandists"],
        "starts_at": start.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
        "place": "Hội trường huyện",
        "organising_unit": unit.pk,
        "trainers_text": "",
        "capacity": "30",
        "state": "planned",
        "notes": "",
        "attendances-TOTAL_FORMS": "1",
        "attendances-INITIAL_FORMS": "0",
        "attendances-MIN_NUM_FORMS": "0",
        "attendances-MAX_NUM_FORMS": "1000",
        "attendances-0-member": "",
        "attendances-0-name": "Nguyễn Thị Lan",
        "attendances-0-unit_name": "Hội Phụ nữ xã",
        "attendances-0-ORDER": "1",
        "materials-TOTAL_FORMS": "0",
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "0",
        "materials-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


class TestTrainingSessions:
    def test_trainer_registers_a_session_which_becomes_theirs(self, trainer):
        unit = Unit.objects.get(code="phong-noi-vu")
        response = login(trainer).post(reverse(f"{SESSION_URLS}:add"), session_form(unit))
        assert response.status_code == 302, response.context["form"].errors
        session = TrainingSession.objects.get(title="Tập huấn viết tin về dự thảo")
        assert session.created_by == trainer
        assert session.audience_types == ["journalists", "commune_propagandists"]
        assert session.attendee_count == 1

    def test_trainer_edits_their_own_but_not_another_trainers_session(self, trainer, other_trainer):
        unit = Unit.objects.get(code="phong-noi-vu")
        own = TrainingSessionFactory(organising_unit=unit, created_by=trainer)
        theirs = TrainingSessionFactory(organising_unit=unit, created_by=other_trainer, title="Của người khác")
        client = login(trainer)
        assert client.get(reverse(f"{SESSION_URLS}:edit", args=[own.pk])).status_code == 200
        assert refused(client.get(reverse(f"{SESSION_URLS}:edit", args=[theirs.pk])))
        response = client.post(reverse(f"{SESSION_URLS}:edit", args=[theirs.pk]), session_form(unit, title="Đổi"))
        assert refused(response)
        theirs.refresh_from_db()
        assert theirs.title == "Của người khác"

    def test_trainer_cannot_delete(self, trainer):
        own = TrainingSessionFactory(organising_unit=Unit.objects.get(code="phong-noi-vu"), created_by=trainer)
        assert refused(login(trainer).post(reverse(f"{SESSION_URLS}:delete", args=[own.pk])))
        assert TrainingSession.objects.filter(pk=own.pk).exists()

    def test_organising_unit_outside_the_trainers_units_is_a_form_error(self, trainer):
        other = Unit.objects.get(code="ia-dal")
        response = login(trainer).post(reverse(f"{SESSION_URLS}:add"), session_form(other))
        assert response.status_code == 200
        assert "organising_unit" in response.context["form"].errors

    def test_justice_office_edits_any_session(self, justice, trainer):
        session = TrainingSessionFactory(organising_unit=Unit.objects.get(code="phong-noi-vu"), created_by=trainer)
        assert login(justice).get(reverse(f"{SESSION_URLS}:edit", args=[session.pk])).status_code == 200

    def test_commune_staff_have_no_access_to_trainings(self, commune_staff):
        assert refused(login(commune_staff).get(reverse(f"{SESSION_URLS}:list")))


class TestRoster:
    def test_trained_is_derived_from_attending_a_held_session(self, outreach_data):
        member = RosterMemberFactory()
        assert member.trained is False
        planned = TrainingSessionFactory()
        TrainingAttendance.objects.create(session=planned, member=member)
        assert member.trained is False
        planned.state = TrainingSession.State.HELD
        planned.save()
        assert member.trained is True
        assert RosterMember.objects.with_trained().get(pk=member.pk).trained is True

    def test_trainer_views_the_roster_but_cannot_add(self, trainer):
        client = login(trainer)
        assert client.get(reverse(f"{ROSTER_URLS}:list")).status_code == 200
        assert refused(client.get(reverse(f"{ROSTER_URLS}:add")))

    def test_roster_export_escapes_formula_triggers(self, justice):
        RosterMemberFactory(full_name='=HYPERLINK("http://x")', phone="+84905000000")
        response = login(justice).get(reverse(f"{ROSTER_URLS}:list") + "?export=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
        assert '\'=HYPERLINK("http://x")' in values and "'+84905000000" in values
        for value in values:
            assert not value.startswith(FORMULA_TRIGGERS)

    def test_roster_export_csv_escapes_formula_triggers(self, justice):
        RosterMemberFactory(full_name="@evil", phone="-1")
        text = login(justice).get(reverse(f"{ROSTER_URLS}:list") + "?export=csv").getvalue().decode("utf-8-sig")
        assert "'@evil" in text and "'-1" in text


class TestPublicPage:
    def test_upcoming_sessions_are_listed_without_contact_data(self, client, outreach_data):
        trainer = RosterMemberFactory(
            full_name="Giảng viên Nguyễn", decision_number="12/QĐ-UBND", phone="0905123456", email="gv@example.invalid"
        )
        upcoming = TrainingSessionFactory(title="Lớp sắp tới")
        upcoming.trainers.set([trainer])
        upcoming.save()
        TrainingSessionFactory(title="Lớp đã hủy", state=TrainingSession.State.CANCELLED)
        TrainingSessionFactory(
            title="Lớp đã qua",
            starts_at=timezone.now() - datetime.timedelta(days=3),
            ends_at=timezone.now() - datetime.timedelta(days=3, hours=-2),
        )
        response = client.get("/tap-huan/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Lớp sắp tới" in html and "Giảng viên Nguyễn" in html
        assert "Lớp đã hủy" not in html and "Lớp đã qua" not in html
        assert "0905123456" not in html and "gv@example.invalid" not in html


def test_trainer_may_choose_and_upload_documents_for_materials(trainer):
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_document_model())
    assert permission_policy.user_has_permission(trainer, "add")
    assert permission_policy.user_has_permission(trainer, "choose")
    assert login(trainer).get(reverse("wagtaildocs_chooser:choose")).status_code == 200


class TestRosterScope:
    """Roster members (with their phone and e-mail) are seen only by their units' staff."""

    @pytest.fixture
    def members(self, outreach_data):
        own = RosterMemberFactory(
            full_name="Thành viên Phòng Nội vụ", unit=Unit.objects.get(code="phong-noi-vu"), phone="0900000001"
        )
        other = RosterMemberFactory(
            full_name="Thành viên xã Ia Đal", unit=Unit.objects.get(code="ia-dal"), phone="0900000002"
        )
        return own, other

    def test_listing_and_export_hold_only_own_units_members(self, trainer, members):
        own, other = members
        client = login(trainer)
        listing = client.get(reverse(f"{ROSTER_URLS}:list")).content.decode()
        assert own.full_name in listing and other.full_name not in listing
        exported = client.get(reverse(f"{ROSTER_URLS}:list") + "?export=csv").getvalue().decode("utf-8-sig")
        assert "0900000001" in exported and "0900000002" not in exported

    @pytest.mark.parametrize("view", ["edit", "delete", "history", "usage", "copy"])
    def test_another_units_member_is_refused_in_every_view(self, trainer, members, view):
        _own, other = members
        url = reverse(f"{ROSTER_URLS}:{view}", args=[other.pk])
        assert refused(login(trainer).get(url)), url

    def test_chooser_offers_only_own_units_members(self, trainer, members):
        own, other = members
        client = login(trainer)
        html = client.get(reverse("wagtailsnippetchoosers_outreach_rostermember:choose")).json()["html"]
        assert own.full_name in html and other.full_name not in html
        chosen = client.get(reverse("wagtailsnippetchoosers_outreach_rostermember:chosen", args=[other.pk]))
        assert refused(chosen)

    def test_justice_office_sees_every_member(self, justice, members):
        listing = login(justice).get(reverse(f"{ROSTER_URLS}:list")).content.decode()
        assert all(member.full_name in listing for member in members)


def test_demo_trainer_opens_the_session_they_registered(client, demo_data):
    from django.contrib.auth import get_user_model

    from outreach.models import TrainingSession

    client.force_login(get_user_model().objects.get(username="taphuan"))
    session = TrainingSession.objects.get(organising_unit__code="phong-noi-vu")
    assert client.get(reverse(f"{SESSION_URLS}:edit", args=[session.pk])).status_code == 200
