"""Public pages on the province dataset: queries and in-process CPU per request (median), read-only.

    .venv/bin/python bench/province_pages.py --database-url postgres://postgres@127.0.0.1:5432/province_db [--runs 15]

Anonymous requests through Django's test Client (bench/settings.py: DEBUG off) to the draft listing, the
search for `thue`, the home page and draft pages. "cold" drops the page cache's copies before each request (the
site root paths, identity and view restrictions stay cached, as in production); "warm"
repeats the request, so a page the anonymous cache stores is served from it (`X-Page-Cache` says so). The
uncached draft page is a different draft each run, never requested before. Last line: the uncached draft
page's queries and CPU milliseconds (issue 12 targets: <= 8 queries, <= 3 ms).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.province import database_argument, measure, runs_argument, setup_django  # noqa: E402

HOST = "localhost"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    database_argument(parser)
    runs_argument(parser, 15)
    args = parser.parse_args(argv)
    setup_django(args.database_url)

    from django.test import Client

    from cms import page_cache
    from policies.models import DraftPage

    client = Client(HTTP_HOST=HOST)
    drafts = DraftPage.objects.live().count()
    print(f"{drafts:,} live drafts")
    pages = [("home", "/"), ("draft listing", "/du-thao/"), ("search thue", "/tim-kiem/?q=thue")]
    for label, url in pages:
        for mode, before in (("cold", page_cache.drop_all), ("warm", None)):
            client.get(url)  # a first request outside the figures: imports, template loading
            wall, cpu, queries, response = measure(lambda url=url: client.get(url), args.runs, before)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            served = response.headers.get("X-Page-Cache", "-")
            print(
                f"{label:<14} {mode}: {queries:>3} queries, {cpu * 1000:6.1f} ms CPU, {wall * 1000:6.1f} ms wall, "
                f"X-Page-Cache {served}"
            )
    urls = iter(
        draft.url for draft in DraftPage.objects.live().specific().order_by("-first_published_at")[: args.runs + 1]
    )
    client.get(next(urls))  # warm-up on its own draft, so every measured draft is requested once
    wall, cpu, queries, response = measure(lambda: client.get(next(urls)), args.runs, page_cache.drop_all)
    if response.status_code != 200:
        raise SystemExit(f"draft page answered {response.status_code}")
    print(f"uncached draft page: {queries} queries, {cpu * 1000:.1f} ms CPU, {wall * 1000:.1f} ms wall")
    print(f"uncached draft page: {queries} queries, {cpu * 1000:.1f} ms CPU in-process (median of {args.runs})")


if __name__ == "__main__":
    main()
