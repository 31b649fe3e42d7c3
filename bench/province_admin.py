"""Admin listings on the province dataset: server time and queries per page (median), read-only.

    .venv/bin/python bench/province_admin.py --database-url postgres://postgres@127.0.0.1:5432/province_db [--runs 7]

Django's test Client signed in with force_login as the accounts bench/province.py makes: the Justice Office
(`pv-tuphap`, every unit) and a merged commune's clerk (`pv-xa`) on the activity listing, first page and a page
filtered by form; the comment moderation list (Justice Office and a department's moderator, `pv-kiemduyet`),
first page and pending only; the roster (Justice Office and a department's trainer, `pv-taphuan`), first page
and filtered by role.
The time is the Client's round trip in-process (the server's work; no network). Listing URLs are resolved from
the snippet viewset registered for the model when there is one, else from wagtail-modeladmin's URL name, so
the script follows a listing that moves between the two. Last line: the slowest page's time against the
issue's 300 ms target.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.province import (  # noqa: E402
    CLERK_USER,
    JUSTICE_USER,
    MODERATOR_USER,
    TRAINER_USER,
    database_argument,
    measure,
    runs_argument,
    setup_django,
)

HOST = "localhost"


def listing(model):
    """(URL of the model's admin listing, whether it is a snippet listing)."""
    from django.urls import NoReverseMatch, reverse

    viewset = getattr(model, "snippet_viewset", None)
    if viewset is not None:
        try:
            return reverse(viewset.get_url_name("list")), True
        except NoReverseMatch:
            pass
    meta = model._meta
    return reverse(f"{meta.app_label}_{meta.model_name}_modeladmin_index"), False


def filter_query(snippet, field, value, lookup="exact"):
    """A list filter's query string: django-filter's plain name on snippet listings, Django admin's lookup
    (`form__id__exact`) on modeladmin ones."""
    return f"{field}={value}" if snippet else f"{field}__{lookup}={value}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    database_argument(parser)
    runs_argument(parser, 7)
    args = parser.parse_args(argv)
    setup_django(args.database_url)

    from django.contrib.auth import get_user_model
    from django.test import Client

    from outreach.models import ActivityRecord, CommunicationForm, RosterMember
    from policies.models import Comment

    users = {user.username: user for user in get_user_model().objects.filter(username__startswith="pv-")}
    form = CommunicationForm.objects.order_by("sort_order", "pk").first()
    activities, activities_snippet = listing(ActivityRecord)
    comments, comments_snippet = listing(Comment)
    roster, roster_snippet = listing(RosterMember)
    by_form = filter_query(activities_snippet, "form", form.pk, "id__exact")
    pending = filter_query(comments_snippet, "state", Comment.State.PENDING)
    reporters = filter_query(roster_snippet, "role", RosterMember.Role.REPORTER)
    print(
        f"{ActivityRecord.objects.count():,} activities, {Comment.objects.count():,} comments, "
        f"{RosterMember.objects.count():,} roster members"
    )
    pages = [
        ("activities", JUSTICE_USER, activities),
        ("activities", JUSTICE_USER, f"{activities}?{by_form}"),
        ("activities", CLERK_USER, activities),
        ("activities", CLERK_USER, f"{activities}?{by_form}"),
        ("comments", JUSTICE_USER, comments),
        ("comments", JUSTICE_USER, f"{comments}?{pending}"),
        ("comments", MODERATOR_USER, comments),
        ("comments", MODERATOR_USER, f"{comments}?{pending}"),
        ("roster", JUSTICE_USER, roster),
        ("roster", JUSTICE_USER, f"{roster}?{reporters}"),
        ("roster", TRAINER_USER, roster),
        ("roster", TRAINER_USER, f"{roster}?{reporters}"),
    ]
    slowest = (0.0, "")
    clients = {}
    for label, username, url in pages:
        if username not in clients:
            clients[username] = Client(HTTP_HOST=HOST)
            clients[username].force_login(users[username])
        client = clients[username]
        client.get(url)  # outside the figures: first-use imports and caches
        wall, cpu, queries, response = measure(lambda client=client, url=url: client.get(url), args.runs)
        if response.status_code != 200:
            raise SystemExit(f"{url} as {username} answered {response.status_code}")
        figures = f"{wall * 1000:7.1f} ms, {cpu * 1000:7.1f} ms CPU, {queries} queries"
        print(f"{label:<10} {username:<13} {url:<60} {figures}")
        slowest = max(slowest, (wall, f"{label} as {username}"))
    print(f"slowest admin listing: {slowest[0] * 1000:.0f} ms ({slowest[1]}; target < 300 ms, median of {args.runs})")


if __name__ == "__main__":
    main()
