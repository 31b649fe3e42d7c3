import pytest

from tests.factories import UnitFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # A reused test database may have been emptied by a live-server (transactional) test.
    from home.setup import ensure_page_tree

    with django_db_blocker.unblock():
        ensure_page_tree()


@pytest.fixture(autouse=True)
def fresh_cache():
    """The locmem cache (page cache, rate limits, Wagtail's site root paths) outlives each test's rolled-back
    database; every test starts with an empty one, whichever worker ran what before."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    """`seed_demo`'s rows, built once per session (tests/snapshot.py)."""
    from tests.snapshot import DemoSnapshot

    with django_db_blocker.unblock():
        return DemoSnapshot.take()


@pytest.fixture
def demo_data(db, demo_snapshot):
    """The demo data `make run` shows (units, demo accounts, home page, drafts, comments, outreach, reports)."""
    demo_snapshot.restore()


@pytest.fixture
def unit(db):
    return UnitFactory()


@pytest.fixture
def other_unit(db):
    return UnitFactory()


@pytest.fixture
def make_user(db):
    def make(role=None, units=(), **kwargs):
        return UserFactory(role=role, units=list(units), **kwargs)

    return make
