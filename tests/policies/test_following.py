"""Following a draft: the closing notice, the weekly digest, one message per address per run (issue 11, part 7)."""

import datetime
import re
import threading
from io import StringIO
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine

from policies.following import lock, send_due
from policies.forms import CONSENT_NOTICE_VERSION
from policies.models import Follower, FollowerMessage, NotificationSent, Subscription
from tests.factories import ConsultationDraftFactory, SynthesisFactory

pytestmark = pytest.mark.usefixtures("private_media")

# A Tuesday morning in Vietnam; every run below happens at a frozen moment from here.
BASE = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)
ADDRESS = "nguoi-theo-doi@example.org"
OTHER = "hang-xom@example.org"


def run(at):
    """The daily command, at a frozen moment."""
    with time_machine.travel(at, tick=False):
        call_command("send_draft_notifications", stdout=StringIO())


def follow(draft, email=ADDRESS, frequency="each"):
    """A follower confirmed a month before BASE (the tests of the real pages are in TestFrequencyLink)."""
    since = BASE - 30 * DAY
    Follower.objects.update_or_create(email=email, defaults={"frequency": frequency})
    return Subscription.objects.create(
        draft=draft, email=email, consent_notice_version=CONSENT_NOTICE_VERSION, created_at=since, confirmed_at=since
    )


def draft_with(opens, closes, **kwargs):
    return ConsultationDraftFactory(consultation_opens=opens, consultation_closes=closes, **kwargs)


def to(email):
    return [message for message in mail.outbox if message.to == [email]]


def html_of(message):
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def links(message, kind):
    return re.findall(rf"http://testserver(/theo-doi/{kind}/[^/\s\"]+/)", message.body)


@pytest.mark.django_db
class TestClosingNotice:
    def test_closing_notice_is_sent_once_across_runs(self):
        closes = BASE + DAY
        draft = draft_with(BASE - 40 * DAY, closes)  # open before the follower came: no opening notice
        follow(draft)
        run(BASE)
        assert [m.subject for m in mail.outbox] == [f"Còn ba ngày hết hạn góp ý dự thảo {draft.code}"]
        mail.outbox.clear()

        run(closes - HOUR)
        assert mail.outbox == []  # still open: nothing new
        run(closes + HOUR)
        run(closes + 2 * HOUR)
        assert [m.subject for m in mail.outbox] == [f"Đã hết hạn lấy ý kiến dự thảo {draft.code}"]
        assert "Đã hết hạn lấy ý kiến lúc 08:00 02/12/2026" in mail.outbox[0].body
        assert "Đã hết hạn lấy ý kiến lúc 08:00 02/12/2026" in html_of(mail.outbox[0])
        assert "gop-y/" not in mail.outbox[0].body  # the form is closed: no link to it

        run(closes + DAY)  # the next day
        run(closes + 6 * DAY)
        assert len(mail.outbox) == 1
        assert NotificationSent.objects.filter(kind="closed").count() == 1

    def test_extension_reopens_the_window_and_the_new_closing_is_told_again(self):
        closes = BASE + DAY
        draft = draft_with(BASE - 40 * DAY, closes)  # open before the follower came: no opening notice
        follow(draft)
        run(closes + HOUR)
        assert [m.subject for m in mail.outbox] == [f"Đã hết hạn lấy ý kiến dự thảo {draft.code}"]
        mail.outbox.clear()

        new_closes = closes + 10 * DAY
        with time_machine.travel(closes + 2 * HOUR, tick=False):
            draft.original_closes = closes
            draft.consultation_closes = new_closes
            draft.extension_reason = "Nhiều thôn chưa kịp tổ chức hội nghị lấy ý kiến."
            draft.save_revision().publish()

        run(closes + DAY)
        assert mail.outbox == []  # open again, the new deadline is far
        run(new_closes - 2 * DAY)
        run(new_closes - DAY)
        assert [m.subject for m in mail.outbox] == [f"Còn ba ngày hết hạn góp ý dự thảo {draft.code}"]
        assert "hạn cuối 08:00 12/12/2026" in mail.outbox[0].body
        run(new_closes + HOUR)
        run(new_closes + DAY)
        assert [m.subject for m in mail.outbox][1:] == [f"Đã hết hạn lấy ý kiến dự thảo {draft.code}"]
        assert "Đã hết hạn lấy ý kiến lúc 08:00 12/12/2026" in mail.outbox[1].body
        assert NotificationSent.objects.filter(kind="closed").count() == 2

    def test_a_follower_confirmed_after_the_closing_is_not_told_about_it(self):
        closes = BASE - DAY
        draft = draft_with(BASE - 20 * DAY, closes)
        subscription = follow(draft)
        Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=closes + HOUR)
        run(BASE)
        assert mail.outbox == []

    def test_a_closing_older_than_a_week_is_old_news(self):
        draft = draft_with(BASE - 40 * DAY, BASE - 8 * DAY)
        follow(draft)
        run(BASE)
        assert mail.outbox == []


