"""The report's "by unit" tables show the children of the chosen unit, each rolled up with its own subtree
and the units merged into it, instead of collapsing the whole tree into one row."""

import datetime
import re
from html import unescape
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from policies import roles
from policies.models import Unit
from policies.models.units import roll_up
from reports import figures as report_figures
from reports.models import ReportPeriod
from tests.factories import ActivityRecordFactory, CommunicationFormFactory, UnitFactory

D = datetime.date
REPORT = "/admin/bao-cao/"


def table_rows(response, key):
    """The rows of one report table, as the page shows them."""
    html = response.content.decode()
    section = re.search(rf'<section[^>]*aria-labelledby="table-{key}".*?</section>', html, flags=re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", section, flags=re.S).group(1)
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    ]


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
class TestDemoReport:
    def test_justice_office_sees_the_provinces_children_not_one_row(self, demo_data):
        justice = get_user_model().objects.get(username="tuphap")
        rows = table_rows(login(justice).get(REPORT, {"period": "2026-H1"}), "activities_by_unit")
        # Ia Tơi's two records, Ia Đal's conference, and the Justice Office's dialogue under its district.
        assert [(row[0], row[1]) for row in rows] == [("Huyện Ia H'Drai", "1"), ("Xã Ia Tơi", "2"), ("Xã Ia Đal", "1")]

    def test_choosing_the_province_gives_the_same_rows(self, demo_data):
        justice = get_user_model().objects.get(username="tuphap")
        province = Unit.objects.get(code="quang-ngai")
        rows = table_rows(login(justice).get(REPORT, {"period": "2026-H1", "unit": province.pk}), "activities_by_unit")
        assert [row[0] for row in rows] == ["Huyện Ia H'Drai", "Xã Ia Tơi", "Xã Ia Đal"]
        # Commune staff still see their commune, its merged predecessors included.
        clerk = get_user_model().objects.get(username="xaiatoi")
        rows = table_rows(login(clerk).get(REPORT, {"period": "2026-H1"}), "activities_by_unit")
        assert [(row[0], row[1]) for row in rows] == [("Xã Ia Tơi", "2")]


@pytest.fixture
def tree():
    """A province that absorbed an abolished province: the old district's commune merged into a new one."""
    province = UnitFactory(name="Tỉnh Mới", code="tinh-moi", kind=Unit.Kind.PROVINCE, valid_from=D(2025, 7, 1))
    old_province = UnitFactory(
        name="Tỉnh Cũ", code="tinh-cu", kind=Unit.Kind.PROVINCE, valid_to=D(2025, 6, 30), successor=province
    )
    district = UnitFactory(
        name="Huyện Cũ", code="huyen-cu", kind=Unit.Kind.DISTRICT, parent=old_province, valid_to=D(2025, 6, 30)
    )
    office = UnitFactory(name="Phòng Văn hóa huyện Cũ", code="phong-vh", kind=Unit.Kind.OFFICE, parent=district)
    commune = UnitFactory(name="Xã Hợp Nhất", code="hop-nhat", parent=province, valid_from=D(2025, 7, 1))
    quiet = UnitFactory(name="Xã Yên Lặng", code="yen-lang", parent=province, valid_from=D(2025, 7, 1))
    gone = UnitFactory(name="Xã Đã Giải Thể", code="giai-the", parent=province, valid_to=D(2025, 9, 30))
    old_commune = UnitFactory(
        name="Xã Hợp Nhất (cũ)", code="hop-nhat-cu", parent=district, valid_to=D(2025, 6, 30), successor=commune
    )
    hamlet = UnitFactory(name="Thôn Một", code="thon-mot", kind=Unit.Kind.OTHER, parent=old_commune)
    form = CommunicationFormFactory(name="Loa truyền thanh")
    for unit, cost in [(province, 1), (office, 10), (commune, 100), (old_commune, 1000), (hamlet, 10000)]:
        ActivityRecordFactory(date=D(2026, 3, 2), unit=unit, form=form, sessions=1, participants=0, cost=cost)
    return SimpleNamespace(
        province=province,
        old_province=old_province,
        district=district,
        office=office,
        commune=commune,
        quiet=quiet,
        gone=gone,
        old_commune=old_commune,
        hamlet=hamlet,
    )


def by_unit(unit=None, allowed_ids=None):
    result = report_figures.compute(ReportPeriod.from_code("2026-H1"), unit, allowed_ids=allowed_ids)
    return {row["unit"]: row["cost"] for row in result.activities_by_unit}


