"""In-process CPU per uncached render of a draft page (issue 12 target: <= 3 ms, <= 8 queries).

    .venv/bin/python bench/draft_page_cpu.py [--database-url URL] [--runs 60]

Without --database-url it builds a throw-away SQLite database with the demo (migrate + seed_demo) and
measures its draft with the most public comments; with one (e.g. the province dataset of
bench/province.py) it measures that database's live draft with the most public comments. Each run is an
anonymous request through Django's test Client (bench/settings.py: DEBUG off) after the page cache's
copies are dropped; Wagtail's site root paths, the organisation's identity and the view restrictions
stay in the cache, as they do in production. Last line: median CPU milliseconds and queries.
"""

import argparse
import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.province import measure, runs_argument, setup_django  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="an existing database (default: a new demo one)")
    runs_argument(parser, 60)
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="bench-draft-cpu-")
    setup_django(args.database_url or f"sqlite:///{workdir}/db.sqlite3")

    from django.core.management import call_command
    from django.db.models import Count, Q
    from django.test import Client

    from cms import page_cache
    from policies.models import Comment, DraftPage

    if args.database_url is None:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("seed_demo", stdout=io.StringIO())
    draft = (
        DraftPage.objects.live()
        .annotate(public=Count("comments", filter=Q(comments__state=Comment.State.APPROVED)))
        .order_by("-public", "pk")
        .first()
    )
    client = Client(HTTP_HOST="localhost")
    for _warm in range(5):  # imports, templates, Wagtail's site root paths
        page_cache.drop_all()
        client.get(draft.url)
    wall, cpu, queries, response = measure(lambda: client.get(draft.url), args.runs, page_cache.drop_all)
    if response.status_code != 200 or response.get("X-Page-Cache") == "hit":
        raise SystemExit(f"{draft.url} answered {response.status_code} {response.get('X-Page-Cache')}")
    print(f"draft {draft.code} ({draft.public} public comments), {len(response.content):,} bytes")
    print(f"wall {wall * 1000:.1f} ms")
    print(f"uncached draft page: {cpu * 1000:.1f} ms CPU in-process, {queries} queries (median of {args.runs})")


if __name__ == "__main__":
    main()