@pytest.mark.django_db
class TestWeeklyDigest:
    def test_at_most_one_digest_a_week_listing_every_notice_since_the_last(self):
        first = draft_with(BASE - HOUR, BASE + 4 * DAY)  # opened now; three days left on day 1; closed on day 5
        second = draft_with(BASE + 2 * DAY, BASE + 30 * DAY)  # opens on day 2
        for draft in (first, second):
            follow(draft, frequency="weekly")
            follow(draft, email=OTHER, frequency="each")

        run(BASE)  # day 0: the first digest goes at once
        [digest] = to(ADDRESS)
        assert digest.subject == "Tóm tắt hằng tuần: 1 tin về 1 dự thảo Quý vị theo dõi"
        assert "Đã bắt đầu lấy ý kiến Nhân dân, đến hết 08:00 05/12/2026" in digest.body
        for day in range(1, 7):  # days 1 to 6, day 3 among them: notices pile up, nothing goes
            run(BASE + day * DAY)
            assert len(to(ADDRESS)) == 1, f"day {day}"

        run(BASE + 7 * DAY)
        run(BASE + 7 * DAY + HOUR)
        run(BASE + 8 * DAY)
        digests = to(ADDRESS)
        assert len(digests) == 2
        week = digests[1]
        assert week.subject == "Tóm tắt hằng tuần: 3 tin về 2 dự thảo Quý vị theo dõi"
        assert "Đây là bản tóm tắt hằng tuần" in week.body
        for line in (
            "02/12/2026: Còn ba ngày nữa là hết hạn góp ý: hạn cuối 08:00 05/12/2026.",
            "06/12/2026: Đã hết hạn lấy ý kiến lúc 08:00 05/12/2026.",
            "03/12/2026: Đã bắt đầu lấy ý kiến Nhân dân, đến hết 08:00 31/12/2026.",
        ):
            assert line in week.body
        assert f"({first.code})" in week.body and f"({second.code})" in week.body
        assert "Đã bắt đầu lấy ý kiến Nhân dân, đến hết 08:00 05/12/2026" not in week.body  # told on day 0
        assert len(set(links(week, "huy"))) == 2  # one unsubscribe link per draft
        assert len(links(week, "cach-nhan-tin")) == 1
        assert "Tóm tắt hằng tuần" in html_of(week)
        # The each-event neighbour heard on days 0, 1, 2 and 5: four messages, never the other's address.
        assert len(to(OTHER)) == 4
        for message in mail.outbox:
            other = OTHER if message.to == [ADDRESS] else ADDRESS
            assert other not in message.body and other not in html_of(message)
            assert other not in str(message.message())
        assert FollowerMessage.objects.filter(follower__email=ADDRESS, digest=True).count() == 2

    def test_switching_to_each_event_delivers_what_the_digest_was_holding(self):
        draft = draft_with(BASE - HOUR, BASE + 4 * DAY)
        follow(draft, frequency="weekly")
        run(BASE)
        run(BASE + DAY)
        assert len(mail.outbox) == 1
        Follower.objects.filter(email=ADDRESS).update(frequency="each")
        run(BASE + DAY + HOUR)
        assert mail.outbox[-1].subject == f"Còn ba ngày hết hạn góp ý dự thảo {draft.code}"
        assert len(mail.outbox) == 2


