import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest
import time_machine

from policies import roles
from policies.models import DraftPage
from policies.setup import setup_draft_editing
from tests.factories import (
    DraftPageFactory,
    UnitFactory,
    draft_index,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def index(db):
    index = draft_index()
    setup_draft_editing(index)
    return index


@pytest.mark.django_db
class TestReviewWorkflow:
    def test_justice_office_approves_and_the_draft_goes_live(self, client, index, make_user):
        unit = UnitFactory()
        editor = make_user(role=roles.EDITOR, units=[unit])
        reviewer = make_user(role=roles.JUSTICE_OFFICE, units=[UnitFactory()])
        draft = DraftPageFactory(parent=index, drafting_unit=unit, live=False)
        draft.save_revision(user=editor)
        workflow = draft.get_workflow()
        workflow.start(draft, editor)
        state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(draft.pk))
        task_state = state.current_task_state
        client.force_login(reviewer)
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk]), {}
        )
        assert response.status_code in (200, 302)
        draft.refresh_from_db()
        assert draft.live

    def test_seed_is_idempotent_for_permissions_and_workflow(self, index):
        from wagtail.models import GroupPagePermission, Workflow

        before = (GroupPagePermission.objects.count(), Workflow.objects.count())
        setup_draft_editing(index)
        assert (GroupPagePermission.objects.count(), Workflow.objects.count()) == before


@pytest.mark.django_db
class TestScheduledPublishing:
    def test_scheduled_draft_goes_live_on_time(self, index):
        draft = DraftPageFactory(parent=index, live=False)
        go_live = timezone.now() + DAY
        draft.go_live_at = go_live
        draft.save_revision().publish()
        assert not DraftPage.objects.get(pk=draft.pk).live
        with time_machine.travel(go_live + datetime.timedelta(minutes=1)):
            call_command("publish_scheduled", stdout=io.StringIO())
        assert DraftPage.objects.get(pk=draft.pk).live
