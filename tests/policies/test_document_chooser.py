"""The admin's document chooser offers no title of another unit's unpublished draft files or good-practice
evidence: commune staff, editors and trainers may all choose documents in the root collection."""

from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model

import pytest

from outreach.models import GoodPracticeEvidence
from policies import roles
from policies.models import DraftAttachment
from tests.factories import DraftPageFactory, GoodPracticeFactory, UnitFactory, draft_index

pytestmark = pytest.mark.django_db


def document(title):
    content = ContentFile(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    content.name = "tep.pdf"
    return get_document_model().objects.create(title=title, file=content)


def chooser_html(user):
    client = Client()
    client.force_login(user)
    return client.get(reverse("wagtaildocs_chooser:choose")).json()["html"]


@pytest.fixture
def world(make_user):
    own, other = UnitFactory(name="Xã Một"), UnitFactory(name="Xã Hai")
    unpublished = DraftPageFactory(parent=draft_index(), drafting_unit=other, live=False)
    published = DraftPageFactory(parent=draft_index(), drafting_unit=other)
    DraftAttachment.objects.create(page=unpublished, document=document("Tờ trình CHUA-CONG-BO"))
    DraftAttachment.objects.create(page=published, document=document("Tờ trình DA-CONG-BO"))
    practice = GoodPracticeFactory(unit=other)
    GoodPracticeEvidence.objects.create(practice=practice, document=document("Biên bản MINH-CHUNG-XA-HAI"))
    return {
        "clerk": make_user(role=roles.COMMUNE_STAFF, units=[own]),
        "other_clerk": make_user(role=roles.COMMUNE_STAFF, units=[other]),
    }


def test_another_units_unpublished_draft_files_and_evidence_are_not_offered(world):
    html = chooser_html(world["clerk"])
    assert "CHUA-CONG-BO" not in html and "MINH-CHUNG-XA-HAI" not in html
    assert "DA-CONG-BO" in html  # a published draft's file is public anyway


def test_the_units_own_staff_are_offered_them(world):
    html = chooser_html(world["other_clerk"])
    assert "CHUA-CONG-BO" in html and "MINH-CHUNG-XA-HAI" in html
