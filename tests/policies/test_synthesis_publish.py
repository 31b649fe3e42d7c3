"""The comment moderator publishes the synthesis of their own units' drafts, through the admin form.

Publishing while the consultation is still open, or while comments lack a handling, comes back asking
for confirmation and says how many; another unit's draft stays out of reach.
"""

import datetime
import re
from html import unescape

from django.urls import reverse
from django.utils import timezone

import pytest

from policies import roles
from policies.models import Comment, Synthesis
from tests.factories import CommentFactory, ConsultationDraftFactory, SynthesisFactory

CREATE = "wagtailsnippets_policies_synthesis:add"
INDEX = "wagtailsnippets_policies_synthesis:list"
CONFIRM_BOX = 'name="confirm_publish"'


def edit_url(synthesis):
    return reverse("wagtailsnippets_policies_synthesis:edit", args=[synthesis.pk])


def closed_draft(unit):
    now = timezone.now()
    return ConsultationDraftFactory(
        drafting_unit=unit,
        consultation_opens=now - datetime.timedelta(days=40),
        consultation_closes=now - datetime.timedelta(days=10),
    )


def form_data(draft, **extra):
    """What a moderator types into the empty form (the date as the widget shows it, day first)."""
    return {
        "draft": draft.pk,
        "number_symbol": "21/BC-PGDĐT",
        "place": "Xã Mẫu",
        "issued_on": "25/11/2026",
        "bodies_consulted": "8",
        "people_consulted": "120",
        "introduction": "",
        "signer_title": "Trưởng phòng",
        "signer_name": "Trần Văn Bình",
        "recipients": "- Lưu: VT.",
        "published": "on",
        **extra,
    }


