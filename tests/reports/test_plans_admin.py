from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from policies import roles
from reports.models import CommunicationPlan
from tests.factories import draft_index
from tests.reports.fixtures import draft, make_tree

pytestmark = pytest.mark.django_db
ADD = "wagtailsnippets_reports_communicationplan:add"
EDIT = "wagtailsnippets_reports_communicationplan:edit"


@pytest.fixture
def tree():
    return make_tree()


@pytest.fixture
def editor(make_user, tree):
    return make_user(role=roles.EDITOR, units=[tree.district])


def plan_data(target, lead_unit):
    return nested_form_data({"draft": target.pk, "lead_unit": lead_unit.pk, "notes": "", "items": inline_formset([])})


class TestCommunicationPlanAdmin:
    def test_draft_edit_page_links_to_a_new_plan_prefilled(self, client, editor, tree):
        from policies.setup import setup_draft_editing

        own = draft("DT-P1", tree.commune1)
        setup_draft_editing(draft_index())  # the editors' page permissions on the draft index
        client.force_login(editor)
        html = client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).content.decode()
        add_url = reverse(ADD) + f"?draft={own.pk}"
        assert add_url in html.replace("&amp;", "&")
        form = client.get(add_url).context["form"]
        assert form.initial["draft"] == own.pk
        assert form.initial["lead_unit"] == tree.commune1.pk

    def test_editor_creates_a_plan_for_own_draft(self, client, editor, tree):
        own = draft("DT-P1", tree.commune1)
        client.force_login(editor)
        response = client.post(reverse(ADD), plan_data(own, tree.district))
        assert response.status_code == 302
        assert CommunicationPlan.objects.get().draft_id == own.pk

    def test_draft_of_another_unit_is_refused(self, client, editor, tree):
        other = draft("DT-P2", tree.outside)
        client.force_login(editor)
        response = client.post(reverse(ADD), plan_data(other, tree.district))
        assert response.status_code == 200
        assert "draft" in response.context["form"].errors
        assert not CommunicationPlan.objects.exists()

    def test_plan_of_another_unit_cannot_be_opened(self, client, editor, tree):
        plan = CommunicationPlan.objects.create(draft=draft("DT-P2", tree.outside), lead_unit=tree.outside)
        client.force_login(editor)
        response = client.get(reverse(EDIT, args=[plan.pk]))
        assert response.status_code in (302, 403)
        assert (
            reverse(EDIT, args=[plan.pk])
            not in client.get(reverse("wagtailsnippets_reports_communicationplan:list")).content.decode()
        )


@pytest.mark.parametrize("model", ["reportperiod", "reportnarrative", "communicationplan", "annualplan"])
def test_justice_office_opens_every_report_listing_and_form(client, make_user, model):
    client.force_login(make_user(role=roles.JUSTICE_OFFICE))
    assert client.get(reverse(f"wagtailsnippets_reports_{model}:list")).status_code == 200
    assert client.get(reverse(f"wagtailsnippets_reports_{model}:add")).status_code == 200


def test_commune_staff_cannot_write_narratives(client, make_user, tree):
    client.force_login(make_user(role=roles.COMMUNE_STAFF, units=[tree.commune2]))
    response = client.get(reverse("wagtailsnippets_reports_reportnarrative:add"))
    assert response.status_code in (302, 403)
