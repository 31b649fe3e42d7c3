"""Good practices and commendations in the annual report (page, DOCX, XLSX) and on the transparency page,
against hand-computed fixtures."""

import datetime
import io
from types import SimpleNamespace

from django.urls import reverse

import pytest
from docx import Document
from openpyxl import load_workbook

from policies import roles
from reports import figures as report_figures
from reports.models import ReportPeriod
from tests.factories import ActivityRecordFactory, CommendationProposalFactory, GoodPracticeFactory
from tests.reports.fixtures import make_tree

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "reports_report"
RECOGNITION_TABLES = ("good_practices", "commendation_counts", "commendations")


@pytest.fixture
def world():
    """The annual period 2026 runs 15/12/2025–14/12/2026.

    District (communes 1 and 2): practices p1 (2 activities, 5 sessions, 120 people, public) and p2 (1, 1, 30, not
    public, on the last day); p_old before the period, p_out in another district. Commendations proposed in the
    period: c1 (awarded, public), c2 (rejected), c3 (pending); c_carried proposed before it and awarded in it;
    c_out in another district; c_late proposed the day after.
    """
    tree = make_tree()
    a1 = ActivityRecordFactory(unit=tree.commune1, date=D(2026, 3, 1), sessions=2, participants=50)
    a2 = ActivityRecordFactory(unit=tree.commune1, date=D(2026, 4, 1), sessions=3, participants=70)
    a3 = ActivityRecordFactory(unit=tree.commune2, date=D(2026, 5, 1), sessions=1, participants=30)
    p1 = GoodPracticeFactory(unit=tree.commune1, title="Loa song ngữ", recorded_on=D(2026, 4, 10), public=True)
    p1.activities.set([a1, a2])
    p2 = GoodPracticeFactory(unit=tree.commune2, title="Hội nghị ở làng", recorded_on=D(2026, 12, 14))
    p2.activities.set([a3])
    GoodPracticeFactory(unit=tree.commune1, title="Mô hình năm trước", recorded_on=D(2025, 12, 14), public=True)
    GoodPracticeFactory(unit=tree.outside, title="Mô hình huyện khác", recorded_on=D(2026, 6, 1), public=True)
    awarded = {"status": "awarded", "decision_number": "10/QĐ-UBND", "decision_date": D(2026, 3, 1)}
    commendations = SimpleNamespace(
        c1=CommendationProposalFactory(
            proposing_unit=tree.commune1,
            proposer_name="Người Đề Nghị Bí Mật",
            nominee_name="Y Khen",
            nominee_position="Tuyên truyền viên",
            nominee_unit_name="UBND xã Sông Xanh",
            reason="Lý do riêng không công bố",
            level="province_chair",
            proposed_on=D(2026, 2, 1),
            public=True,
            **awarded,
        ),
        c2=CommendationProposalFactory(
            proposing_unit=tree.commune2,
            nominee_name="Người Bị Từ Chối",
            proposed_on=D(2026, 11, 1),
            status="rejected",
            decision_number="5/UBND",
            decision_date=D(2026, 12, 1),
            public=True,
        ),
        c3=CommendationProposalFactory(
            proposing_unit=tree.commune1, nominee_name="Người Đang Chờ", proposed_on=D(2026, 10, 1), public=True
        ),
        c_carried=CommendationProposalFactory(
            proposing_unit=tree.commune1,
            nominee_name="Người Khen Kỳ Trước Đề Nghị",
            proposed_on=D(2025, 11, 1),
            status="awarded",
            decision_number="1/QĐ-STP",
            decision_date=D(2026, 1, 10),
        ),
        c_out=CommendationProposalFactory(
            proposing_unit=tree.outside, nominee_name="Người Huyện Khác", proposed_on=D(2026, 5, 1), **awarded
        ),
        c_late=CommendationProposalFactory(
            proposing_unit=tree.commune2, nominee_name="Người Đề Nghị Muộn", proposed_on=D(2026, 12, 15)
        ),
    )
    return SimpleNamespace(tree=tree, p1=p1, p2=p2, c=commendations)


def district_figures(world, code="2026"):
    return report_figures.compute(ReportPeriod.from_code(code), world.tree.district)


class TestFigures:
    def test_practices_of_the_year_with_their_activity_figures(self, world):
        result = district_figures(world)
        rows = [
            (p.title, p.activity_count, p.activity_sessions, p.activity_participants) for p in result.good_practices
        ]
        assert rows == [("Loa song ngữ", 2, 5, 120), ("Hội nghị ở làng", 1, 1, 30)]

    def test_commendations_proposed_or_decided_in_the_year(self, world):
        result = district_figures(world)
        assert dict(result.commendation_counts) == {"proposed": 3, "awarded": 2, "rejected": 1, "pending": 1}
        assert [item.nominee_name for item in result.commendations] == [
            "Người Khen Kỳ Trước Đề Nghị",
            "Y Khen",
            "Người Đang Chờ",
            "Người Bị Từ Chối",
        ]

    def test_one_commune_counts_only_its_own(self, world):
        result = report_figures.compute(ReportPeriod.from_code("2026"), world.tree.commune2)
        assert [p.title for p in result.good_practices] == ["Hội nghị ở làng"]
        assert dict(result.commendation_counts) == {"proposed": 1, "awarded": 0, "rejected": 1, "pending": 0}

    def test_six_month_report_is_unchanged(self, world):
        from reports.tables import tables

        result = district_figures(world, "2026-H1")
        assert result.commendation_counts is None and result.good_practices == []
        assert {table.key for table in tables(result)}.isdisjoint(RECOGNITION_TABLES)


