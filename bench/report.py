"""Benchmark: a 6-month report for the whole unit tree over 100,000 activities, 500 drafts, 20,000 comments.

Loads the data with bulk_create into a throw-away SQLite database (or the database
named by DATABASE_URL, which must be empty and disposable), then measures:
the XLSX export of the 100,000 activity rows (peak Python memory, tracemalloc),
and the time to compute the report figures. The last line prints
`report seconds: N` (target < 1).

    .venv/bin/python bench/report.py [ACTIVITIES] [DRAFTS] [COMMENTS]
"""

import datetime
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ACTIVITIES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
DRAFTS = int(sys.argv[2]) if len(sys.argv) > 2 else 500
COMMENTS = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="bench-report-")
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

START = datetime.date(2025, 12, 15)
DAYS = 182


def load():
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from outreach.models import ActivityRecord, CommunicationForm
    from policies.models import Comment, DraftIndexPage, DraftPage, Unit

    rng = random.Random(2026)
    with open(os.devnull, "w") as devnull:
        call_command("migrate", verbosity=0, stdout=devnull)
        call_command("seed_demo", stdout=devnull)
    district = Unit.objects.get(code="ia-hdrai")
    Unit.objects.bulk_create(
        Unit(name=f"Xã Thử {n}", code=f"xa-thu-{n}", kind=Unit.Kind.COMMUNE, parent=district) for n in range(100)
    )
    units = list(Unit.objects.values_list("pk", flat=True))
    forms = list(CommunicationForm.objects.values_list("pk", flat=True))
    index = DraftIndexPage.objects.get()
    now = timezone.now()
    with disable_reference_index_auto_update():
        for n in range(DRAFTS - DraftPage.objects.count()):
            opens = timezone.make_aware(datetime.datetime.combine(START, datetime.time(8))) + datetime.timedelta(
                days=rng.randrange(-60, DAYS)
            )
            index.add_child(
                instance=DraftPage(
                    title=f"Dự thảo thử {n}",
                    slug=f"du-thao-thu-{n}",
                    code=f"DT-BENCH-{n:04d}",
                    summary="Dự thảo dùng để đo tốc độ báo cáo.",
                    drafting_unit_id=rng.choice(units),
                    criterion_requires_proposal=True,
                    criterion_rights_obligations=True,
                    criterion_sensitive=rng.random() < 0.8,
                    criterion_wide_impact=True,
                    proposal_opens=(opens - datetime.timedelta(days=40)).date() if rng.random() < 0.5 else None,
                    consultation_opens=opens,
                    consultation_closes=opens + datetime.timedelta(days=30),
                    submitted_on=(opens + datetime.timedelta(days=45)).date() if rng.random() < 0.5 else None,
                    first_published_at=now if rng.random() < 0.5 else None,
                )
            )
    drafts = list(DraftPage.objects.values_list("pk", flat=True))
    day = datetime.timedelta(days=1)
    ActivityRecord.objects.bulk_create(
        (
            ActivityRecord(
                date=START + rng.randrange(DAYS) * day,
                unit_id=rng.choice(units),
                draft_id=rng.choice(drafts) if rng.random() < 0.5 else None,
                form_id=rng.choice(forms),
                content=f"Hoạt động truyền thông số {n}",
                sessions=rng.randint(1, 3),
                participants=rng.randint(0, 200),
                cost=rng.choice([0, 200_000, 500_000, 1_500_000]),
                funding_source=rng.choice(["Ngân sách xã", "Ngân sách huyện", ""]),
                fingerprint=f"bench{n}",
            )
            for n in range(ACTIVITIES)
        ),
        batch_size=5000,
    )
    sources = [choice for choice, _label in Comment.Source.choices]
    organisations = ["UBND xã Ia Tơi", "Xã Ia Đal", "Hội Nông dân", "", "Thôn 1"]
    Comment.objects.bulk_create(
        (
            Comment(
                draft_id=rng.choice(drafts),
                receipt=f"GY-BENCH-{n:06d}",
                body=f"Góp ý số {n}",
                text_fingerprint=f"{n:032d}",
                organisation=rng.choice(organisations),
                source=rng.choice(sources),
                received_on=START + rng.randrange(DAYS) * day,
                state=rng.choice(["approved", "approved", "pending", "spam"]),
                handling=rng.choice(["", "taken_in", "explained", "not_taken"]),
            )
            for n in range(COMMENTS)
        ),
        batch_size=5000,
    )


def main():
    from reports import documents, figures
    from reports.models import ReportPeriod

    load()
    period = ReportPeriod.from_code("2026-H1")
    result = figures.compute(period)
    tracemalloc.start()
    with tempfile.TemporaryFile() as handle:
        documents.write_xlsx(result, handle)
        size = handle.tell()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"activities: {result.activities['count']}, in-scope drafts due: {result.in_scope}, "
        f"comments: {result.comments_total}"
    )
    print(f"xlsx: {size / 2**20:.1f} MiB file, peak memory {peak / 2**20:.1f} MiB for {ACTIVITIES} activity rows")
    timings = []
    for _run in range(3):
        started = time.perf_counter()
        figures.compute(period)
        timings.append(time.perf_counter() - started)
    print(f"report seconds: {min(timings):.2f}")


if __name__ == "__main__":
    main()
