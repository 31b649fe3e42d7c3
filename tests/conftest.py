from django.core.management import call_command

import pytest

from tests.factories import UnitFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # A reused test database may have been emptied by a live-server (transactional) test.
    from home.setup import ensure_page_tree

    with django_db_blocker.unblock():
        ensure_page_tree()


@pytest.fixture
def demo_data(db):
    """The demo data `make run` shows (units, demo accounts, home page)."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


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
