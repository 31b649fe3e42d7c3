"""The session's demo snapshot is exactly what `seed_demo` writes, so tests that use it test the real demo."""

import io
from pathlib import Path

from django.core.management import call_command

from wagtail.models import Page

import pytest

from policies.models import Unit
from tests.snapshot import _dump, _tables, _write


def demo_shape():
    """Row counts per table and the demo's natural keys (ids, clock-relative dates and random passwords vary)."""
    from django.contrib.auth import get_user_model

    return (
        {table: rows.count(b"\n") if isinstance(rows, bytes) else len(rows) for table, rows in _dump().items()},
        sorted(Page.objects.values_list("url_path", "live")),
        sorted(get_user_model().objects.values_list("username", "is_superuser")),
        sorted(Unit.objects.values_list("code", "parent__code", "successor__code")),
    )


ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_restored_snapshot_equals_a_fresh_seed(demo_snapshot):
    call_command("seed_demo", stdout=io.StringIO())
    seeded = demo_shape()
    for table in _tables():  # as empty as a live-server test leaves it (flush cannot run inside a transaction)
        _write(table, ())
    demo_snapshot.restore(everything=True)
    assert demo_shape() == seeded


@pytest.mark.django_db
def test_seed_demo_on_a_restored_snapshot_changes_nothing(demo_data):
    before = demo_shape()
    call_command("seed_demo", stdout=io.StringIO())
    assert demo_shape() == before


def test_no_test_reads_files_outside_the_repository():
    outside = "/".join(("", "work", "shared"))
    for path in (ROOT / "tests").rglob("*.py"):
        assert outside not in path.read_text(encoding="utf-8"), path
