import datetime

from django.urls import reverse

import pytest

from policies.models import Comment
from reports.models import ReportPeriod
from tests.factories import RosterMemberFactory
from tests.reports.fixtures import make_activities, make_drafts, make_tree

pytestmark = pytest.mark.django_db


class TestTransparencyPage:
    def test_public_yearly_figures_without_personal_data(self, client):
        ReportPeriod.objects.create(kind="annual", year=2026)  # a saved year is always listed
        tree = make_tree()
        make_activities(tree)
        drafts = make_drafts(tree)
        Comment.objects.create(
            draft=drafts.a,
            body="Góp ý riêng",
            name="Trần Thị Bí Mật",
            contact="0912345678",
            organisation="Xã Sông Xanh",
            received_on=datetime.date(2026, 3, 1),
            state="approved",
        )
        RosterMemberFactory(unit=tree.commune1, full_name="Lê Văn Tuyên Truyền", phone="0987654321")
        response = client.get(reverse("transparency"), {"nam": "2026"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Kết quả truyền thông dự thảo chính sách năm 2026" in html
        assert response.context["figures"].activities["cost"] == 10650 + 900
        for private in ("Trần Thị Bí Mật", "0912345678", "Lê Văn Tuyên Truyền", "0987654321", "Góp ý riêng"):
            assert private not in html
        assert {table.key for table in response.context["tables"]}.isdisjoint({"comments_by_unit", "roster"})

    @pytest.mark.parametrize("year", ["abc", "1990", "2026-H1"])
    def test_unknown_year_is_not_found(self, client, year):
        assert client.get(reverse("transparency"), {"nam": year}).status_code == 404

    def test_home_page_links_to_it(self, client, demo_data):
        assert reverse("transparency") in client.get("/").content.decode()
