"""Shared fixtures and helpers for the comment tests (import with `from ... import *`)."""

import datetime
import uuid

from django.utils import timezone

import pytest

from policies.forms import form_stamp
from tests.factories import CommentFactory, ConsultationDraftFactory

__all__ = ["comment_url", "open_draft", "private_media", "valid_data", "CommentFactory", "ConsultationDraftFactory"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Attachments go to a throw-away private folder; MEDIA_ROOT is a different one."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.MEDIA_ROOT = str(tmp_path / "public")
    from django.core.cache import cache

    cache.clear()
    return tmp_path / "private"


@pytest.fixture
def open_draft(db):
    return ConsultationDraftFactory()


def comment_url(draft):
    return draft.url + "gop-y/"


def valid_data(draft, **overrides):
    """What a person's browser sends after a minute on the form (its stamp names its token)."""
    token = str(uuid.uuid4())
    data = {
        "body": "Đề nghị bổ sung hỗ trợ cho hộ nghèo ở thôn xa.",
        "name": "Nguyễn Văn An",
        "organisation": "Thôn 1, xã Ia Tơi",
        "contact": "",
        "publish_as": "name",
        "consent": "on",
        "website": "",
        "stamp": form_stamp(draft, token, now=timezone.now() - datetime.timedelta(minutes=1)),
        "token": token,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