@pytest.fixture
def justice(make_user):
    return make_user(role=roles.JUSTICE_OFFICE)


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse(URL), params)


class TestAnnualReport:
    def test_page_shows_the_sections(self, client, justice, world):
        response = get(client, justice, period="2026", unit=world.tree.district.pk)
        tables = {table.key: table for table in response.context["tables"]}
        assert tables["good_practices"].rows == [
            ["Loa song ngữ", "Xã Sông Xanh", "10/04/2026", "2", "5", "120", "Có"],
            ["Hội nghị ở làng", "Xã Đồi Cao", "14/12/2026", "1", "1", "30", "Không"],
        ]
        assert [row[1] for row in tables["commendation_counts"].rows] == ["3", "2", "1", "1"]
        html = response.content.decode()
        assert "Mô hình hay, cách làm hiệu quả" in html and "Danh sách đề nghị khen thưởng" in html

    def test_commune_staff_sees_only_its_commune(self, client, make_user, world):
        staff = make_user(role=roles.COMMUNE_STAFF, units=[world.tree.commune2])
        response = get(client, staff, period="2026")
        html = response.content.decode()
        assert "Hội nghị ở làng" in html
        assert "Loa song ngữ" not in html and "Y Khen" not in html

    def test_docx_has_the_sections_with_the_figures(self, client, justice, world):
        response = get(client, justice, period="2026", unit=world.tree.district.pk, format="docx")
        document = Document(io.BytesIO(response.content))
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        assert "Mô hình hay, cách làm hiệu quả" in text and "Danh sách đề nghị khen thưởng" in text
        rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
        assert ["Loa song ngữ", "Xã Sông Xanh", "10/04/2026", "2", "5", "120", "Có"] in rows
        assert ["Đề nghị khen thưởng trong kỳ", "3"] in rows
        assert ["Được khen thưởng (quyết định trong kỳ)", "2"] in rows
        assert [
            "Y Khen",
            "Tuyên truyền viên",
            "UBND xã Sông Xanh",
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Xã Sông Xanh",
            "01/02/2026",
            "Đã khen thưởng",
            "10/QĐ-UBND ngày 01/03/2026",
        ] in rows

    def test_xlsx_has_the_sections_cell_by_cell(self, client, justice, world):
        response = get(client, justice, period="2026", unit=world.tree.district.pk, format="xlsx")
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        practices = [list(row) for row in workbook["Mô hình hay, cách làm hiệu quả"].iter_rows(values_only=True)]
        assert practices[1:] == [
            ["Loa song ngữ", "Xã Sông Xanh", "10/04/2026", 2, 5, 120, "Có"],
            ["Hội nghị ở làng", "Xã Đồi Cao", "14/12/2026", 1, 1, 30, "Không"],
        ]
        counts = [list(row) for row in workbook["Khen thưởng"].iter_rows(values_only=True)]
        assert [row[1] for row in counts[1:]] == [3, 2, 1, 1]
        listing = [list(row) for row in workbook["Danh sách đề nghị khen thưởng"].iter_rows(values_only=True)]
        assert [row[0] for row in listing[1:]] == [
            "Người Khen Kỳ Trước Đề Nghị",
            "Y Khen",
            "Người Đang Chờ",
            "Người Bị Từ Chối",
        ]

    def test_six_month_downloads_have_no_such_sections(self, client, justice, world):
        response = get(client, justice, period="2026-H1", format="xlsx")
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert "Mô hình hay, cách làm hiệu quả" not in workbook.sheetnames
        assert "Khen thưởng" not in workbook.sheetnames


class TestTransparencyPage:
    def test_public_practices_and_published_commendations_only(self, client, world):
        ReportPeriod.objects.create(kind="annual", year=2026)
        response = client.get(reverse("transparency"), {"nam": "2026"})
        html = response.content.decode()
        assert "Loa song ngữ" in html and "Mô hình huyện khác" in html
        assert "2 hoạt động truyền thông, 5 buổi/lượt, 120 lượt người tham dự." in html
        for hidden in ("Hội nghị ở làng", "Mô hình năm trước"):
            assert hidden not in html
        # The decision's lines of a public, awarded commendation; nothing of who proposed it or why.
        for shown in ("Y Khen", "Tuyên truyền viên", "UBND xã Sông Xanh", "Bằng khen của Chủ tịch UBND tỉnh"):
            assert shown in html
        assert "10/QĐ-UBND ngày 01/03/2026" in html
        for hidden in (
            "Người Đề Nghị Bí Mật",
            "Lý do riêng không công bố",
            "Người Bị Từ Chối",
            "Người Đang Chờ",
            "Người Khen Kỳ Trước Đề Nghị",  # awarded, but not marked public
        ):
            assert hidden not in html