@pytest.mark.django_db
class TestOneMessagePerAddress:
    def test_an_address_following_several_drafts_gets_one_message_listing_them(self, client):
        drafts = [draft_with(BASE + HOUR, BASE + 20 * DAY) for _ in range(3)]
        subscriptions = [follow(draft) for draft in drafts]
        follow(drafts[0], email=OTHER)
        run(BASE + 2 * HOUR)
        [mine] = to(ADDRESS)
        [theirs] = to(OTHER)
        assert len(mail.outbox) == 2
        assert mine.subject == "3 tin mới về 3 dự thảo Quý vị theo dõi"
        assert all(f"({draft.code})" in mine.body for draft in drafts)
        assert theirs.subject == f"Bắt đầu lấy ý kiến dự thảo {drafts[0].code}"
        assert OTHER not in str(mine.message()) and ADDRESS not in str(theirs.message())
        # A message about one draft carries the one-click header; one about several cannot say which.
        assert theirs.extra_headers["List-Unsubscribe"].startswith("<http://testserver/theo-doi/huy/")
        assert "List-Unsubscribe" not in mine.extra_headers

        # Each draft's own link leaves that draft only.
        unsubscribe_links = links(mine, "huy")
        assert len(set(unsubscribe_links)) == 3
        client.post(unsubscribe_links[1])
        for subscription, active in zip(subscriptions, (True, False, True), strict=True):
            subscription.refresh_from_db()
            assert subscription.active is active

    def test_the_same_address_typed_differently_is_one_follower(self, client):
        drafts = [draft_with(BASE + HOUR, BASE + 20 * DAY) for _ in range(2)]
        with time_machine.travel(BASE - DAY, tick=False):
            for draft, typed in zip(
                drafts, ("Nguoi-Theo-Doi@Example.org", " nguoi-theo-doi@EXAMPLE.ORG"), strict=True
            ):
                client.post(reverse("policies_subscribe", args=[draft.pk]), {"email": typed, "consent": "on"})
                confirm = links(mail.outbox[-1], "xac-nhan")[0]
                client.post(confirm)
        mail.outbox.clear()
        run(BASE + 2 * HOUR)
        assert [m.to for m in mail.outbox] == [[ADDRESS]]
        assert Follower.objects.filter(email=ADDRESS).count() == 1

    def test_a_second_run_the_same_day_finds_nothing_left(self):
        draft = draft_with(BASE + HOUR, BASE + 20 * DAY)
        follow(draft)
        with time_machine.travel(BASE + 2 * HOUR, tick=False):
            assert send_due() == 1
            assert send_due() == 0
        assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
class TestOverlappingRuns:
    def followers(self, count):
        from home.setup import ensure_page_tree

        ensure_page_tree()  # another transactional test's flush may have emptied Wagtail's root page and locale
        draft = draft_with(timezone.now() - HOUR, timezone.now() + 20 * DAY)
        addresses = [f"nguoi-{n}@example.org" for n in range(count)]
        for address in addresses:
            follow(draft, email=address, frequency="weekly" if len(address) % 2 else "each")
        return addresses

    @pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="watches PostgreSQL's lock waits (pg_stat_activity); the test below overlaps runs on SQLite too",
    )
    def test_a_run_waiting_on_another_runs_lock_sends_nothing_twice(self):
        [address] = self.followers(1)
        Follower.objects.filter(email=address).update(frequency="weekly")
        holding, release, errors = threading.Event(), threading.Event(), []

        def first_run():
            try:
                with transaction.atomic():
                    lock(Follower.objects.get(email=address))
                    holding.set()
                    release.wait(30)
                    send_due()
            except Exception as error:  # reported by the main thread
                errors.append(error)
            finally:
                holding.set()
                connections.close_all()

        def second_run():
            try:
                send_due()
            except Exception as error:
                errors.append(error)
            finally:
                connections.close_all()

        one = threading.Thread(target=first_run)
        one.start()
        holding.wait(30)
        two = threading.Thread(target=second_run)
        two.start()
        with connection.cursor() as cursor:  # go on once the second run waits for the first one's lock
            for _attempt in range(3000):
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                if cursor.fetchone()[0]:
                    break
                threading.Event().wait(0.01)
            else:
                pytest.fail("the second run never waited for the first")
        release.set()
        one.join(30)
        two.join(30)
        assert not errors
        assert [m.to for m in mail.outbox] == [[address]]
        assert FollowerMessage.objects.count() == 1

    def test_two_runs_started_together_send_each_address_one_message(self):
        addresses = self.followers(12)
        start, errors = threading.Barrier(2), []

        def one_run():
            try:
                start.wait(30)
                send_due()
            except Exception as error:
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=one_run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors
        assert sorted(m.to[0] for m in mail.outbox) == sorted(addresses)
        assert NotificationSent.objects.filter(sent_at__isnull=True).count() == 0
        assert NotificationSent.objects.count() == len(addresses)


