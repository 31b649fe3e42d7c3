"""Ad hoc reports and the scheme's mid-term and final reviews, against hand-computed fixtures.

The annual periods (default cut-offs) are 15/12/2021–14/12/2022, 15/12/2022–14/12/2023 and
15/12/2023–14/12/2024. Records sit on the boundary days: the first and last day of a year count
in it, the day before 2022 and the day after 2024 count nowhere.
"""

import datetime
import io
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from policies import roles
from policies.models import Comment
from reports import figures
from reports.models import ReportNarrative, ReportPeriod
from reports.review_forms import DateRangeForm
from reports.reviews import compute_review, review_tables
from tests.factories import (
    ActivityRecordFactory,
    CommendationProposalFactory,
    CommunicationFormFactory,
    GoodPracticeFactory,
    UnitFactory,
)
from tests.reports.fixtures import draft, local, make_tree

pytestmark = pytest.mark.django_db
D = datetime.date
MID_TERM, FINAL = ReportPeriod.Kind.MID_TERM, ReportPeriod.Kind.FINAL
AD_HOC_URL = "reports_ad_hoc"
MID_TERM_URL = f"reports_review_{MID_TERM}"


def make_scheme_years(tree):
    """Activities and in-scope drafts over 2022–2024 (expected figures in the tests below)."""
    loudspeaker = CommunicationFormFactory(name="Loa truyền thanh", sort_order=1)
    conference = CommunicationFormFactory(name="Hội nghị", sort_order=2)
    dialogue = CommunicationFormFactory(name="Đối thoại", sort_order=3)
    for day, unit, form, sessions, participants, cost in [
        (D(2021, 12, 14), tree.commune1, loudspeaker, 9, 90, 900),  # the day before 2022: nowhere
        (D(2021, 12, 15), tree.commune1, loudspeaker, 2, 10, 100),  # first day of 2022
        (D(2022, 12, 14), tree.commune2, conference, 1, 20, 200),  # last day of 2022
        (D(2022, 12, 15), tree.commune2, conference, 3, 30, 300),  # first day of 2023
        (D(2023, 6, 1), tree.outside, loudspeaker, 1, 1000, 10000),  # another district
        (D(2024, 12, 14), tree.district, loudspeaker, 1, 5, 50),  # last day of 2024
        (D(2024, 12, 15), tree.district, conference, 9, 90, 900),  # the day after 2024: nowhere
    ]:
        ActivityRecordFactory(date=day, unit=unit, form=form, sessions=sessions, participants=participants, cost=cost)
    # 2022: communicated at both stages (published window, then an activity while awaiting adoption).
    k1 = draft(
        "K-1",
        tree.district,
        stage="adopted",
        consultation_opens=local(2022, 3, 1),
        consultation_closes=local(2022, 3, 31, 17),
        first_published_at=local(2022, 2, 28),
        submitted_on=D(2022, 5, 1),
        adopted_on=D(2022, 6, 1),
    )
    # Never published: nothing in 2022; both stages reached by activities in 2023.
    k2 = draft(
        "K-2",
        tree.commune1,
        stage="adopted",
        consultation_opens=local(2022, 9, 1),
        consultation_closes=local(2022, 9, 20, 17),
        submitted_on=D(2023, 6, 1),
        adopted_on=D(2023, 7, 1),
    )
    # Proposal opens on the last day of 2024, communicated that day.
    k3 = draft("K-3", tree.commune2, proposal_opens=D(2024, 12, 14), proposal_closes=D(2025, 1, 10))
    # Proposal opens the day after 2024: not due in the review.
    draft("K-4", tree.district, proposal_opens=D(2024, 12, 15), proposal_closes=D(2025, 1, 10))
    # Another district's draft, communicated in 2023.
    draft(
        "K-5",
        tree.outside,
        consultation_opens=local(2023, 3, 1),
        consultation_closes=local(2023, 3, 31, 17),
        first_published_at=local(2023, 3, 1),
    )
    # Out of scope: never counted.
    draft("K-6", tree.district, criterion_sensitive=False, proposal_opens=D(2023, 1, 1))
    for day, target, unit in [
        (D(2022, 5, 10), k1, tree.district),
        (D(2023, 3, 1), k2, tree.commune1),
        (D(2023, 6, 15), k2, tree.commune1),
        (D(2024, 12, 14), k3, tree.commune2),
    ]:
        ActivityRecordFactory(date=day, unit=unit, form=dialogue, draft=target, sessions=1, participants=0, cost=0)
    for day, handling in [(D(2022, 12, 14), "taken_in"), (D(2022, 12, 15), "explained")]:
        Comment.objects.create(
            draft=k1, body=f"Góp ý {day}", received_on=day, source="online", handling=handling, state="approved"
        )
    return SimpleNamespace(loudspeaker=loudspeaker, conference=conference, dialogue=dialogue, k1=k1, k2=k2, k3=k3)


