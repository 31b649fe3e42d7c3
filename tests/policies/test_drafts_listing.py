import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms import page_cache
from tests.factories import (
    DraftPageFactory,
    PolicyFieldFactory,
    UnitFactory,
    draft_index,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def index(db):
    return draft_index()


def titles(response):
    return [draft.title for draft in response.context["drafts"]]


@pytest.mark.django_db
class TestDraftListing:
    def test_open_first_soonest_deadline_first_with_days_left(self, client, index):
        now = timezone.now()
        DraftPageFactory(
            parent=index, title="Đã đóng", consultation_opens=now - 40 * DAY, consultation_closes=now - DAY
        )
        DraftPageFactory(
            parent=index, title="Sắp mở", consultation_opens=now + DAY, consultation_closes=now + 30 * DAY
        )
        DraftPageFactory(
            parent=index, title="Mở lâu", consultation_closes=now + 25 * DAY + datetime.timedelta(hours=1)
        )
        DraftPageFactory(parent=index, title="Mở gấp", consultation_closes=now + 2 * DAY + datetime.timedelta(hours=1))
        response = client.get(index.url)
        assert titles(response) == ["Mở gấp", "Mở lâu", "Sắp mở", "Đã đóng"]
        html = response.content.decode()
        assert "còn 3 ngày" in html and "còn 26 ngày" in html

    def test_filters_by_status_unit_field_and_year(self, client, index):
        now = timezone.now()
        unit, field = UnitFactory(name="Phòng Lọc"), PolicyFieldFactory(name="Đất đai")
        DraftPageFactory(parent=index, title="Của phòng", drafting_unit=unit, policy_fields=[field])
        DraftPageFactory(
            parent=index,
            title="Năm cũ",
            consultation_opens=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC),
            consultation_closes=datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC),
        )
        DraftPageFactory(
            parent=index, title="Sắp mở", consultation_opens=now + DAY, consultation_closes=now + 30 * DAY
        )
        assert titles(client.get(index.url, {"trang_thai": "upcoming"})) == ["Sắp mở"]
        assert titles(client.get(index.url, {"trang_thai": "closed"})) == ["Năm cũ"]
        assert titles(client.get(index.url, {"co_quan": unit.pk})) == ["Của phòng"]
        assert titles(client.get(index.url, {"linh_vuc": field.slug})) == ["Của phòng"]
        assert titles(client.get(index.url, {"nam": 2024})) == ["Năm cũ"]

    def test_nonsense_filters_are_ignored_with_a_message(self, client, index):
        DraftPageFactory(parent=index)
        response = client.get(index.url, {"trang_thai": "<x>", "nam": "abc", "co_quan": "9999999", "trang": "zz"})
        assert response.status_code == 200
        assert len(titles(response)) == 1
        assert "không hợp lệ" in response.content.decode()

    def test_paginates_ten_a_page_and_keeps_filters(self, client, index):
        for _n in range(12):
            DraftPageFactory(parent=index)
        first = client.get(index.url, {"trang_thai": "open"})
        assert len(titles(first)) == 10
        assert "trang_thai=open&amp;trang=2" in first.content.decode()
        assert len(titles(client.get(index.url, {"trang_thai": "open", "trang": 2}))) == 2

    def test_unpublished_drafts_are_not_listed(self, client, index):
        DraftPageFactory(parent=index, title="Bản nháp", live=False)
        assert titles(client.get(index.url)) == []

    def test_query_count_does_not_grow_with_drafts(self, client, index, django_assert_max_num_queries):
        fields = PolicyFieldFactory.create_batch(2)

        def count():
            page_cache.drop_all()  # the anonymous page cache would answer without a query
            with CaptureQueriesContext(connection) as queries:
                assert client.get(index.url).status_code == 200
            return len(queries)

        for _n in range(3):
            DraftPageFactory(parent=index, policy_fields=fields, coordinating_units=[UnitFactory()])
        count()  # warm Wagtail's per-process caches (site root paths)
        few = count()
        for _n in range(27):
            DraftPageFactory(parent=index, policy_fields=fields, coordinating_units=[UnitFactory()])
        page_cache.drop_all()
        with django_assert_max_num_queries(few):
            assert client.get(index.url).status_code == 200
        assert count() == few