@pytest.mark.django_db
class TestFrequencyLink:
    def subscribe(self, client, draft, frequency):
        with time_machine.travel(BASE - DAY, tick=False):
            response = client.post(
                reverse("policies_subscribe", args=[draft.pk]),
                {"email": ADDRESS, "consent": "on", "frequency": frequency},
            )
            assert response.status_code == 200
            page = client.post(links(mail.outbox[-1], "xac-nhan")[0])
        return page.content.decode()

    def test_the_subscribe_form_offers_both_choices_without_javascript(self, client, open_draft):
        page = client.get(reverse("policies_subscribe", args=[open_draft.pk])).content.decode()
        assert re.search(r'<input type="radio" name="frequency" value="each"[^>]*checked>', page)
        assert "Tóm tắt hằng tuần" in page and "Mỗi khi có tin" in page

    def test_a_made_up_choice_is_refused_in_vietnamese(self, client, open_draft):
        response = client.post(
            reverse("policies_subscribe", args=[open_draft.pk]),
            {"email": ADDRESS, "consent": "on", "frequency": "hourly"},
        )
        assert response.status_code == 400
        assert "Vui lòng chọn cách nhận tin: mỗi khi có tin hoặc tóm tắt hằng tuần." in response.content.decode()
        assert ADDRESS in response.content.decode()  # what was typed is kept
        assert not Subscription.objects.exists() and mail.outbox == []

    def test_the_choice_counts_once_the_address_is_confirmed(self, client):
        draft = draft_with(BASE + HOUR, BASE + 20 * DAY)
        with time_machine.travel(BASE - DAY, tick=False):
            client.post(
                reverse("policies_subscribe", args=[draft.pk]),
                {"email": ADDRESS, "consent": "on", "frequency": "weekly"},
            )
        assert not Follower.objects.filter(frequency="weekly").exists()  # anyone may type an address
        with time_machine.travel(BASE - DAY, tick=False):
            done = client.post(links(mail.outbox[-1], "xac-nhan")[0]).content.decode()
        assert "Cách nhận tin: tóm tắt hằng tuần." in done
        assert Follower.objects.get(email=ADDRESS).frequency == "weekly"

    def test_the_link_in_a_message_changes_the_frequency_through_the_page(self, client):
        draft = draft_with(BASE + HOUR, BASE + 20 * DAY)
        self.subscribe(client, draft, "weekly")
        mail.outbox.clear()
        run(BASE + 2 * HOUR)
        [digest] = mail.outbox
        [link] = links(digest, "cach-nhan-tin")
        assert f"http://testserver{link}" in html_of(digest)

        page = client.get(link)
        assert page.status_code == 200
        text = page.content.decode()
        assert re.search(r'<input type="radio" name="frequency" value="weekly"[^>]*checked>', text)
        assert draft.code in text
        assert Follower.objects.get(email=ADDRESS).frequency == "weekly"  # opening the link changes nothing

        done = client.post(link, {"frequency": "each"})
        assert done.status_code == 200
        assert "Đã lưu. Từ nay bạn nhận tin về mọi dự thảo đang theo dõi theo cách: mỗi khi có tin." in (
            done.content.decode()
        )
        assert Follower.objects.get(email=ADDRESS).frequency == "each"

        # Each event now comes at once, days before a weekly digest would have.
        run(BASE + 17 * DAY + HOUR)
        assert mail.outbox[-1].subject == f"Còn ba ngày hết hạn góp ý dự thảo {draft.code}"

    def test_a_tampered_or_borrowed_token_is_refused_in_vietnamese(self, client):
        draft = draft_with(BASE + HOUR, BASE + 20 * DAY)
        self.subscribe(client, draft, "weekly")
        run(BASE + 2 * HOUR)
        [link] = links(mail.outbox[-1], "cach-nhan-tin")
        token = link.split("/")[-2]
        tampered = link.replace(token, token[:-3] + ("xyz" if not token.endswith("xyz") else "abc"))
        refusal = "Liên kết đổi cách nhận tin không hợp lệ. Vui lòng dùng liên kết trong thư gần nhất."
        for response in (client.get(tampered), client.post(tampered, {"frequency": "each"})):
            assert response.status_code == 400
            assert refusal in response.content.decode()
        # An unsubscribe link's token is signed too, but for another use.
        unsubscribe_token = links(mail.outbox[-1], "huy")[0].split("/")[-2]
        borrowed = reverse("policies_frequency", args=[unsubscribe_token])
        assert client.post(borrowed, {"frequency": "each"}).status_code == 400
        assert Follower.objects.get(email=ADDRESS).frequency == "weekly"

    def test_a_made_up_choice_on_the_page_is_refused_and_changes_nothing(self, client):
        draft = draft_with(BASE + HOUR, BASE + 20 * DAY)
        self.subscribe(client, draft, "weekly")
        run(BASE + 2 * HOUR)
        [link] = links(mail.outbox[-1], "cach-nhan-tin")
        response = client.post(link, {"frequency": "hourly"})
        assert response.status_code == 400
        assert "Vui lòng chọn cách nhận tin" in response.content.decode()
        assert Follower.objects.get(email=ADDRESS).frequency == "weekly"

    def test_the_link_of_an_address_that_left_every_draft_is_refused(self, client):
        draft = draft_with(BASE + HOUR, BASE + 20 * DAY)
        self.subscribe(client, draft, "each")
        run(BASE + 2 * HOUR)
        [link] = links(mail.outbox[-1], "cach-nhan-tin")
        client.post(links(mail.outbox[-1], "huy")[0])
        assert client.post(link, {"frequency": "weekly"}).status_code == 400
        assert Follower.objects.get(email=ADDRESS).frequency == "each"