@pytest.fixture
def tree():
    return make_tree()


@pytest.fixture
def scheme(tree):
    return make_scheme_years(tree)


@pytest.fixture
def justice(make_user):
    return make_user(role=roles.JUSTICE_OFFICE)


@pytest.fixture
def commune_staff(make_user, tree):
    return make_user(role=roles.COMMUNE_STAFF, units=[tree.commune2])


def assert_refused(response):
    """Wagtail's admin turns a refusal into a redirect to the dashboard with an error message."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")


def get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def table(tables, key):
    return next(item for item in tables if item.key == key)


def row(rows, label):
    return next(item for item in rows if str(item[0]) == label)


class TestReviewPeriods:
    def test_an_ad_hoc_period_is_never_stored(self):
        with pytest.raises(ValidationError) as error:
            ReportPeriod(kind=ReportPeriod.Kind.AD_HOC, year=2025).full_clean()
        assert "Trang Báo cáo đột xuất".lower() in str(error.value).lower()

    def test_a_review_is_stored_under_its_last_year_with_the_scheme_dates(self):
        with pytest.raises(ValidationError, match="ghi năm 2024"):
            ReportPeriod(kind=MID_TERM, year=2023).full_clean()
        period = ReportPeriod(kind=FINAL, year=2027)
        period.full_clean()
        assert (period.start, period.end) == (D(2021, 12, 15), D(2027, 12, 14))
        assert ReportPeriod.current(D(2024, 12, 1)).kind == ReportPeriod.Kind.ANNUAL


class TestTarget:
    def test_seventy_percent_in_2022_then_one_hundred(self):
        assert [figures.target_percent(year) for year in (2022, 2023, 2027)] == [70, 100, 100]


class TestReviewFigures:
    def test_mid_term_columns_per_year_and_total(self, tree, scheme):
        review = compute_review(MID_TERM, tree.district)
        assert review.years == [2022, 2023, 2024]
        assert [column.period.start for column in review.columns] == [
            D(2021, 12, 15),
            D(2022, 12, 15),
            D(2023, 12, 15),
        ]
        activities = table(review_tables(review), "activities")
        assert activities.headings[1:] == ["2022", "2023", "2024", "Cả kỳ"]
        assert row(activities.rows, "Số hoạt động")[1:] == [3, 3, 2, 8]
        assert row(activities.rows, "Số buổi/lượt")[1:] == [4, 5, 2, 11]
        assert row(activities.rows, "Số người tham dự")[1:] == [30, 30, 5, 65]
        assert row(activities.rows, "Kinh phí (đồng)")[1:] == [300, 300, 50, 650]
        by_form = table(review_tables(review), "activities_by_form")
        assert row(by_form.rows, "Loa truyền thanh")[1:] == [1, 0, 1, 2]
        assert row(by_form.rows, "Hội nghị")[1:] == [1, 1, 0, 2]
        assert row(by_form.rows, "Đối thoại")[1:] == [1, 2, 1, 4]
        comments = table(review_tables(review), "comments")
        assert row(comments.rows, "Tổng số góp ý")[1:] == [1, 1, 0, 2]
        assert row(comments.rows, "Tiếp thu")[1:] == [1, 0, 0, 1]

    def test_good_practices_and_commendations_per_year(self, tree, scheme):
        GoodPracticeFactory(unit=tree.commune1, recorded_on=D(2023, 3, 1))
        GoodPracticeFactory(unit=tree.commune2, recorded_on=D(2023, 12, 14))  # the 2023 period's last day
        GoodPracticeFactory(unit=tree.outside, recorded_on=D(2023, 3, 1))  # another district
        CommendationProposalFactory(
            proposing_unit=tree.commune1,
            proposed_on=D(2023, 6, 1),
            status="awarded",
            decision_number="12/QĐ-STP",
            decision_date=D(2024, 2, 1),
        )
        recognition = table(review_tables(compute_review(MID_TERM, tree.district)), "recognition")
        assert row(recognition.rows, "Mô hình hay, cách làm hiệu quả được ghi nhận")[1:] == [0, 2, 0, 2]
        assert row(recognition.rows, "Đề nghị khen thưởng")[1:] == [0, 1, 0, 1]
        assert row(recognition.rows, "Đã khen thưởng")[1:] == [0, 0, 1, 1]

    def test_kpi_per_year_against_its_target(self, tree, scheme):
        review = compute_review(MID_TERM, tree.district)
        points = review.kpi_points()
        assert [(p["in_scope"], p["communicated"], p["share"]) for p in points] == [
            (2, 1, 50.0),
            (1, 1, 100.0),
            (1, 1, 100.0),
        ]
        assert [p["target"] for p in points] == [70, 100, 100]
        assert [p["met"] for p in points] == [False, True, True]
        kpi = table(review_tables(review), "kpi")
        # The span's total is not the sum of the years: K-2 is due in 2022 and in 2023.
        assert row(kpi.rows, "Dự thảo thuộc phạm vi, đang trong quy trình")[1:] == [2, 1, 1, 3]
        assert row(kpi.rows, "Tỷ lệ (%)")[1:] == [50.0, 100.0, 100.0, 100.0]
        assert row(kpi.rows, "Chỉ tiêu (%)")[1:] == [70, 100, 100, ""]
        assert row(kpi.rows, "Đánh giá")[1:] == ["Chưa đạt", "Đạt", "Đạt", ""]

    def test_whole_tree_adds_the_other_district(self, tree, scheme):
        review = compute_review(MID_TERM)
        # K-5 joins in 2023 and, never submitted, stays due in 2024 (not communicated then).
        assert [(c.in_scope, c.communicated) for c in review.columns] == [(2, 1), (2, 2), (2, 1)]
        assert row(table(review_tables(review), "activities").rows, "Kinh phí (đồng)")[1:] == [300, 10300, 50, 10650]

    def test_final_review_has_a_column_per_scheme_year(self, tree, scheme):
        review = compute_review(FINAL, tree.district)
        assert review.years == [2022, 2023, 2024, 2025, 2026, 2027]
        assert table(review_tables(review), "kpi").headings[-1] == "Cả kỳ"
        # K-3's and K-4's proposal stages run on (no next stage): due in every later year.
        assert [c.in_scope for c in review.columns] == [2, 1, 1, 2, 2, 2]

    def test_years_not_begun_are_not_judged(self, tree, scheme):
        with time_machine.travel(local(2026, 11, 30), tick=False):
            review = compute_review(FINAL, tree.district)
            kpi = table(review_tables(review), "kpi")
        # 2027's period begins on 15/12/2026.
        assert row(kpi.rows, "Đánh giá")[1:] == ["Chưa đạt", "Đạt", "Đạt", "Chưa đạt", "Chưa đạt", "Chưa đến kỳ", ""]
        assert row(kpi.rows, "Tỷ lệ (%)")[6] == ""
        assert review.kpi_points()[-1]["started"] is False

    def test_edited_year_dates_are_the_columns(self, tree, scheme):
        ReportPeriod.objects.create(kind=ReportPeriod.Kind.ANNUAL, year=2022, start=D(2022, 1, 1), end=D(2022, 12, 31))
        review = compute_review(MID_TERM, tree.district)
        assert review.columns[0].period.start == D(2022, 1, 1)
        # 15/12/2021 falls out, 15/12/2022 now counts in 2022 as well as in 2023.
        assert review.columns[0].activities.count == 3

    def test_queries_do_not_grow_with_the_units(self, tree, scheme, django_assert_max_num_queries):
        with CaptureQueriesContext(connection) as few:
            compute_review(MID_TERM, tree.district)
        for number in range(15):
            commune = UnitFactory(name=f"Xã Thêm {number}", parent=tree.district)
            ActivityRecordFactory(date=D(2023, 5, 1), unit=commune, form=scheme.conference, sessions=1)
            draft(f"K-X{number}", commune, proposal_opens=D(2023, 2, 1))
        with django_assert_max_num_queries(len(few.captured_queries)):
            review = compute_review(MID_TERM, tree.district)
        assert review.columns[1].in_scope == 16


class TestReviewView:
    def test_justice_office_reads_the_mid_term_review(self, client, justice, tree, scheme):
        response = get(client, justice, MID_TERM_URL, unit=tree.district.pk)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Sơ kết giữa kỳ Đề án giai đoạn 2022–2024" in text
        assert "Năm 2022: chưa đạt chỉ tiêu 70 %." in text
        assert "50 % (1/2)" in text

    def test_commune_staff_sees_only_its_own_unit(self, client, commune_staff, tree, scheme):
        response = get(client, commune_staff, MID_TERM_URL)
        assert response.context["unit"] == tree.commune2
        review = response.context["review"]
        assert [c.in_scope for c in review.columns] == [0, 0, 1]
        assert [c.activities.cost for c in review.columns] == [200, 300, 0]
        assert [unit.pk for unit in response.context["unit_form"].fields["unit"].queryset] == [tree.commune2.pk]
        assert "Huyện Khác" not in response.content.decode()

    @pytest.mark.parametrize("download", ["", "docx", "xlsx"])
    def test_another_unit_by_editing_the_address_is_refused(self, client, commune_staff, tree, scheme, download):
        assert_refused(get(client, commune_staff, MID_TERM_URL, unit=tree.commune1.pk, format=download))
        assert_refused(
            get(client, commune_staff, AD_HOC_URL, unit=tree.outside.pk, start="01/01/2023", end="31/12/2023")
        )

    def test_without_the_report_permission_is_refused(self, client, make_user):
        user = make_user()
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        assert_refused(get(client, user, MID_TERM_URL))
        assert_refused(get(client, user, AD_HOC_URL))

    def test_justice_office_starts_the_narrative_once(self, client, justice, tree):
        client.force_login(justice)
        url = reverse(f"{MID_TERM_URL}_narrative") + f"?unit={tree.district.pk}"
        first = client.post(url)
        second = client.post(url)
        narrative = ReportNarrative.objects.get(period__kind=MID_TERM, unit=tree.district)
        assert (
            first["Location"]
            == second["Location"]
            == reverse("wagtailsnippets_reports_reportnarrative:edit", args=[narrative.pk])
        )
        assert narrative.period.start == D(2021, 12, 15) and narrative.period.end == D(2024, 12, 14)

    def test_commune_staff_may_not_start_a_narrative(self, client, commune_staff, tree):
        client.force_login(commune_staff)
        assert_refused(client.post(reverse(f"{MID_TERM_URL}_narrative") + f"?unit={tree.commune2.pk}"))
        assert not ReportNarrative.objects.exists()

    def test_periodic_report_does_not_offer_review_periods(self, client, justice):
        ReportPeriod.objects.create(kind=MID_TERM, year=2024)
        response = get(client, justice, "reports_report")
        assert response.status_code == 200
        assert all(not code.startswith("mid") for code, _label in response.context["periods"])


@pytest.fixture
def narrative(tree):
    period = ReportPeriod.objects.create(kind=MID_TERM, year=2024)
    return ReportNarrative.objects.create(
        period=period,
        unit=tree.district,
        number_symbol="12/BC-PTP",
        results="Các xã đã phát thanh dự thảo trên loa.",
        difficulties="Thôn xa, sóng yếu.",
        lessons="Dùng tiếng Jrai khi đọc loa.",
        proposals='=HYPERLINK("x") đề nghị tăng kinh phí.',
    )


class TestReviewDocuments:
    def test_docx_has_the_sections_and_the_per_year_table(self, client, justice, tree, scheme, narrative):
        response = get(client, justice, MID_TERM_URL, unit=tree.district.pk, format="docx")
        assert response.status_code == 200
        assert "bao-cao-mid-term-2022-2024-huyen-mau.docx" in response["Content-Disposition"]
        document = Document(io.BytesIO(response.content))
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        for heading in ("I. KẾT QUẢ ĐẠT ĐƯỢC", "II. HẠN CHẾ VÀ NGUYÊN NHÂN", "III. BÀI HỌC KINH NGHIỆM"):
            assert heading in text
        assert "Dùng tiếng Jrai khi đọc loa." in text
        assert "Năm 2022: 1/2 dự thảo thuộc phạm vi được truyền thông, đạt 50 % (chỉ tiêu 70 %, chưa đạt" in text
        cells = [[cell.text for cell in r.cells] for t in document.tables for r in t.rows]
        assert ["Chỉ tiêu", "2022", "2023", "2024", "Cả kỳ"] in cells
        assert ["Tỷ lệ (%)", "50", "100", "100", "100"] in cells
        assert ["Kinh phí (đồng)", "300", "300", "50", "650"] in cells
        assert "Số: 12/BC-PTP" in document.tables[0].rows[0].cells[0].text

    def test_xlsx_cells(self, client, justice, tree, scheme, narrative):
        response = get(client, justice, MID_TERM_URL, unit=tree.district.pk, format="xlsx")
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        summary = workbook.worksheets[0]
        rows = [[cell.value for cell in r] for r in summary.iter_rows()]
        assert [2022, 50, 70, "Chưa đạt"] in rows
        assert [2023, 100, 100, "Đạt"] in rows
        assert ["Đề xuất, kiến nghị", '\'=HYPERLINK("x") đề nghị tăng kinh phí.'] in [r[:2] for r in rows]
        sheets = {sheet.title: [[cell.value for cell in r] for r in sheet.iter_rows()] for sheet in workbook}
        activities = sheets["Hoạt động truyền thông"]
        assert activities[0] == ["Chỉ tiêu", "2022", "2023", "2024", "Cả kỳ"]
        assert ["Số hoạt động", 3, 3, 2, 8] in activities

    def test_docx_prints_with_the_years_side_by_side(self, client, justice, tree, scheme, narrative, tmp_path):
        from tests.test_docx_layout import pdf_pages

        path = tmp_path / "so-ket.docx"
        path.write_bytes(get(client, justice, MID_TERM_URL, unit=tree.district.pk, format="docx").content)
        pages, _pdf = pdf_pages(path)
        text = "\n".join(pages)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
        assert any(
            "2022" in line and "2023" in line and "2024" in line and "Cả kỳ" in line for line in text.splitlines()
        )
        assert "BÀI HỌC KINH NGHIỆM" in text


class TestAdHocReport:
    def test_range_typed_as_the_widget_shows_it(self, client, justice, tree, scheme):
        response = get(client, justice, AD_HOC_URL, start="15/12/2022", end="14/12/2024", unit=tree.district.pk)
        assert response.status_code == 200
        period = response.context["period"]
        assert (period.start, period.end) == (D(2022, 12, 15), D(2024, 12, 14))
        result = response.context["figures"]
        # 15/12/2022 and 14/12/2024 in; 14/12/2022 and 15/12/2024 out.
        assert (result.activities.count, result.activities.cost) == (5, 350)
        assert (result.in_scope, result.communicated) == (2, 2)
        assert "Từ ngày 15/12/2022 đến ngày 14/12/2024" in response.content.decode()

    def test_day_comes_first(self):
        form = DateRangeForm({"start": "05/11/2023", "end": "06/11/2023"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start"] == D(2023, 11, 5)

    def test_the_same_figures_as_a_periodic_report(self, tree, scheme):
        annual = ReportPeriod.from_code("2023")
        ad_hoc = ReportPeriod.ad_hoc(annual.start, annual.end)
        assert figures.compute(ad_hoc, tree.district).activities == figures.compute(annual, tree.district).activities

    @pytest.mark.parametrize(
        ("start", "end", "message"),
        [
            ("14/12/2024", "15/12/2022", "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu."),
            ("01/01/1900", "01/01/1901", "Năm phải trong khoảng 2000–2100."),
            ("01/01/2015", "01/01/2024", "Khoảng thời gian dài nhất là 6 năm"),
            ("31/02/2024", "01/03/2024", "Ngày bắt đầu không hợp lệ"),
            ("", "01/03/2024", "Nhập ngày bắt đầu."),
        ],
    )
    def test_bad_range_keeps_what_was_typed(self, client, justice, start, end, message):
        response = get(client, justice, AD_HOC_URL, start=start, end=end, format="docx")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        text = response.content.decode()
        assert message in text
        assert f'value="{start}"' in text or not start
        assert f'value="{end}"' in text
        assert "figures" not in response.context

    def test_downloads_of_the_range(self, client, justice, tree, scheme):
        params = {"start": "15/12/2022", "end": "14/12/2024", "unit": tree.district.pk}
        docx = get(client, justice, AD_HOC_URL, format="docx", **params)
        assert "bao-cao-20221215-20241214-huyen-mau.docx" in docx["Content-Disposition"]
        text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
        assert "Số liệu từ ngày 15/12/2022 đến hết ngày 14/12/2024." in text
        xlsx = get(client, justice, AD_HOC_URL, format="xlsx", **params)
        workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
        summary = [[cell.value for cell in r] for r in workbook.worksheets[0].iter_rows()]
        assert summary[2][1].date() == D(2022, 12, 15)
        assert summary[3][1].date() == D(2024, 12, 14)
        activities = [[cell.value for cell in r] for r in workbook["Danh sách hoạt động"].iter_rows()]
        assert len(activities) == 1 + 5


class TestDemo:
    def test_demo_mid_term_review_has_three_years_and_its_text(self, client, demo_data):
        review = compute_review(MID_TERM)
        assert [(p["in_scope"], p["communicated"], p["met"]) for p in review.kpi_points()] == [
            (2, 1, False),
            (1, 1, True),
            (1, 1, True),
        ]
        assert [column.activities.count for column in review.columns] == [4, 3, 3]
        narrative = ReportNarrative.objects.get(period=review.period, unit=None)
        assert "tiếng Jrai" in narrative.lessons
        client.force_login(get_user_model().objects.get(username="tuphap"))
        response = client.get(reverse(MID_TERM_URL))
        assert response.status_code == 200
        assert "Lập kế hoạch truyền thông ngay khi được giao" in response.content.decode()
