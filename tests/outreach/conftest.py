from pathlib import Path

import pytest

from tests.factories import sample_drafts

# The sheets as communes fill them in, committed with the tests so the suite runs on any clone.
SAMPLES = Path(__file__).resolve().parent.parent / "data"
SAMPLE_XLSX = SAMPLES / "hoat-dong-truyen-thong-6-thang-2026.xlsx"
SAMPLE_CSV = SAMPLES / "hoat-dong-truyen-thong-6-thang-2026.csv"


@pytest.fixture
def outreach_data(demo_data):
    """Demo data plus the three drafts the sample sheet names (created if seed_demo did not)."""
    return sample_drafts()


@pytest.fixture
def justice(outreach_data):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="tuphap")


@pytest.fixture
def commune_staff(outreach_data):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="xaiatoi")
