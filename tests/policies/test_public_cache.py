"""Every anonymous public page is served from the page cache, dropped exactly when what it shows changes."""

import datetime

from django.utils import timezone

import pytest
import time_machine

from cms import page_cache
from policies import cache as public_cache
from policies import roles
from policies.models import AudienceVersion, DraftPage, OrganisationIdentity
from policies.setup import setup_audience_languages
from tests.factories import (
    CommentFactory,
    DraftPageFactory,
    PolicyFieldFactory,
    SynthesisFactory,
    TrainingSessionFactory,
    UnitFactory,
    draft_index,
)


def hit(response):
    return response.get("X-Page-Cache") == "hit"


def section(anchor, number, heading):
    return ("section", {"kind": "article", "number": number, "heading": heading, "anchor": anchor, "body": "<p>x</p>"})


@pytest.fixture
def site(db):
    index = draft_index()
    draft = DraftPageFactory(
        parent=index,
        title="Miễn thuế sử dụng đất nông nghiệp",
        sections=[section("dieu-1", "Điều 1", "Phạm vi"), section("dieu-2", "Điều 2", "Mức miễn")],
        policy_fields=[PolicyFieldFactory()],
        coordinating_units=[UnitFactory()],
    )
    SynthesisFactory(draft=draft, published=True)
    languages = setup_audience_languages()
    draft.audience_versions.add(
        AudienceVersion(language=languages["jra"], summary="Tóm tắt Jrai", loudspeaker_script="Bài đọc Jrai")
    )
    draft.save_revision().publish()
    draft = DraftPage.objects.get(pk=draft.pk)
    CommentFactory(draft=draft, state="approved", body="Đề nghị miễn cho cả hộ thuê đất.")
    TrainingSessionFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    return {"index": index, "draft": draft}


def public_urls(draft):
    return [
        "/",
        "/du-thao/",
        "/du-thao/?trang_thai=open",
        "/du-thao/?trang=1&trang_thai=open",
        "/tim-kiem/?q=thue",
        draft.url,
        draft.url + "tong-hop/",
        draft.url + "in/",
        draft.url + "loa/",
        draft.url + "ban/jra/",
        draft.url + "ban/jra/in/",
        draft.url + "ban/jra/loa/",
        f"/loa/{draft.drafting_unit.code}/rss/",
        "/du-thao/rss/",
        "/du-thao/rss/dang-lay-y-kien/",
        "/so-lieu-cong-khai/",
        "/tap-huan/",
        "/sitemap.xml",
    ]


@pytest.mark.django_db
class TestEveryPublicPageIsCached:
    def test_second_anonymous_visit_is_a_hit_with_the_same_body(self, client, site):
        for url in public_urls(site["draft"]):
            first = client.get(url)
            assert first.status_code == 200, url
            second = client.get(url)
            assert not hit(first) and hit(second), url
            assert second.content == first.content, url

    def test_no_cached_page_carries_a_csrf_token_or_a_cookie(self, client, site):
        for url in public_urls(site["draft"]):
            client.get(url)
            response = client.get(url)
            assert hit(response), url
            assert b"csrfmiddlewaretoken" not in response.content, url
            assert not response.cookies, url
            assert "Set-Cookie" not in response, url

    def test_logged_in_users_are_never_served_or_stored(self, client, site, make_user):
        anonymous = client.get("/du-thao/")
        client.force_login(make_user(role=roles.EDITOR, units=[site["draft"].drafting_unit]))
        for url in public_urls(site["draft"]):
            client.get(url)
            assert not hit(client.get(url)), url
        client.logout()
        assert not hit(anonymous)

    def test_the_comment_form_is_never_stored(self, client, site):
        url = site["draft"].url + "gop-y/"
        client.get(url)
        assert not hit(client.get(url))

    def test_unknown_or_repeated_parameters_are_never_stored(self, client, site):
        for url in ("/du-thao/?x=1", "/du-thao/?trang_thai=open&trang_thai=closed", "/tim-kiem/?q=thue&utm=1"):
            client.get(url)
            assert not hit(client.get(url)), url

    def test_parameter_order_does_not_make_another_copy(self, client, site):
        client.get("/du-thao/?trang_thai=open&trang=1")
        assert hit(client.get("/du-thao/?trang=1&trang_thai=open"))

    def test_an_invalid_filter_or_a_page_out_of_range_is_not_stored(self, client, site):
        for url in ("/du-thao/?trang_thai=sai", "/du-thao/?trang=99", "/tim-kiem/?q=thue&trang=abc"):
            client.get(url)
            assert not hit(client.get(url)), url

    def test_long_search_words_are_not_stored(self, client, site):
        url = "/tim-kiem/?q=" + "thue+" * 20
        client.get(url)
        assert not hit(client.get(url))

    def test_a_group_holds_a_bounded_number_of_addresses(self, client, site, monkeypatch):
        monkeypatch.setattr(page_cache, "MAX_KEYS_PER_GROUP", 2)
        for words in ("thue", "dat", "nong"):
            client.get(f"/tim-kiem/?q={words}")
        assert hit(client.get("/tim-kiem/?q=thue"))
        assert not hit(client.get("/tim-kiem/?q=nong"))

    def test_a_full_group_forgets_expired_addresses_and_stores_again(self, client, site, monkeypatch):
        from django.core.cache import cache

        monkeypatch.setattr(page_cache, "MAX_KEYS_PER_GROUP", 2)
        for words in ("thue", "dat"):
            client.get(f"/tim-kiem/?q={words}")
        expired = cache.get(page_cache.registry_key(public_cache.DRAFT_LISTS))
        cache.delete_many(list(expired))  # as if both copies had reached their expiry
        client.get("/tim-kiem/?q=nong")
        assert hit(client.get("/tim-kiem/?q=nong"))


