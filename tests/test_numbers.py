"""One Vietnamese number format (cms.numbers) on every screen and document that shows numbers."""

import datetime
import io
from decimal import Decimal

from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

import pytest
from docx import Document
from openpyxl import load_workbook

from cms.numbers import vn_number, vn_percent
from outreach.wagtail_hooks import activity_admin
from policies import roles
from policies.models import DraftPage, short_window_warning
from reports import tables
from reports.models import AnnualPlan
from reports.views import trend_bars
from tests.factories import ActivityRecordFactory, DocumentTypeFactory
from tests.reports.fixtures import make_activities, make_training, make_tree


class TestHelper:
    @pytest.mark.parametrize(
        ("value", "decimals", "shown"),
        [
            (1500000, 0, "1.500.000"),
            (0, 0, "0"),
            (999, 0, "999"),
            (-12500, 0, "-12.500"),
            (33.333, 1, "33,3"),
            (Decimal("33.35"), 1, "33,4"),  # half up, as people round
            (50.0, 1, "50"),  # no ",0"
            (10.4, 1, "10,4"),
            (1234.5, 1, "1.234,5"),
            (None, 0, ""),
        ],
    )
    def test_vn_number(self, value, decimals, shown):
        assert vn_number(value, decimals) == shown

    def test_vn_percent_has_a_decimal_comma_and_a_space(self):
        assert vn_percent(100 / 3) == "33,3 %"
        assert vn_percent(None) == ""

    def test_template_filters_are_the_same_functions(self):
        template = Template(
            "{% load vn_numbers %}{{ cost|vn_number }} · {{ share|vn_percent }} · {{ days|vn_number:1 }}"
        )
        shown = template.render(Context({"cost": 2400000, "share": 33.333, "days": 10.4}))
        assert shown == "2.400.000 · 33,3 % · 10,4"


class TestReportScreen:
    def test_trend_bars_write_a_share_with_a_decimal_comma(self):
        point = {"label": "6 tháng đầu năm 2026", "share": 33.3, "width": 33.3, "current": True}
        bars = trend_bars([{**point, "communicated": 1, "in_scope": 3}])
        assert bars[0]["text"] == "33,3 % (1/3)"

    @pytest.mark.django_db
    def test_money_in_the_report_page_has_thousands_dots(self, client, make_user):
        tree = make_tree()
        make_activities(tree)
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        html = client.get(reverse("reports_report"), {"period": "2026-H1"}).content.decode()
        assert "<td>10.650</td>" in html  # the total cost row
        assert "10650" not in html

    @pytest.mark.django_db
    def test_roster_share_is_never_written_with_a_decimal_point(self, make_user):
        from reports import figures
        from reports.models import ReportPeriod

        tree = make_tree()
        make_training(tree)
        result = figures.compute(ReportPeriod.from_code("2026-H1"), tree.district)
        roster = next(table for table in tables.display_tables(result) if table.key == "roster")
        assert [row[-1] for row in roster.rows] == ["50", "0"]


@pytest.mark.django_db
class TestReportDocuments:
    def test_docx_tables_write_money_with_thousands_dots(self, client, make_user):
        tree = make_tree()
        make_activities(tree)
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        response = client.get(reverse("reports_report"), {"period": "2026-H1", "format": "docx"})
        document = Document(io.BytesIO(response.content))
        by_form = next(t for t in document.tables if t.rows[0].cells[0].text == "Hình thức" and len(t.columns) == 5)
        assert [cell.text for cell in by_form.rows[-1].cells] == ["Tổng cộng", "5", "8", "1.065", "10.650"]

    def test_xlsx_keeps_a_share_a_number_cell(self, client, make_user):
        tree = make_tree()
        make_training(tree)
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        response = client.get(reverse("reports_report"), {"period": "2026-H1", "format": "xlsx"})
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        cells = [cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row]
        assert "50.0" not in cells and "33.3" not in cells
        kpi = next(sheet for sheet in workbook if sheet["A1"].value == "Chỉ tiêu")
        assert all(not isinstance(row[1], str) for row in kpi.iter_rows(min_row=2, values_only=True) if row[1] != "")


@pytest.mark.django_db
class TestAdminScreens:
    def test_activity_list_and_record_show_counts_and_money_with_thousands_dots(self, client, make_user):
        record = ActivityRecordFactory(participants=1200, cost=1500000, date=datetime.date(2026, 3, 2))
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        listing = client.get(activity_admin.url_helper.index_url).content.decode()
        assert "1.500.000" in listing and "1.200" in listing and "02/03/2026" in listing
        inspect = client.get(activity_admin.url_helper.get_action_url("inspect", record.pk)).content.decode()
        assert "1.500.000" in inspect

    def test_annual_plan_list_shows_the_budget_with_thousands_dots(self, client, make_user):
        tree = make_tree()
        AnnualPlan.objects.create(unit=tree.commune1, year=2026, trainings=2, training_budget=8000000)
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        html = client.get(reverse("wagtailsnippets_reports_annualplan:list")).content.decode()
        assert "8.000.000" in html and "8000000" not in html

    def test_import_batches_list_counts_with_thousands_dots(self, client, make_user):
        from outreach.models import ImportBatch

        justice = make_user(role=roles.JUSTICE_OFFICE)
        ImportBatch.objects.create(created_by=justice, file_name="lon.xlsx", content_hash="0" * 64, total_rows=12500)
        client.force_login(justice)
        html = client.get(reverse("outreach_import_batches")).content.decode()
        assert "<td>12.500</td>" in html


@pytest.mark.django_db
class TestDraftWarning:
    def test_a_short_window_says_its_days_with_a_decimal_comma(self):
        opens = timezone.now()
        draft = DraftPage(
            document_type=DocumentTypeFactory.build(pk=1, name="Quyết định", min_consultation_days=30),
            consultation_opens=opens,
            consultation_closes=opens + datetime.timedelta(days=10, hours=9, minutes=36),
        )
        warning = str(short_window_warning(draft))
        assert "chỉ 10,4 ngày" in warning