@pytest.mark.django_db
class TestRows:
    def test_all_units_shows_the_one_provinces_children(self, tree):
        # The merged commune and its hamlet roll up to their successor; the old district keeps its office;
        # a commune without records shows 0; one dissolved before the period does not show.
        assert by_unit() == {
            "Tỉnh Mới": 1,
            "Huyện Cũ": 10,
            "Xã Hợp Nhất": 11100,
            "Xã Yên Lặng": 0,
        }

    def test_each_chosen_unit_lists_its_own_children(self, tree):
        assert by_unit(tree.province) == by_unit()
        # The abolished district's commune was merged into a commune outside it: inside it, a row of its own.
        assert by_unit(tree.district) == {"Phòng Văn hóa huyện Cũ": 10, "Xã Hợp Nhất (cũ)": 11000}

    def test_choosing_a_commune_counts_its_merged_predecessor_and_lists_its_hamlet(self, tree):
        # The hamlet belonged to the merged commune, so it is now a child of the commune that absorbed it.
        assert by_unit(tree.commune) == {"Xã Hợp Nhất": 1100, "Thôn Một": 10000}

    def test_two_unrelated_roots_stay_two_rows(self, tree):
        UnitFactory(name="Tỉnh Khác", code="tinh-khac", kind=Unit.Kind.PROVINCE)
        assert by_unit() == {"Tỉnh Mới": 11111, "Tỉnh Khác": 0}

    def test_a_scoped_reader_without_a_chosen_unit_sees_their_unit_s_children(self, tree):
        ids = {tree.district.pk, tree.office.pk, tree.old_commune.pk, tree.hamlet.pk}
        assert by_unit(allowed_ids=ids) == {"Phòng Văn hóa huyện Cũ": 10, "Xã Hợp Nhất (cũ)": 11000}

    def test_annual_plans_use_the_same_rows(self, tree):
        from reports.models import AnnualPlan, AnnualPlanItem

        form = tree.commune.activities.first().form
        plan = AnnualPlan.objects.create(unit=tree.old_commune, year=2026, trainings=0)
        AnnualPlanItem.objects.create(plan=plan, form=form, quarter=1, sessions=4, budget=0)
        result = report_figures.compute(ReportPeriod.from_code("2026-H1"))
        planned = {row["unit"]: row["planned_sessions"] for row in result.plans_by_unit}
        assert planned == {"Tỉnh Mới": 0, "Huyện Cũ": 0, "Xã Hợp Nhất": 4, "Xã Yên Lặng": 0}


@pytest.mark.django_db
def test_report_page_lists_the_provinces_children_with_their_figures(tree, make_user):
    officer = make_user(role=roles.JUSTICE_OFFICE)
    response = login(officer).get(REPORT, {"period": "2026-H1"})
    assert table_rows(response, "activities_by_unit") == [
        ["Huyện Cũ", "1", "1", "0", "10"],
        ["Tỉnh Mới", "1", "1", "0", "1"],
        ["Xã Hợp Nhất", "3", "3", "0", "11.100"],
        ["Xã Yên Lặng", "0", "0", "0", "0"],
    ]


class TestRollUpWithoutDatabase:
    """policies.models.units.roll_up() walks a {id: unit} map: plain data, no query."""

    @staticmethod
    def units(*rows):
        return {pk: SimpleNamespace(pk=pk, parent_id=parent, successor_id=successor) for pk, parent, successor in rows}

    def test_a_merged_commune_counts_under_its_successor_and_its_hamlet_follows(self):
        # 1 province; 2 and 3 its communes; 4 merged into 2; 5 a hamlet of 4.
        units = self.units((1, None, None), (2, 1, None), (3, 1, None), (4, 1, 2), (5, 4, None))
        heads, rows = roll_up(units)
        assert rows == {2, 3}
        assert heads == {1: 1, 2: 2, 3: 3, 4: 2, 5: 2}

    def test_a_chosen_unit_lists_its_children_and_keeps_its_own_row(self):
        units = self.units((1, None, None), (2, 1, None), (3, 1, None), (4, 1, 2), (5, 4, None))
        assert roll_up(units, units[2]) == ({1: 1, 2: 2, 3: 3, 4: 2, 5: 5}, {5})

    def test_units_outside_the_scope_are_left_out(self):
        units = self.units((1, None, None), (2, 1, None), (3, 1, None))
        assert roll_up(units, scope_ids={2, 3, 99}) == ({2: 2, 3: 3}, {2, 3})
