"""6-month reports on the province dataset: time and queries of the figures and exports (median), read-only.

    .venv/bin/python bench/province_report.py --database-url postgres://postgres@127.0.0.1:5432/province_db \\
        [--period 2026-H1] [--runs 5]

What reports/views.py does for the Justice Office (every unit: `figures.compute(period, None, allowed_ids=None)`)
and for one merged commune (its subtree and predecessors), then what its DOCX and XLSX downloads call
(reports.documents.docx_bytes, write_xlsx) on those figures, once each (they take longest).
Queries counted with CaptureQueriesContext.
Last line: the two figures computations against the issue's targets (< 1 s province, < 0.2 s commune).
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.province import CLERK_USER, database_argument, measure, runs_argument, setup_django  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    database_argument(parser)
    runs_argument(parser, 5)
    parser.add_argument("--period", default="2026-H1", help="report period code (default 2026-H1)")
    args = parser.parse_args(argv)
    setup_django(args.database_url)

    from outreach.models import ActivityRecord
    from policies.models import UnitMembership
    from reports import documents, figures
    from reports.models import ReportPeriod

    period = ReportPeriod.from_code(args.period)
    commune = UnitMembership.objects.select_related("unit").get(user__username=CLERK_USER).unit
    in_period = ActivityRecord.objects.filter(date__gte=period.start, date__lte=period.end).count()
    print(
        f"period {period.code} ({period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}): "
        f"{ActivityRecord.objects.count():,} activities, {in_period:,} in the period"
    )
    results = {}
    for label, unit in (("province", None), (f"commune {commune.code}", commune)):
        wall, cpu, queries, result = measure(
            lambda unit=unit: figures.compute(period, unit, allowed_ids=None), args.runs
        )
        results[label] = wall
        print(
            f"{label:<22} figures: {wall:6.3f} s, {cpu:6.3f} s CPU, {queries} queries "
            f"({result.activities['count']:,} activities, {result.comments_total:,} comments, "
            f"{len(result.drafts)} drafts due)"
        )
        narrative = documents.narrative_for(period, unit)
        wall, _cpu, queries, payload = measure(lambda result=result, n=narrative: documents.docx_bytes(result, n), 1)
        print(f"{label:<22} DOCX: {wall:6.3f} s, {queries} queries, {len(payload) / 1024:.0f} KiB")

        def xlsx(result=result):
            with tempfile.TemporaryFile() as handle:
                documents.write_xlsx(result, handle)
                return handle.tell()

        wall, _cpu, queries, size = measure(xlsx, 1)
        print(f"{label:<22} XLSX: {wall:6.3f} s, {queries} queries, {size / 1024:.0f} KiB")
    province, commune_seconds = results.values()
    print(
        f"report seconds: province {province:.2f} (target < 1), commune {commune_seconds:.2f} (target < 0.2), "
        f"median of {args.runs}"
    )


if __name__ == "__main__":
    main()
