"""A user of unit A opens every admin URL the project and Wagtail register with unit B's ids, GET and POST, and
neither sees any of unit B's data nor changes any of it.

The patterns are walked from the URLconf (tests/crawl_admin.py), so a view added tomorrow is crawled too; unit
B's objects carry markers in every text field (tests/crawl_unit_b.py). One failure lists every leak of a role.
"""

from django.contrib.auth import get_user_model
from django.test import Client, override_settings

import pytest

from outreach.models import RosterMember
from tests.crawl_admin import admin_patterns, crawl
from tests.crawl_unit_b import build_unit_b

# Every demo role that signs in to the admin and acts for some units only. The superuser and the Justice Office
# (tuphap) act for every unit, unit B included.
SCOPED_ACCOUNTS = {
    "bientap": "editor",
    "kiemduyet": "moderator",
    "xaiatoi": "commune staff",
    "taphuan": "trainer",
}


@pytest.fixture
def unit_b(demo_data, private_media):
    return build_unit_b()


@pytest.fixture
def private_media(settings, tmp_path):
    """B's comment attachment goes to a throw-away private folder."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "public")


def signed_in(username):
    client = Client(enforce_csrf_checks=False, raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("username", SCOPED_ACCOUNTS)
def test_no_admin_url_shows_or_changes_another_units_data(unit_b, username):
    role = f"as {username} ({SCOPED_ACCOUNTS[username]})"
    leaks, requested = crawl(signed_in(username), unit_b, role)
    assert requested > 450, "the walk found too few admin URLs: is the URLconf discovery broken?"
    assert not leaks, f"{len(leaks)} views leak unit B's data {role}:\n" + "\n".join(leaks)


def test_the_walk_reaches_wagtails_and_the_projects_admin_urls(db):
    names = {pattern.name for pattern in admin_patterns()}
    assert {
        "wagtailadmin_pages:edit",
        "wagtailadmin_choose_page_search",
        "wagtail_bulk_action",
        "wagtailadmin_reports:site_history",
        "wagtailsnippets_outreach_trainingsession:copy",
        "wagtailsnippetchoosers_outreach_rostermember:chosen_multiple",
        "outreach_activityrecord_modeladmin_index",
        "wagtailsnippets_policies_comment:attachment",
        "reports_report",
        "outreach_import_undo",
    } <= names


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.crawl_leaky_urls")
def test_the_crawl_reports_a_view_that_forgets_the_rule(unit_b):
    """Three views that ignore the scope, added to the URLconf the way a hook would add them, are all reported."""
    leaky = [pattern for pattern in admin_patterns() if (pattern.name or "").startswith("crawl_leaky_")]
    assert len(leaky) == 3
    leaks, _requested = crawl(signed_in("bientap"), unit_b, "as bientap (editor)", patterns=leaky)
    report = "\n".join(leaks)
    member_pk = unit_b.of_model(RosterMember)[0].pk
    editor = "as bientap (editor)"
    assert f"GET admin/ro-ri/outreach/rostermember/<int:pk>/  {editor}: shows roster" in report
    assert f"GET admin/ro-ri/danh-sach/  {editor}: shows roster" in report
    assert f"POST admin/ro-ri/outreach/rostermember/<int:pk>/xoa/  {editor}: changed outreach.RosterMember" in report
    assert f"/admin/ro-ri/outreach/rostermember/{member_pk}/xoa/" in report
