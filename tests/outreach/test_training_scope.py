"""A trainer sees, links and publishes only what their units may: sessions, roster members and drafts."""

from django.urls import reverse

import pytest

from outreach.models import TrainingAttendance, TrainingSession
from policies.models import Unit
from tests.factories import (
    DraftPageFactory,
    RosterMemberFactory,
    TrainingSessionFactory,
    UnitFactory,
    draft_index,
)
from tests.outreach.test_training import SESSION_URLS, login, refused, session_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(outreach_data):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="taphuan")


@pytest.fixture
def world(trainer):
    """Rows of the trainer's unit (Phòng Nội vụ), of another unit of the district (xã Ia Đal) and a
    roster member of a commune outside the district, whom the trainer never trains."""
    own_unit, other_unit = Unit.objects.get(code="phong-noi-vu"), Unit.objects.get(code="ia-dal")
    index = draft_index()
    return {
        "own_unit": own_unit,
        "own_session": TrainingSessionFactory(
            organising_unit=own_unit, created_by=trainer, title="Lớp của Phòng Nội vụ"
        ),
        "other_session": TrainingSessionFactory(organising_unit=other_unit, title="Lớp riêng của xã Ia Đal"),
        "own_member": RosterMemberFactory(unit=own_unit, full_name="Tuyên truyền viên Phòng Nội vụ"),
        "other_member": RosterMemberFactory(
            unit=UnitFactory(name="Xã Ngoài Huyện"), full_name="Tuyên truyền viên riêng xã ngoài huyện"
        ),
        "own_draft": DraftPageFactory(
            parent=index, drafting_unit=own_unit, live=False, title="Dự thảo nội bộ Phòng Nội vụ"
        ),
        "hidden_draft": DraftPageFactory(
            parent=index, drafting_unit=other_unit, live=False, title="Dự thảo chưa công bố của Ia Đal"
        ),
        "live_draft": DraftPageFactory(parent=index, drafting_unit=other_unit, title="Dự thảo đã công bố của Ia Đal"),
    }


class TestSessionViews:
    def test_listing_holds_only_the_units_sessions(self, trainer, world):
        html = login(trainer).get(reverse(f"{SESSION_URLS}:list")).content.decode()
        assert world["own_session"].title in html
        assert world["other_session"].title not in html

    def test_csv_export_holds_only_the_units_sessions(self, trainer, world):
        response = login(trainer).get(reverse(f"{SESSION_URLS}:list") + "?export=csv")
        text = response.getvalue().decode("utf-8-sig")
        assert world["own_session"].title in text
        assert world["other_session"].title not in text

    @pytest.mark.parametrize("view", ["edit", "delete", "history", "usage", "copy"])
    def test_another_units_session_is_refused_without_its_name(self, trainer, world, view):
        other = world["other_session"]
        url = reverse(f"{SESSION_URLS}:{view}", args=[other.pk])
        client = login(trainer)
        assert refused(client.get(url)), url
        assert other.title not in client.get(url, follow=True).content.decode()

    def test_own_session_history_usage_and_copy_open(self, trainer, world):
        client = login(trainer)
        for view in ("history", "usage", "copy"):
            url = reverse(f"{SESSION_URLS}:{view}", args=[world["own_session"].pk])
            assert client.get(url).status_code == 200, url

    def test_chooser_and_bulk_action_offer_only_the_units_sessions(self, trainer, world):
        client = login(trainer)
        html = client.get(reverse("wagtailsnippetchoosers_outreach_trainingsession:choose")).json()["html"]
        assert world["own_session"].title in html and world["other_session"].title not in html
        other = world["other_session"]
        response = client.get(f"/admin/bulk/outreach/trainingsession/delete/?id={other.pk}")
        assert response.status_code == 404
        assert other.title not in response.content.decode()


