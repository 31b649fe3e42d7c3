"""A broadcast recorded in one click from a draft's loudspeaker script page (issue 11, part 2): the activity
form opens filled in (loudspeaker, the draft, today, one broadcast), within the user's scope."""

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest
from bs4 import BeautifulSoup

from outreach.models import ActivityRecord, CommunicationForm
from outreach.setup import LOUDSPEAKER_FORM_NAME
from outreach.wagtail_hooks import activity_admin
from policies.models import DraftPage, Unit
from tests.factories import DraftPageFactory

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def script_page(client, draft):
    return client.get(draft.url + "loa/")


def broadcast_link(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    link = soup.find("a", string="Ghi nhận buổi phát thanh")
    return link["href"] if link else None


def rendered_form_data(html):
    """What the browser would send for the rendered form, unchanged."""
    form = BeautifulSoup(html, "html.parser").find("form", action=lambda action: action and "/create/" in action)
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            chosen = [option.get("value", "") for option in field.find_all("option") if option.has_attr("selected")]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.name == "textarea":
            data[name] = field.text.strip()
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", "")
    return data


@pytest.fixture
def open_draft(outreach_data):
    return DraftPage.objects.get(code="DT-2026-01")


@pytest.fixture
def unpublished_other_draft(outreach_data):
    """A draft of the education office, saved but never published."""
    draft = DraftPageFactory(
        parent=DraftPage.objects.get(code="DT-2026-01").get_parent(),
        drafting_unit=Unit.objects.get(code="phong-gd-dt"),
        title="Dự thảo nội bộ chưa công bố",
    )
    draft.unpublish()
    return draft


class TestScriptPageLink:
    def test_commune_staff_get_the_link_on_a_private_page(self, client, commune_staff, open_draft):
        client.force_login(commune_staff)
        response = script_page(client, open_draft)
        href = broadcast_link(response)
        assert href == f"/admin/outreach/activityrecord/create/?du_thao={open_draft.pk}&hinh_thuc=loa"
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]

    def test_anonymous_visitors_and_staff_without_the_permission_get_no_link(self, client, open_draft):
        assert broadcast_link(script_page(client, open_draft)) is None
        client.force_login(user("taphuan"))  # the trainer records no activities
        assert broadcast_link(script_page(client, open_draft)) is None


class TestPrefilledForm:
    def test_the_form_opens_filled_in_and_saves_with_commune_and_count(self, client, commune_staff, open_draft):
        client.force_login(commune_staff)
        href = broadcast_link(script_page(client, open_draft))
        response = client.get(href)
        assert response.status_code == 200
        data = rendered_form_data(response.content.decode())
        loudspeaker = CommunicationForm.objects.get(name=LOUDSPEAKER_FORM_NAME)
        assert data["form"] == str(loudspeaker.pk)
        assert data["draft"] == str(open_draft.pk)
        assert data["date"] == timezone.localdate().strftime("%d/%m/%Y")  # as the widget shows it
        assert data["sessions"] == "1"
        assert data["unit"] == str(Unit.objects.get(code="ia-toi").pk)  # the clerk's one unit
        assert open_draft.code in data["content"]

        data.update(commune=str(Unit.objects.get(code="ia-toi").pk), sessions="3")
        saved = client.post(activity_admin.url_helper.get_action_url("create"), data)
        assert saved.status_code == 302
        record = ActivityRecord.objects.get(draft=open_draft, form=loudspeaker, sessions=3)
        assert record.date == timezone.localdate() and record.commune.code == "ia-toi"
        assert record.unit.code == "ia-toi" and record.entry_method == ActivityRecord.EntryMethod.MANUAL

    def test_a_commune_clerk_cannot_prefill_another_units_unpublished_draft(
        self, client, commune_staff, unpublished_other_draft
    ):
        client.force_login(commune_staff)
        url = activity_admin.url_helper.get_action_url("create")
        response = client.get(f"{url}?du_thao={unpublished_other_draft.pk}&hinh_thuc=loa")
        html = response.content.decode()
        assert response.status_code == 200
        assert rendered_form_data(html)["draft"] == ""
        assert "Dự thảo nội bộ chưa công bố" not in html
        assert "ngoài phạm vi đơn vị của bạn" in html

    @pytest.mark.parametrize("value", ["abc", "²", "99999999", "-1"])
    def test_an_odd_draft_id_prefills_nothing_and_says_so(self, client, commune_staff, outreach_data, value):
        client.force_login(commune_staff)
        url = activity_admin.url_helper.get_action_url("create")
        response = client.get(url, {"du_thao": value, "hinh_thuc": "loa"})
        assert response.status_code == 200 and rendered_form_data(response.content.decode())["draft"] == ""
        assert "Không điền sẵn được dự thảo" in response.content.decode()

    def test_the_justice_office_may_prefill_any_units_draft(self, client, unpublished_other_draft):
        client.force_login(user("tuphap"))
        url = activity_admin.url_helper.get_action_url("create")
        response = client.get(f"{url}?du_thao={unpublished_other_draft.pk}&hinh_thuc=loa")
        assert rendered_form_data(response.content.decode())["draft"] == str(unpublished_other_draft.pk)

    def test_a_trainer_cannot_open_the_form_at_all(self, client, open_draft):
        client.force_login(user("taphuan"))
        url = activity_admin.url_helper.get_action_url("create")
        response = client.get(f"{url}?du_thao={open_draft.pk}&hinh_thuc=loa")
        assert response.status_code in (302, 403) and "form" not in (response.context or {})