@pytest.mark.django_db
class TestExactInvalidation:
    LISTS = ("/", "/du-thao/", "/du-thao/rss/", "/du-thao/rss/dang-lay-y-kien/", "/tim-kiem/?q=thue", "/sitemap.xml")

    def warm(self, client, urls):
        for url in urls:
            client.get(url)
            assert hit(client.get(url)), url

    def test_publishing_a_draft_drops_every_list_and_leaves_other_drafts(self, client, site):
        other = site["draft"]
        self.warm(client, [*self.LISTS, other.url])
        new = DraftPageFactory(
            parent=site["index"], title="Thuế tài nguyên nước", live=False, drafting_unit=other.drafting_unit
        )
        new.save_revision().publish()
        for url in self.LISTS:
            response = client.get(url)
            assert not hit(response), url
            assert ("Thuế tài nguyên nước" if url != "/sitemap.xml" else new.url) in response.content.decode(), url
        assert hit(client.get(other.url))

    def test_unpublishing_a_draft_drops_the_lists_and_its_pages(self, client, site):
        draft = site["draft"]
        self.warm(client, [*self.LISTS, draft.url + "in/"])
        draft.unpublish()
        for url in self.LISTS:
            response = client.get(url)
            assert not hit(response), url
            assert (draft.title if url != "/sitemap.xml" else draft.slug) not in response.content.decode(), url
        assert client.get(draft.url + "in/").status_code == 404

    def test_approving_a_comment_drops_the_draft_page_and_synthesis_only(self, client, site, make_user):
        draft = site["draft"]
        pages = [draft.url, draft.url + "tong-hop/"]
        self.warm(client, [*pages, "/du-thao/"])
        comment = CommentFactory(draft=draft, body="Cần làm rõ đối tượng được miễn.")
        comment.moderate("approve", make_user(role=roles.MODERATOR, units=[draft.drafting_unit]))
        for url in pages:
            response = client.get(url)
            assert not hit(response), url
            assert "Cần làm rõ đối tượng được miễn." in response.content.decode(), url
        assert hit(client.get("/du-thao/"))

    def test_a_visitors_comment_waiting_for_moderation_leaves_the_draft_page_cached(self, client, site):
        # A hot draft draws a flood of comments: each one must not re-render its page for everyone.
        draft = site["draft"]
        self.warm(client, [draft.url])
        CommentFactory(draft=draft, state="pending", body="Chờ duyệt, chưa hiện.")
        assert hit(client.get(draft.url))

    def test_a_comment_entered_approved_by_staff_drops_the_draft_page(self, client, site):
        draft = site["draft"]
        self.warm(client, [draft.url])
        CommentFactory(draft=draft, state="approved", body="Ý kiến tại hội nghị thôn, đã duyệt.")
        response = client.get(draft.url)
        assert not hit(response) and "Ý kiến tại hội nghị thôn, đã duyệt." in response.content.decode()

    def test_a_drop_runs_again_once_the_change_commits(self, client, site, django_capture_on_commit_callbacks):
        draft = site["draft"]
        with django_capture_on_commit_callbacks(execute=True):
            public_cache.drop(public_cache.DRAFT_LISTS)
            self.warm(client, ["/du-thao/"])  # a visitor stores the list before the commit
        assert not hit(client.get("/du-thao/"))
        assert hit(client.get("/du-thao/")) and draft.title in client.get("/du-thao/").content.decode()

    def test_changing_the_organisations_identity_drops_every_page(self, client, site):
        urls = public_urls(site["draft"])
        self.warm(client, urls)
        identity = OrganisationIdentity.load()
        identity.site_name = "Cổng góp ý dự thảo tỉnh Quảng Ngãi"
        identity.save()
        for url in urls:
            response = client.get(url)
            assert not hit(response), url
        assert "Cổng góp ý dự thảo tỉnh Quảng Ngãi" in client.get("/").content.decode()

    def test_renaming_a_unit_drops_every_page(self, client, site):
        unit = site["draft"].drafting_unit
        self.warm(client, [site["draft"].url, "/du-thao/"])
        unit.name = "Sở Tài chính tỉnh"
        unit.save()
        assert "Sở Tài chính tỉnh" in client.get(site["draft"].url).content.decode()
        assert not hit(client.get("/du-thao/"))

    def test_a_training_session_change_drops_the_training_page(self, client, site):
        unit = site["draft"].drafting_unit  # a new unit would drop every page: its name is printed everywhere
        self.warm(client, ["/tap-huan/", "/du-thao/"])
        in_nine_days = timezone.now() + datetime.timedelta(days=9)
        TrainingSessionFactory(title="Tập huấn luật đất đai mới", starts_at=in_nine_days, organising_unit=unit)
        response = client.get("/tap-huan/")
        assert not hit(response) and "Tập huấn luật đất đai mới" in response.content.decode()
        assert hit(client.get("/du-thao/"))

    def test_a_report_change_drops_the_transparency_page(self, client, site):
        from reports.models import ReportPeriod

        self.warm(client, ["/so-lieu-cong-khai/", "/tap-huan/"])
        ReportPeriod.from_code(str(timezone.localdate().year)).save()
        assert not hit(client.get("/so-lieu-cong-khai/"))
        assert hit(client.get("/tap-huan/"))


