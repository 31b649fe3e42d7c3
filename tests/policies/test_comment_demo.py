import datetime

from django.core.management import call_command
from django.utils import timezone

import pytest

from policies.demo import seed_comments
from policies.models import Comment, Synthesis
from tests.factories import ConsultationDraftFactory


@pytest.mark.django_db
class TestSeedComments:
    def test_no_drafts_no_comments(self, demo_data):
        assert seed_comments() == 0
        assert not Comment.objects.exists()

    def test_every_state_on_the_open_draft_and_a_published_synthesis_on_the_closed_one(self, db):
        now = timezone.now()
        open_draft = ConsultationDraftFactory()
        closed = ConsultationDraftFactory(
            consultation_opens=now - datetime.timedelta(days=60), consultation_closes=now - datetime.timedelta(days=30)
        )
        first = seed_comments()
        assert first > 0 and seed_comments() == 0
        states = set(open_draft.comments.values_list("state", flat=True))
        assert states == {"pending", "approved", "hidden", "spam"}
        assert open_draft.comments.exclude(handling="").exists() and open_draft.comments.filter(handling="").exists()
        assert open_draft.comments.exclude(source="online").exists()
        assert Synthesis.objects.get(draft=closed).published
        assert not Synthesis.objects.filter(draft=open_draft).exists()

    def test_seed_demo_command_runs_twice(self, db):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
