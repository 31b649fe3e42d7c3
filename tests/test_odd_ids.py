"""Ids typed into URLs and forms: odd digits and huge numbers give a clear answer, never a 500."""

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from cms.http import parse_id

ODD = ["²", "٣", "1e3", "-1", " ", "99999999999999999999999", "1\x00"]


@pytest.mark.parametrize("value,expected", [("42", 42), (" 7 ", 7), *[(odd, None) for odd in ODD]])
def test_parse_id_takes_ascii_digits_only(value, expected):
    if value == "٣":
        expected = None  # a digit to Python, not an id anyone typed
    assert parse_id(value) == expected


@pytest.mark.django_db
class TestOddIdsNeverCrash:
    @pytest.fixture
    def justice_client(self, demo_data):
        client = Client(raise_request_exception=False)
        client.force_login(get_user_model().objects.get(username="tuphap"))
        return client

    @pytest.mark.parametrize("odd", ODD)
    def test_public_transparency_year(self, demo_data, odd):
        response = Client(raise_request_exception=False).get("/so-lieu-cong-khai/", {"nam": odd})
        assert response.status_code in (200, 404)

    @pytest.mark.parametrize("odd", ODD)
    @pytest.mark.parametrize(
        "url,param",
        [
            ("/admin/policies/comment/", "draft"),
            ("/admin/bao-cao/", "unit"),
            ("/admin/snippets/reports/communicationplan/add/", "draft"),
        ],
    )
    def test_admin_filters(self, justice_client, url, param, odd):
        response = justice_client.get(url, {param: odd})
        assert response.status_code in (200, 302, 404)

    @pytest.mark.parametrize("odd", ODD)
    @pytest.mark.parametrize("action", ["approve", "delete"])
    def test_bulk_comment_ids(self, justice_client, odd, action):
        for send in (justice_client.get, justice_client.post):
            response = send(f"/admin/bulk/policies/comment/{action}/?id={odd}")
            assert response.status_code in (200, 302, 403, 404)

    @pytest.mark.parametrize("odd", ODD)
    def test_bulk_delete_ids_of_other_snippets(self, justice_client, odd):
        for send in (justice_client.get, justice_client.post):
            response = send(f"/admin/bulk/outreach/rostermember/delete/?id={odd}")
            assert response.status_code in (200, 302, 403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["date__gte=abc", "date__lte=31/02/2026", "unit__id__exact=abc"])
def test_hand_edited_activity_filter_is_dropped_with_a_message(demo_data, query):
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="tuphap"))
    response = client.get(f"/admin/outreach/activityrecord/?{query}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"] == "/admin/outreach/activityrecord/"