@pytest.mark.django_db
class TestWindowOpeningAndClosing:
    def test_the_list_changes_status_at_the_closing_instant(self, client, db):
        closes = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=2)
        DraftPageFactory(parent=draft_index(), title="Phí chợ", consultation_closes=closes)
        with time_machine.travel(closes - datetime.timedelta(seconds=30), tick=False):
            assert 'class="badge open"' in client.get("/du-thao/").content.decode()
        with time_machine.travel(closes, tick=False):  # the closing second is still open: served as stored
            response = client.get("/du-thao/")
            assert hit(response) and 'class="badge open"' in response.content.decode()
        with time_machine.travel(closes + datetime.timedelta(seconds=1), tick=False):
            response = client.get("/du-thao/")
            assert not hit(response)
            assert 'class="badge closed"' in response.content.decode()
            assert "Phí chợ" not in client.get("/du-thao/rss/dang-lay-y-kien/").content.decode()

    def test_the_home_page_shows_a_draft_the_instant_its_window_opens(self, client, db):
        opens = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
        DraftPageFactory(
            parent=draft_index(),
            title="Hỗ trợ nhà ở",
            consultation_opens=opens,
            consultation_closes=opens + datetime.timedelta(days=30),
        )
        with time_machine.travel(opens - datetime.timedelta(minutes=1), tick=False):
            assert "Hỗ trợ nhà ở" not in client.get("/").content.decode()
        with time_machine.travel(opens, tick=False):
            response = client.get("/")
            assert not hit(response) and "Hỗ trợ nhà ở" in response.content.decode()

    def test_a_list_expires_at_the_next_change_of_any_published_window(self, db):
        now = timezone.now()
        DraftPageFactory(parent=draft_index(), consultation_closes=now + datetime.timedelta(seconds=40))
        assert public_cache.seconds_until_any_change(now) <= 41

    def test_nothing_is_kept_when_a_window_opens_within_the_second(self, db):
        now = timezone.now()
        assert public_cache.seconds_until(now, starts=[now + datetime.timedelta(milliseconds=500)]) == 0
        assert public_cache.seconds_until(now, ends=[now]) == 1


class TestPrivatePagesStayPrivate:
    def test_a_private_draft_moved_among_its_siblings_is_still_refused(self, client, site):
        from wagtail.models import PageViewRestriction

        draft = site["draft"]
        sibling = DraftPageFactory(parent=site["index"], title="Dự thảo đứng trước")
        PageViewRestriction.objects.create(page=draft, restriction_type=PageViewRestriction.LOGIN)
        assert client.get(draft.url).status_code == 302  # the set of restricted paths is now kept
        old_path = draft.path
        DraftPage.objects.get(pk=draft.pk).move(sibling, pos="left")  # rewrites its path
        assert DraftPage.objects.get(pk=draft.pk).path != old_path
        assert client.get(draft.url).status_code == 302

    def test_dropping_every_page_is_one_write_whatever_is_stored(self, client, site):
        urls = ["/", "/du-thao/", site["draft"].url]
        for url in urls:
            client.get(url)
        assert all(hit(client.get(url)) for url in urls)
        page_cache.drop_group(page_cache.ALL_PAGES)
        assert not any(hit(client.get(url)) for url in urls)