@pytest.mark.django_db
class TestSynthesisInTheSameMessage:
    def test_closing_and_synthesis_of_one_draft_arrive_together(self):
        draft = draft_with(BASE - 20 * DAY, BASE - HOUR)
        follow(draft)
        SynthesisFactory(draft=draft, published=True)
        run(BASE)
        [message] = mail.outbox
        assert message.subject == "2 tin mới về 1 dự thảo Quý vị theo dõi"
        assert "Xem bản tổng hợp: http://testserver" in message.body and "tong-hop/" in message.body
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


class TestDemo:
    def test_the_demo_followers_get_one_message_each_one_of_them_a_digest(self, demo_data):
        from policies.demo.followers import FOLLOWERS

        call_command("send_draft_notifications", stdout=StringIO())
        call_command("send_draft_notifications", stdout=StringIO())
        by_address = {message.to[0]: message for message in mail.outbox}
        assert len(mail.outbox) == 2 and set(by_address) == {record.email for record in FOLLOWERS}
        weekly = next(record.email for record in FOLLOWERS if record.frequency == "weekly")
        each = next(record.email for record in FOLLOWERS if record.frequency == "each")
        assert by_address[weekly].subject.startswith("Tóm tắt hằng tuần: 2 tin về 2 dự thảo")
        assert by_address[each].subject == "2 tin mới về 2 dự thảo Quý vị theo dõi"
        for message in mail.outbox:
            assert "DT-2026-01" in message.body and "DT-2026-02" in message.body
            assert "Đã bắt đầu lấy ý kiến" in message.body and "đã công bố bản tổng hợp" in message.body
