"""The consultation status is one rule written twice, in Python (window_status) and in SQL
(DraftPage.objects.with_status / with_status_of): both must give the same answer at every boundary."""

import datetime

import pytest

from policies.models import ConsultationStatus, DraftPage, window_status
from tests.factories import DraftPageFactory, draft_index

pytestmark = pytest.mark.django_db

OPENS = datetime.datetime(2026, 3, 1, 7, 0, tzinfo=datetime.UTC)
CLOSES = OPENS + datetime.timedelta(days=20)
TICK = datetime.timedelta(microseconds=1)

# The moments around both ends of the window, to the microsecond the database keeps.
MOMENTS = [
    OPENS - datetime.timedelta(days=1),
    OPENS - TICK,
    OPENS,
    OPENS + TICK,
    CLOSES - TICK,
    CLOSES,
    CLOSES + TICK,
    CLOSES + datetime.timedelta(days=1),
]

# (opens, closes) as stored: a full window, and the rows the admin form never lets through but the
# database may still hold (one date missing, or none).
WINDOWS = {
    "full": (OPENS, CLOSES),
    "no_close": (OPENS, None),
    "no_open": (None, CLOSES),
    "none": (None, None),
}


@pytest.fixture
def drafts():
    index = draft_index()
    stored = {}
    for name, (opens, closes) in WINDOWS.items():
        draft = DraftPageFactory(parent=index, title=f"Cửa sổ {name}")
        # Bypasses DraftPage.clean, which refuses a window with one date.
        DraftPage.objects.filter(pk=draft.pk).update(consultation_opens=opens, consultation_closes=closes)
        stored[draft.pk] = (opens, closes)
    return stored


@pytest.mark.parametrize("now", MOMENTS, ids=[moment.isoformat() for moment in MOMENTS])
def test_sql_status_agrees_with_python_status(drafts, now):
    annotated = dict(DraftPage.objects.filter(pk__in=drafts).with_status(now).values_list("pk", "status_now"))
    expected = {pk: window_status(opens, closes, now).value for pk, (opens, closes) in drafts.items()}
    assert annotated == expected


@pytest.mark.parametrize("now", MOMENTS, ids=[moment.isoformat() for moment in MOMENTS])
@pytest.mark.parametrize("status", list(ConsultationStatus))
def test_sql_filter_agrees_with_python_status(drafts, now, status):
    found = set(DraftPage.objects.filter(pk__in=drafts).with_status_of(status, now).values_list("pk", flat=True))
    expected = {pk for pk, (opens, closes) in drafts.items() if window_status(opens, closes, now) == status}
    assert found == expected


def test_boundaries_are_inclusive_at_both_ends():
    # The rule itself, so that agreement above is agreement on the right answer.
    assert window_status(OPENS, CLOSES, OPENS - TICK) == ConsultationStatus.UPCOMING
    assert window_status(OPENS, CLOSES, OPENS) == ConsultationStatus.OPEN
    assert window_status(OPENS, CLOSES, CLOSES) == ConsultationStatus.OPEN
    assert window_status(OPENS, CLOSES, CLOSES + TICK) == ConsultationStatus.CLOSED
    assert window_status(OPENS, None, CLOSES) == ConsultationStatus.NONE
    assert window_status(None, CLOSES, OPENS) == ConsultationStatus.NONE


def test_open_for_comments_is_the_open_status(drafts):
    for now in MOMENTS:
        open_now = set(DraftPage.objects.filter(pk__in=drafts).open_for_comments(now).values_list("pk", flat=True))
        assert open_now == set(
            DraftPage.objects.filter(pk__in=drafts)
            .with_status_of(ConsultationStatus.OPEN, now)
            .values_list("pk", flat=True)
        )
