"""Fixtures of the comment tests: a draft open for comments, and throw-away media folders."""

import pytest

from tests.factories import ConsultationDraftFactory


@pytest.fixture
def private_media(settings, tmp_path):
    """Attachments go to a throw-away private folder; MEDIA_ROOT is a different one. The comment tests
    ask for it by module (pytestmark), so other tests keep the project's folders."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "public")
    from django.core.cache import cache

    cache.clear()
    return tmp_path / "private"


@pytest.fixture
def open_draft(db):
    return ConsultationDraftFactory()
