import datetime
import re
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from policies.models import NotificationSent, Subscription
from tests.factories import ConsultationDraftFactory, SynthesisFactory

# Attachments and uploads go to throw-away folders (tests/policies/conftest.py).
pytestmark = pytest.mark.usefixtures("private_media")

ADDRESS = "nguoi-theo-doi@example.org"


def subscribe(client, draft, email=ADDRESS, **extra):
    return client.post(reverse("policies_subscribe", args=[draft.pk]), {"email": email, "consent": "on", **extra})


def link_in(message, kind):
    return re.search(rf"http://testserver(/theo-doi/{kind}/[^/\s]+/)", message.body).group(1)


def confirmed(client, draft, email=ADDRESS):
    subscribe(client, draft, email)
    client.post(link_in(mail.outbox[-1], "xac-nhan"))
    return Subscription.objects.get(draft=draft, email=email)


def run_command():
    call_command("send_draft_notifications", stdout=StringIO())


@pytest.fixture
def upcoming(db):
    now = timezone.now()
    return ConsultationDraftFactory(
        consultation_opens=now + datetime.timedelta(days=2), consultation_closes=now + datetime.timedelta(days=22)
    )


@pytest.mark.django_db
class TestDoubleOptIn:
    def test_subscribing_sends_a_confirmation_and_nothing_else(self, client, upcoming):
        response = subscribe(client, upcoming, email="Nguoi-Theo-Doi@Example.org")
        assert response.status_code == 200
        subscription = Subscription.objects.get()
        assert subscription.email == ADDRESS and subscription.confirmed_at is None
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [ADDRESS]
        assert upcoming.code in mail.outbox[0].subject

    def test_confirmation_link_shows_a_button_and_confirms_on_post(self, client, upcoming):
        subscribe(client, upcoming)
        link = link_in(mail.outbox[0], "xac-nhan")
        page = client.get(link)
        assert page.status_code == 200 and "Xác nhận nhận tin" in page.content.decode()
        assert Subscription.objects.get().confirmed_at is None  # a mail scanner opening the link confirms nothing
        client.post(link)
        assert Subscription.objects.get().active

    def test_forged_or_expired_tokens_are_refused(self, client, upcoming):
        subscribe(client, upcoming)
        link = link_in(mail.outbox[0], "xac-nhan")
        assert client.post(link[:-3] + "xx/").status_code == 400
        with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
            assert client.post(link).status_code == 400
        assert Subscription.objects.get().confirmed_at is None

    def test_a_confirm_token_cannot_unsubscribe(self, client, upcoming):
        subscription = confirmed(client, upcoming)
        token = link_in(mail.outbox[0], "xac-nhan").split("/")[-2]
        assert client.post(reverse("policies_unsubscribe", args=[token])).status_code == 400
        subscription.refresh_from_db()
        assert subscription.active

    def test_invalid_email_and_missing_consent_are_refused(self, client, upcoming):
        assert subscribe(client, upcoming, email="khong-phai-thu").status_code == 400
        response = client.post(reverse("policies_subscribe", args=[upcoming.pk]), {"email": ADDRESS})
        assert "Vui lòng đánh dấu ô đồng ý" in response.content.decode()
        assert not Subscription.objects.exists() and mail.outbox == []

    def test_same_answer_for_an_address_already_following(self, client, upcoming):
        confirmed(client, upcoming)
        sent = len(mail.outbox)
        first = subscribe(client, upcoming)
        assert first.status_code == 200 and len(mail.outbox) == sent
        assert Subscription.objects.count() == 1

    def test_unpublished_draft_cannot_be_followed(self, client, upcoming):
        upcoming.unpublish()
        assert subscribe(client, upcoming).status_code == 404

    def test_honeypot_stores_nothing(self, client, upcoming):
        subscribe(client, upcoming, website="x")
        assert not Subscription.objects.exists()


@pytest.mark.django_db
class TestNotifications:
    def test_opened_closing_and_synthesis_each_sent_once(self, client, upcoming):
        subscription = confirmed(client, upcoming)
        mail.outbox.clear()
        run_command()
        assert mail.outbox == []  # not open yet

        with time_machine.travel(upcoming.consultation_opens + datetime.timedelta(hours=1)):
            run_command()
            run_command()
        assert [m.subject for m in mail.outbox] == [f"Bắt đầu lấy ý kiến dự thảo {upcoming.code}"]
        message = mail.outbox[0]
        unsubscribe = message.extra_headers["List-Unsubscribe"]
        assert unsubscribe.startswith("<http://testserver/theo-doi/huy/")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        with time_machine.travel(upcoming.consultation_closes - datetime.timedelta(days=3, minutes=1)):
            run_command()
        assert len(mail.outbox) == 1
        with time_machine.travel(upcoming.consultation_closes - datetime.timedelta(days=2)):
            run_command()
            run_command()
        assert mail.outbox[-1].subject == f"Còn ba ngày hết hạn góp ý dự thảo {upcoming.code}"
        assert len(mail.outbox) == 2

        with time_machine.travel(upcoming.consultation_closes + datetime.timedelta(days=5)):
            run_command()
            assert mail.outbox[-1].subject == f"Đã hết hạn lấy ý kiến dự thảo {upcoming.code}"
            assert len(mail.outbox) == 3
            SynthesisFactory(draft=upcoming, published=True)
            run_command()
            run_command()
        assert mail.outbox[-1].subject == f"Đã công bố bản tổng hợp ý kiến dự thảo {upcoming.code}"
        assert "tong-hop/" in mail.outbox[-1].body
        assert len(mail.outbox) == 4
        assert sorted(NotificationSent.objects.filter(subscription=subscription).values_list("kind", flat=True)) == [
            "closed",
            "closing",
            "opened",
            "synthesis",
        ]

    def test_unconfirmed_and_unsubscribed_followers_get_nothing(self, client, upcoming):
        subscribe(client, upcoming, email="chua-xac-nhan@example.org")
        confirmed(client, upcoming)
        notice_link = None
        mail.outbox.clear()
        with time_machine.travel(upcoming.consultation_opens + datetime.timedelta(hours=1)):
            run_command()
            assert [m.to for m in mail.outbox] == [[ADDRESS]]
            notice_link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").replace("http://testserver", "")
        # RFC 8058 one-click: the mail client POSTs without a CSRF token.
        client.handler.enforce_csrf_checks = True
        response = client.post(notice_link, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert not Subscription.objects.get(email=ADDRESS).active
        mail.outbox.clear()
        with time_machine.travel(upcoming.consultation_closes - datetime.timedelta(days=1)):
            run_command()
        assert mail.outbox == []

    def test_following_an_already_open_draft_skips_the_opened_notice(self, client, open_draft):
        confirmed(client, open_draft)
        mail.outbox.clear()
        run_command()
        assert mail.outbox == []

    def test_unsubscribe_page_asks_before_acting(self, client, upcoming):
        subscription = confirmed(client, upcoming)
        from policies.tasks import unsubscribe_url

        path = unsubscribe_url(subscription).replace("http://testserver", "")
        assert "Hủy nhận tin" in client.get(path).content.decode()
        subscription.refresh_from_db()
        assert subscription.active
