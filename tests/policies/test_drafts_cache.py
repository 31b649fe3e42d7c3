from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory, override_settings

import pytest

from cms import page_cache
from policies import cache as draft_cache
from tests.factories import (
    DraftPageFactory,
    draft_index,
)

PURGED = []


class RecordingBackend:
    """A front-end cache backend that records the URLs it is asked to purge."""

    def __init__(self, params):
        pass

    def invalidates_hostname(self, hostname):
        return True

    def purge(self, url):
        PURGED.append(url)

    def purge_batch(self, urls):
        PURGED.extend(urls)


@pytest.fixture
def draft(db):
    cache.clear()
    return DraftPageFactory(parent=draft_index(), title="Tiêu đề gốc")


def hit(response):
    return response.get("X-Page-Cache") == "hit"


@pytest.mark.django_db
class TestAnonymousDraftCache:
    def test_second_anonymous_visit_is_served_from_the_cache(self, client, draft):
        first = client.get(draft.url)
        second = client.get(draft.url)
        assert not hit(first) and hit(second)
        assert second.content == first.content
        assert second["Content-Type"].startswith("text/html")

    def test_publishing_a_new_revision_drops_the_cached_page(self, client, draft):
        client.get(draft.url)
        draft.title = "Tiêu đề mới"
        draft.save_revision().publish()
        response = client.get(draft.url)
        assert not hit(response) and "Tiêu đề mới" in response.content.decode()

    def test_a_page_stored_between_a_change_and_its_commit_is_dropped_after_the_commit(
        self, client, draft, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            draft_cache.drop_draft(draft.pk)
            client.get(draft.url)  # a visitor in that instant stores the page as it was before the commit
            assert hit(client.get(draft.url))
        assert not hit(client.get(draft.url))

    def test_unpublishing_drops_the_cached_page(self, client, draft):
        client.get(draft.url)
        draft.unpublish()
        assert client.get(draft.url).status_code == 404

    def test_logged_in_visitors_are_never_served_or_stored(self, client, draft, make_user):
        client.force_login(make_user())
        client.get(draft.url)
        assert not hit(client.get(draft.url))
        client.logout()
        assert not hit(client.get(draft.url))

    def test_query_strings_bypass_the_cache(self, client, draft):
        client.get(draft.url)
        assert not hit(client.get(draft.url, {"x": "1"}))

    def test_comment_form_is_never_stored_and_the_notice_and_script_are(self, client, draft):
        client.get(draft.url + "gop-y/")
        assert not hit(client.get(draft.url + "gop-y/"))
        assert cache.get(page_cache.registry_key(draft_cache.draft_group(draft.pk))) is None
        for suffix in ("in/", "loa/"):
            client.get(draft.url + suffix)
            assert hit(client.get(draft.url + suffix)), suffix

    def test_cached_page_holds_no_csrf_token(self, client, draft):
        client.get(draft.url)
        response = client.get(draft.url)
        assert hit(response)
        assert b"csrfmiddlewaretoken" not in response.content
        assert not response.cookies

    def test_stays_cached_no_longer_than_until_the_window_changes(self, draft):
        from django.utils import timezone

        now = timezone.now()
        draft.consultation_closes = now + draft_cache.datetime.timedelta(seconds=30)
        assert draft_cache.seconds_until_change(draft, now) <= 31


class TestCacheMiddlewareRefusesPersonalResponses:
    """The middleware alone, with tiny views: it must store only anonymous, cookie-free answers."""

    def run(self, view, **request_kwargs):
        cache.clear()
        request = RequestFactory().get("/du-thao/x/", **request_kwargs)
        middleware = page_cache.AnonymousPageCacheMiddleware(view)
        middleware(request)
        return cache.get(page_cache.url_key(RequestFactory().get("/du-thao/x/")))

    def marked(self, body=None):
        def view(request):
            page_cache.mark_cacheable(request, 1, 60)
            return body(request) if body else HttpResponse("ok")

        return view

    @override_settings(ALLOWED_HOSTS=["testserver"])
    def test_stores_a_plain_anonymous_page(self):
        assert self.run(self.marked())["content"] == b"ok"

    @override_settings(ALLOWED_HOSTS=["testserver"])
    def test_never_stores_a_page_that_asked_for_a_csrf_token(self):
        assert self.run(self.marked(lambda request: HttpResponse(get_token(request)))) is None

    @override_settings(ALLOWED_HOSTS=["testserver"])
    def test_never_stores_a_page_that_sets_a_cookie(self):
        def body(request):
            response = HttpResponse("ok")
            response.set_cookie("x", "1")
            return response

        assert self.run(self.marked(body)) is None

    @override_settings(ALLOWED_HOSTS=["testserver"])
    def test_never_stores_for_a_visitor_with_a_session_or_messages(self):
        assert self.run(self.marked(), HTTP_COOKIE="sessionid=abc") is None
        assert self.run(self.marked(), HTTP_COOKIE="messages=abc") is None

    @override_settings(ALLOWED_HOSTS=["testserver"])
    def test_never_stores_an_unmarked_view(self):
        assert self.run(lambda request: HttpResponse("ok")) is None


@pytest.mark.django_db
@override_settings(WAGTAILFRONTENDCACHE={"test": {"BACKEND": "tests.policies.test_drafts_cache.RecordingBackend"}})
def test_publishing_purges_draft_index_and_both_feeds_from_the_frontend_cache(draft):
    PURGED.clear()
    draft.save_revision().publish()
    assert "http://localhost/du-thao/" in PURGED
    assert "http://localhost/du-thao/rss/" in PURGED
    assert "http://localhost/du-thao/rss/dang-lay-y-kien/" in PURGED
    assert f"http://localhost{draft.url}" in PURGED
    assert f"http://localhost{draft.url}in/" in PURGED
