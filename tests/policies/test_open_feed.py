import datetime
import zoneinfo

import pytest
import time_machine
from defusedxml import ElementTree

from tests.factories import (
    DraftPageFactory,
    draft_index,
)

FEED = "/du-thao/rss/dang-lay-y-kien/"
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, hour=8):
    return datetime.datetime(2026, 11, day, hour, 0, tzinfo=HANOI)


def titles(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    return [item.findtext("title").split(" – ", 1)[1] for item in root.findall("./channel/item")]


@pytest.fixture
def drafts(db):
    index = draft_index()
    made = {
        "closes later": (at(1), at(30)),
        "closes soon": (at(2), at(12)),
        "upcoming": (at(20), at(28)),
        "closed": (at(1), at(5)),
    }
    for title, (opens, closes) in made.items():
        DraftPageFactory(parent=index, title=title, consultation_opens=opens, consultation_closes=closes)
    DraftPageFactory(parent=index, title="no window", consultation_opens=None, consultation_closes=None)
    DraftPageFactory(parent=index, title="open but unpublished", live=False)
    return index


@pytest.mark.django_db
class TestOpenConsultationFeed:
    def test_lists_only_drafts_whose_window_is_open_now_soonest_deadline_first(self, client, drafts):
        with time_machine.travel(at(10), tick=False):
            assert titles(client) == ["closes soon", "closes later"]

    def test_follows_the_clock_as_windows_open_and_close(self, client, drafts):
        # Forward in time only, as a shared page cache sees it: each stored feed expires when a window changes.
        with time_machine.travel(at(4), tick=False):
            assert titles(client) == ["closed", "closes soon", "closes later"]
        with time_machine.travel(at(12, 9), tick=False):
            assert titles(client) == ["closes later"]
        with time_machine.travel(at(21), tick=False):
            assert titles(client) == ["upcoming", "closes later"]

    def test_the_closing_minute_is_still_open(self, client, drafts):
        with time_machine.travel(at(12), tick=False):
            assert "closes soon" in titles(client)

    def test_every_page_announces_both_feeds(self, client, drafts):
        html = client.get("/du-thao/").content.decode()
        assert 'type="application/rss+xml"' in html
        assert f'href="{FEED}"' in html
        assert 'href="/du-thao/rss/"' in html
