"""Query counts that do not grow with the province: the admin listings and the report ask the database the same
number of times for a small province as for one five times larger (bench/province.py's builder at two scales)."""

import datetime
import io
import re
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from bench import province
from outreach.models import CommunicationForm
from policies.models import UnitMembership
from reports import figures
from reports.models import ReportPeriod

SCALES = (0.02, 0.06)
TODAY = datetime.date(2026, 11, 30)
SKIPPED_WHEN_EMPTY = 2
LISTINGS = {
    "activities": "outreach_activityrecord_modeladmin_index",
    "comments": "wagtailsnippets_policies_comment:list",
    "roster": "wagtailsnippets_outreach_rostermember:list",
}


def shape(sql):
    """A query without its values, so the same question about other rows reads the same."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def count_queries(call):
    call()  # outside the count: first-use caches (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return [query["sql"] for query in queries.captured_queries], result


def page_counts():
    users = {user.username: user for user in get_user_model().objects.filter(username__startswith="pv-")}
    form = CommunicationForm.objects.order_by("sort_order", "pk").first()
    listings = {name: reverse(url_name) for name, url_name in LISTINGS.items()}
    # Named by what they show: ids differ between the two builds (PostgreSQL's sequences outlive a rollback).
    pages = {
        "activities, Justice Office": (province.JUSTICE_USER, listings["activities"]),
        "activities by form, Justice Office": (
            province.JUSTICE_USER,
            f"{listings['activities']}?form__id__exact={form.pk}",
        ),
        "activities, clerk": (province.CLERK_USER, listings["activities"]),
        "comments, Justice Office": (province.JUSTICE_USER, listings["comments"]),
        "pending comments, Justice Office": (province.JUSTICE_USER, f"{listings['comments']}?state=pending"),
        "comments, moderator": (province.MODERATOR_USER, listings["comments"]),
        "roster, Justice Office": (province.JUSTICE_USER, listings["roster"]),
        "roster, trainer": (province.TRAINER_USER, listings["roster"]),
    }
    counts = {}
    for label, (username, url) in pages.items():
        client = Client()
        client.force_login(users[username])
        queries, response = count_queries(lambda client=client, url=url: client.get(url))
        assert response.status_code == 200, (username, url)
        counts[label] = queries
    period = ReportPeriod.from_code("2026-H1")
    commune = UnitMembership.objects.select_related("unit").get(user__username=province.CLERK_USER).unit
    for label, unit in (("report: province", None), ("report: commune", commune)):
        counts[label], _result = count_queries(lambda unit=unit: figures.compute(period, unit, allowed_ids=None))
    return counts


@pytest.fixture(scope="module")
def counts_at_each_scale(django_db_setup, django_db_blocker):
    measured = {}
    with django_db_blocker.unblock():
        for scale in SCALES:
            with transaction.atomic():
                call_command("setup_portal", stdout=io.StringIO())
                rows = province.build(scale=scale, seed=11, today=TODAY, progress_stream=io.StringIO())
                measured[scale] = (rows, page_counts())
                transaction.set_rollback(True)
    return measured


def test_the_larger_province_really_is_larger(counts_at_each_scale, db):
    small, large = (counts_at_each_scale[scale][0] for scale in SCALES)
    for name in ("units", "drafts", "comments", "activities", "roster"):
        assert large[name] > small[name], name


def test_listings_and_reports_ask_the_same_number_of_queries_at_both_scales(counts_at_each_scale, db):
    small, large = (counts_at_each_scale[scale][1] for scale in SCALES)
    differing = {
        page: sorted((Counter(map(shape, large[page])) - Counter(map(shape, queries))).elements())
        + ["-- fewer at the small scale --"]
        + sorted((Counter(map(shape, queries)) - Counter(map(shape, large[page]))).elements())
        for page, queries in small.items()
        if len(large[page]) != len(queries)
    }
    # One commune's figures skip a question whose answer must be empty (no draft due, no plan): the smaller
    # province's commune may have none of these, so it may ask up to that many times fewer, never more.
    commune = differing.pop("report: commune", None)
    if commune is not None:
        assert 0 < len(large["report: commune"]) - len(small["report: commune"]) <= SKIPPED_WHEN_EMPTY, commune
    assert not differing, "\n\n".join(f"{page}:\n" + "\n".join(q[:400] for q in qs) for page, qs in differing.items())
