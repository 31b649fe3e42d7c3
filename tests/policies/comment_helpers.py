"""What the comment tests send: the comment form's address and a form as a person's browser fills it."""

import datetime
import uuid

from django.utils import timezone

from policies.forms import form_stamp


def comment_url(draft):
    return draft.subpage_url("comment")


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