def visible_text(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def moderator(unit, make_user):
    return make_user(role=roles.MODERATOR, units=[unit])


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.mark.django_db
class TestModeratorPublishes:
    def test_moderator_sees_the_synthesis_listing(self, moderator_client):
        response = moderator_client.get(reverse(INDEX))
        assert response.status_code == 200
        assert "Thêm bản tổng hợp ý kiến" in visible_text(response)

    def test_publishes_a_closed_fully_handled_consultation_at_once(self, moderator_client, unit):
        draft = closed_draft(unit)
        CommentFactory(draft=draft, state="approved", handling="taken_in", response="Đã sửa.")
        CommentFactory(draft=draft, state="hidden")  # hidden as off-topic: needs no handling
        CommentFactory(draft=draft, state="spam")
        form = moderator_client.get(reverse(CREATE))
        assert form.status_code == 200 and CONFIRM_BOX not in form.content.decode()
        assert f'<option value="{draft.pk}">' in form.content.decode()
        response = moderator_client.post(reverse(CREATE), form_data(draft))
        assert response.status_code == 302
        synthesis = Synthesis.objects.get(draft=draft)
        assert synthesis.published and synthesis.published_at is not None
        assert moderator_client.get(draft.url + "tong-hop/").status_code == 200

    def test_publishes_an_existing_synthesis_from_its_edit_form(self, moderator_client, unit):
        synthesis = SynthesisFactory(draft=closed_draft(unit), published=False, issued_on=datetime.date(2026, 11, 11))
        response = moderator_client.post(edit_url(synthesis), form_data(synthesis.draft))
        assert response.status_code == 302
        synthesis.refresh_from_db()
        assert synthesis.published


@pytest.mark.django_db
class TestPublishingEarlyAsksForConfirmation:
    def test_unhandled_comments_are_counted_and_confirmation_publishes(self, moderator_client, unit):
        draft = closed_draft(unit)
        CommentFactory(draft=draft, state="approved", handling="explained", response="Đã giải trình.")
        CommentFactory.create_batch(2, draft=draft, state="approved")
        CommentFactory(draft=draft, state="pending")
        CommentFactory(draft=draft, state="hidden")
        CommentFactory(draft=draft, state="spam")

        response = moderator_client.post(reverse(CREATE), form_data(draft))
        assert response.status_code == 200
        text = visible_text(response)
        assert "Còn 3 góp ý chưa có cách xử lý" in text
        assert "trong đó 1 góp ý còn chờ duyệt" in text
        assert "Thời hạn lấy ý kiến chưa kết thúc" not in text
        assert CONFIRM_BOX in response.content.decode()
        assert not Synthesis.objects.exists()

        response = moderator_client.post(reverse(CREATE), form_data(draft, confirm_publish="on"))
        assert response.status_code == 302
        assert Synthesis.objects.get(draft=draft).published

    def test_open_window_is_named_with_its_closing_time(self, moderator_client, unit):
        closes = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(
            hour=17, minute=0, second=0, microsecond=0
        )
        draft = ConsultationDraftFactory(drafting_unit=unit, consultation_closes=closes)
        response = moderator_client.post(reverse(CREATE), form_data(draft))
        assert response.status_code == 200
        text = visible_text(response)
        assert f"Thời hạn lấy ý kiến chưa kết thúc (hết hạn lúc 17:00 ngày {closes:%d/%m/%Y})" in text
        assert "chưa có cách xử lý" not in text
        assert not Synthesis.objects.exists()

    def test_saving_unpublished_needs_no_confirmation(self, moderator_client, unit):
        draft = ConsultationDraftFactory(drafting_unit=unit)
        CommentFactory(draft=draft, state="pending")
        data = form_data(draft)
        del data["published"]
        assert moderator_client.post(reverse(CREATE), data).status_code == 302
        assert not Synthesis.objects.get(draft=draft).published

    def test_editing_an_already_published_synthesis_asks_nothing(self, moderator_client, unit):
        draft = ConsultationDraftFactory(drafting_unit=unit)
        CommentFactory(draft=draft, state="approved")
        synthesis = SynthesisFactory(draft=draft, published=True)
        response = moderator_client.post(edit_url(synthesis), form_data(draft, number_symbol="22/BC-PGDĐT"))
        assert response.status_code == 302
        synthesis.refresh_from_db()
        assert synthesis.number_symbol == "22/BC-PGDĐT" and synthesis.published

    def test_the_edit_form_of_an_unpublished_synthesis_asks_too(self, moderator_client, unit):
        draft = closed_draft(unit)
        CommentFactory(draft=draft, state="approved")
        synthesis = SynthesisFactory(draft=draft, published=False, issued_on=datetime.date(2026, 11, 11))
        response = moderator_client.post(edit_url(synthesis), form_data(draft))
        assert response.status_code == 200
        assert "Còn 1 góp ý chưa có cách xử lý" in visible_text(response)
        synthesis.refresh_from_db()
        assert not synthesis.published


@pytest.mark.django_db
class TestModeratorStaysInOwnUnits:
    def test_cannot_publish_for_another_units_draft(self, moderator_client, other_unit):
        draft = closed_draft(other_unit)
        assert f'<option value="{draft.pk}"' not in moderator_client.get(reverse(CREATE)).content.decode()
        response = moderator_client.post(reverse(CREATE), form_data(draft, confirm_publish="on"))
        assert response.status_code == 200
        assert not Synthesis.objects.exists()

    def test_opens_own_but_not_another_units_synthesis(self, moderator_client, unit, other_unit):
        own = SynthesisFactory(draft=closed_draft(unit), published=False, number_symbol="98/BC-MINH")
        theirs = SynthesisFactory(draft=closed_draft(other_unit), published=False, number_symbol="99/BC-KHAC")
        listing = moderator_client.get(reverse(INDEX)).content.decode()
        assert "98/BC-MINH" in listing and "99/BC-KHAC" not in listing
        assert moderator_client.get(edit_url(own)).status_code == 200
        response = moderator_client.get(edit_url(theirs))
        assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
        moderator_client.post(edit_url(theirs), form_data(theirs.draft, confirm_publish="on"))
        theirs.refresh_from_db()
        assert not theirs.published

    def test_pending_comments_of_another_unit_do_not_count(self, moderator_client, unit, other_unit):
        draft = closed_draft(unit)
        CommentFactory(draft=closed_draft(other_unit), state="pending")
        assert moderator_client.post(reverse(CREATE), form_data(draft)).status_code == 302
        assert Synthesis.objects.get(draft=draft).published
        assert Comment.objects.filter(draft=draft).count() == 0
