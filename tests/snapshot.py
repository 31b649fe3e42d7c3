"""Build the demo data once per test session and put it back row for row in each test that asks for it.

`seed_demo` takes about a second (Wagtail pages, revisions, reference index); run before every test that needs
it, it was two thirds of the suite. Instead the session seeds once inside a transaction, copies every table it
changed, and rolls back. A test then gets exactly the rows `seed_demo` would have written, with the same ids, in
a few milliseconds. Foreign keys are deferred on both databases, so tables load in any order.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


class _Rollback(Exception):
    pass


def _tables():
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _quote(name):
    return connection.ops.quote_name(name)


def _read(table):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY keeps every value's text form (JSON, ranges, arrays) exactly as stored.
            with cursor.cursor.copy(f"COPY {_quote(table)} TO STDOUT") as copy:
                return b"".join(bytes(block) for block in copy)
        cursor.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608 - table names come from introspection
        return cursor.fetchall()


def _write(table, rows):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_quote(table)}")  # noqa: S608
        if not rows:
            return
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_quote(table)} FROM STDIN") as copy:
                copy.write(rows)
            return
        marks = ", ".join(["%s"] * len(rows[0]))
        cursor.executemany(f"INSERT INTO {_quote(table)} VALUES ({marks})", rows)  # noqa: S608


def _dump():
    return {table: _read(table) for table in _tables()}


class DemoSnapshot:
    """The tables `seed_demo` writes, as it leaves them on top of a freshly migrated database."""

    def __init__(self):
        self.tables = {}
        self.changed = ()

    @classmethod
    def take(cls, seed=lambda: call_command("seed_demo", stdout=open("/dev/null", "w"))):  # noqa: SIM115
        snapshot = cls()
        try:
            with transaction.atomic():
                before = _dump()
                seed()
                snapshot.tables = _dump()
                snapshot.changed = tuple(t for t, rows in snapshot.tables.items() if rows != before.get(t))
                raise _Rollback
        except _Rollback:
            pass
        return snapshot

    def restore(self, *, everything=False):
        """Load the demo rows; `everything` also reloads untouched tables (a live-server test flushed them)."""
        tables = tuple(self.tables) if everything else self.changed
        with transaction.atomic():
            for table in tables:
                _write(table, self.tables[table])
            if connection.vendor == "postgresql":
                self._move_sequences_past_loaded_ids(tables)
        ContentType.objects.clear_cache()
        cache.clear()

    @staticmethod
    def _move_sequences_past_loaded_ids(tables):
        from django.apps import apps

        models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