class TestSessionForm:
    def choices(self, response, field):
        return {str(label) for _value, label in response.context["form"].fields[field].choices}

    @pytest.mark.parametrize("view", ["add", "copy"])
    def test_form_offers_the_units_roster_and_drafts_plus_live_drafts(self, trainer, world, view):
        args = [world["own_session"].pk] if view == "copy" else []
        response = login(trainer).get(reverse(f"{SESSION_URLS}:{view}", args=args))
        html = response.content.decode()
        assert response.status_code == 200
        assert world["own_member"].full_name in html
        assert world["other_member"].full_name not in html
        assert world["own_draft"].title in html and world["live_draft"].title in html
        assert world["hidden_draft"].title not in html
        drafts = {draft.pk for draft in response.context["form"].fields["related_drafts"].queryset}
        assert world["hidden_draft"].pk not in drafts
        assert {world["own_draft"].pk, world["live_draft"].pk} <= drafts

    def test_in_scope_choices_are_saved(self, trainer, world):
        data = session_form(
            world["own_unit"],
            trainers=[world["own_member"].pk],
            related_drafts=[world["own_draft"].pk, world["live_draft"].pk],
            **{"attendances-0-member": world["own_member"].pk, "attendances-0-name": ""},
        )
        response = login(trainer).post(reverse(f"{SESSION_URLS}:add"), data)
        assert response.status_code == 302, response.context["form"].errors
        session = TrainingSession.objects.get(title=data["title"])
        assert set(session.related_drafts.all()) == {world["own_draft"], world["live_draft"]}
        assert list(session.trainers.all()) == [world["own_member"]]

    @pytest.mark.parametrize(
        ("field", "message"),
        [
            ("trainers", "Chỉ chọn được giảng viên trong danh sách báo cáo viên, tuyên truyền viên trên địa bàn"),
            ("related_drafts", "Chỉ liên kết được dự thảo của đơn vị mình hoặc dự thảo đã công bố"),
        ],
    )
    def test_out_of_scope_ids_posted_by_hand_are_refused(self, trainer, world, field, message):
        value = world["other_member"].pk if field == "trainers" else world["hidden_draft"].pk
        data = session_form(world["own_unit"], **{field: [value]})
        response = login(trainer).post(reverse(f"{SESSION_URLS}:add"), data)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors[field])
        assert not TrainingSession.objects.filter(title=data["title"]).exists()

    def test_another_units_attendee_posted_by_hand_is_refused(self, trainer, world):
        data = session_form(
            world["own_unit"], **{"attendances-0-member": world["other_member"].pk, "attendances-0-name": ""}
        )
        response = login(trainer).post(reverse(f"{SESSION_URLS}:add"), data)
        assert response.status_code == 200
        errors = response.context["form"].formsets["attendances"].forms[0].errors["member"]
        assert "Chỉ chọn được người trong danh sách báo cáo viên, tuyên truyền viên trên địa bàn" in " ".join(errors)
        assert not TrainingSession.objects.filter(title=data["title"]).exists()


class TestPublicTrainingPage:
    def test_only_live_drafts_and_recognised_trainers_are_named(self, client, world):
        session = world["own_session"]
        recognised = RosterMemberFactory(full_name="Báo cáo viên Lê Văn Công", decision_number="15/QĐ-UBND")
        session.trainers.set([recognised, world["other_member"]])
        session.related_drafts.set([world["hidden_draft"], world["live_draft"]])
        session.trainers_text = "Ông Trần Văn Ngoài"
        session.save()
        TrainingAttendance.objects.create(session=session, name="Người tham dự Phạm Thị Riêng")
        html = client.get("/tap-huan/").content.decode()
        assert session.title in html
        assert world["live_draft"].title in html and recognised.full_name in html
        for private in (
            world["hidden_draft"].title,
            world["other_member"].full_name,
            "Ông Trần Văn Ngoài",
            "Người tham dự Phạm Thị Riêng",
        ):
            assert private not in html
