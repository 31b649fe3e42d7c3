import datetime
import io

from django.core.management import CommandError, call_command
from django.urls import reverse

import pytest
from docx import Document
from openpyxl import load_workbook

from outreach.models import ActivityRecord
from policies import roles
from reports.models import AnnualPlan, ReportNarrative, ReportPeriod
from tests.factories import ActivityRecordFactory
from tests.reports.fixtures import draft, local, make_activities, make_drafts, make_tree

pytestmark = pytest.mark.django_db
URL = "reports_report"


@pytest.fixture
def tree():
    return make_tree()


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


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse(URL), params)


class TestReportView:
    def test_justice_office_sees_the_whole_tree_by_default(self, client, justice, tree):
        make_activities(tree)
        response = get(client, justice, period="2026-H1")
        assert response.status_code == 200
        assert response.context["unit"] is None
        assert response.context["figures"].activities["cost"] == 10650
        assert "Toàn bộ các đơn vị" in response.content.decode()

    def test_justice_office_may_pick_any_unit(self, client, justice, tree):
        make_activities(tree)
        response = get(client, justice, period="2026-H1", unit=tree.district.pk)
        assert response.context["figures"].activities["cost"] == 650

    def test_commune_staff_defaults_to_own_unit(self, client, commune_staff, tree):
        make_activities(tree)
        response = get(client, commune_staff, period="2026-H1")
        assert response.status_code == 200
        assert response.context["unit"] == tree.commune2
        assert response.context["figures"].activities["cost"] == 200
        assert [unit.pk for unit in response.context["unit_form"].fields["unit"].queryset] == [tree.commune2.pk]

    @pytest.mark.parametrize("download", ["", "docx", "xlsx"])
    def test_unit_outside_scope_is_refused(self, client, commune_staff, tree, download):
        response = get(client, commune_staff, period="2026-H1", unit=tree.district.pk, format=download)
        assert_refused(response)

    def test_bad_unit_and_format_are_not_found(self, client, justice, tree):
        assert get(client, justice, unit="abc").status_code == 404
        assert get(client, justice, unit="999999").status_code == 404
        assert get(client, justice, format="pdf").status_code == 404

    def test_bad_period_shows_a_message_and_the_current_period(self, client, justice, tree):
        response = get(client, justice, period="2026-H7")
        assert response.status_code == 200
        assert "không hợp lệ" in response.context["period_error"]

    def test_user_without_a_role_is_refused(self, client, make_user, tree):
        user = make_user(units=[tree.district])
        assert get(client, user).status_code in (302, 403)

    def test_chart_has_text_equivalents(self, client, justice, tree):
        make_activities(tree)
        html = get(client, justice, period="2026-H1", unit=tree.district.pk).content.decode()
        assert "Số hoạt động theo hình thức" in html
        assert '<span class="report-bars__value">150</span>' in html  # the loudspeaker cost, written out
        assert "kỳ đang xem" in html


class TestDocxDownload:
    def test_decree_30_layout(self, client, justice, tree):
        make_activities(tree)
        period = ReportPeriod.objects.create(kind="half_year", year=2026)
        ReportNarrative.objects.create(
            period=period,
            unit=tree.district,
            number_symbol="15/BC-PTP",
            results="Các đơn vị đã triển khai đầy đủ.",
            difficulties="Kinh phí còn hạn chế.",
            proposals="Đề nghị bổ sung kinh phí.",
            recipients="- Sở Tư pháp;\n- Lưu: VT.",
            signer_name="Nguyễn Văn A",
        )
        response = get(client, justice, period="2026-H1", unit=tree.district.pk, format="docx")
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="bao-cao-2026-H1-huyen-mau.docx"'
        document = Document(io.BytesIO(response.content))
        head = document.tables[0]
        left, right = (cell.text for cell in head.rows[0].cells)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
        assert "Độc lập - Tự do - Hạnh phúc" in right
        assert "Số: 15/BC-PTP" in left
        assert left.startswith("ỦY BAN NHÂN DÂN HUYỆN MẪU\n")  # the unit reported on issues it (Decree 30)
        right_runs = [run for para in head.rows[0].cells[1].paragraphs for run in para.runs]
        date_runs = [run for run in right_runs if "ngày" in run.text.lower()]
        assert date_runs and all(run.italic for run in date_runs)
        texts = [para.text for para in document.paragraphs]
        assert "BÁO CÁO" in texts
        title = next(para for para in document.paragraphs if para.text == "BÁO CÁO")
        assert all(run.bold for run in title.runs)
        for expected in ("Các đơn vị đã triển khai đầy đủ.", "Kinh phí còn hạn chế.", "Đề nghị bổ sung kinh phí."):
            assert expected in texts
        by_form = next(t for t in document.tables if t.rows[0].cells[0].text == "Hình thức" and len(t.columns) == 5)
        assert [cell.text for cell in by_form.rows[1].cells] == ["Loa truyền thanh", "2", "3", "15", "150"]
        closing = document.tables[-1].rows[0].cells[0].text
        assert closing.startswith("Nơi nhận:")
        assert "- Sở Tư pháp;" in closing
        section = document.sections[0]
        assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30

    def test_without_narrative_the_number_is_left_blank(self, client, justice, tree):
        from policies.models import OrganisationIdentity

        OrganisationIdentity.objects.update_or_create(
            defaults={"parent_body": "UBND tỉnh Mẫu", "issuing_body": "Phòng Tư pháp", "abbreviation": "PTP"}
        )
        response = get(client, justice, period="2026-H1", format="docx")
        document = Document(io.BytesIO(response.content))
        issuer = document.tables[0].rows[0].cells[0].text
        assert "Số:       /BC-PTP" in issuer
        assert issuer.startswith("UBND TỈNH MẪU\nPHÒNG TƯ PHÁP")  # the identity settings
        assert "- Sở Tư pháp;" in document.tables[-1].rows[0].cells[0].text


class TestXlsxDownload:
    def test_sheets_numbers_and_escaped_text(self, client, justice, tree):
        forms = make_activities(tree)
        ActivityRecordFactory(
            date=datetime.date(2026, 3, 2),
            unit=tree.commune2,
            form=forms.conference,
            content='=HYPERLINK("http://x")',
            cost=7,
        )
        response = get(client, justice, period="2026-H1", unit=tree.district.pk, format="xlsx")
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheet = workbook["Hoạt động truyền thông theo hìn"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == ("Hình thức", "Số hoạt động", "Số buổi/lượt", "Số người tham dự", "Kinh phí (đồng)")
        assert rows[1] == ("Loa truyền thanh", 2, 3, 15, 150)
        assert rows[-1] == ("Tổng cộng", 5, 8, rows[-1][3], 657)
        detail = list(workbook["Danh sách hoạt động"].iter_rows(values_only=True))
        assert len(detail) == 1 + 5
        contents = [row[5] for row in detail[1:]]
        assert '\'=HYPERLINK("http://x")' in contents
        assert all(cell.data_type != "f" for row in workbook["Danh sách hoạt động"].iter_rows() for cell in row)

    def test_commune_export_has_only_its_rows(self, client, commune_staff, tree):
        make_activities(tree)
        response = get(client, commune_staff, period="2026-H1", format="xlsx")
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        detail = list(workbook["Danh sách hoạt động"].iter_rows(values_only=True))
        assert [row[1] for row in detail[1:]] == ["Xã Đồi Cao"]


class TestExportCommand:
    def test_docx_and_xlsx(self, tree, tmp_path):
        make_activities(tree)
        call_command(
            "export_report", period="2026-H1", unit="huyen-mau", format="docx", output=str(tmp_path / "r.docx")
        )
        assert "CỘNG HÒA" in Document(str(tmp_path / "r.docx")).tables[0].rows[0].cells[1].text
        call_command("export_report", "--period", "2026", "--format", "XLSX", "-o", str(tmp_path / "r.xlsx"))
        assert load_workbook(tmp_path / "r.xlsx")["Thông tin chung"]["B2"].value == "Toàn bộ các đơn vị"

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"period": "2026-H3", "format": "docx"}, "Kỳ báo cáo “2026-H3” không hợp lệ"),
            ({"period": "2026", "format": "pdf"}, "Định dạng “pdf” không hợp lệ"),
            ({"period": "2026", "format": "docx", "unit": "khong-co"}, "Không có đơn vị mã “khong-co”"),
        ],
    )
    def test_bad_input_gives_a_vietnamese_error(self, tree, tmp_path, options, message):
        with pytest.raises(CommandError, match=message):
            call_command("export_report", output=str(tmp_path / "x"), **options)
        assert not (tmp_path / "x").exists()

    def test_unwritable_output(self, tree, tmp_path):
        with pytest.raises(CommandError, match="Không ghi được tệp"):
            call_command("export_report", period="2026", format="docx", output=str(tmp_path / "no" / "x.docx"))


class TestDashboardPanel:
    def test_commune_staff_sees_own_drafts_to_act_on(self, client, commune_staff, justice, tree):
        import time_machine

        make_drafts(tree)
        own = draft("DT-X", tree.commune2, consultation_opens=local(2026, 4, 1), consultation_closes=local(2026, 5, 3))
        with time_machine.travel("2026-05-01 10:00 +0700"):
            client.force_login(commune_staff)
            html = client.get(reverse("wagtailadmin_home")).content.decode()
            assert "Truyền thông dự thảo: chỉ tiêu 100 %" in html
            assert "DT-D" not in html  # its own draft, communicated at every stage
            edit_url = reverse("wagtailadmin_pages:edit", args=[own.pk])
            assert f'href="{edit_url}">DT-X' in html  # not communicated: a link to act on
            assert "Sắp hết hạn lấy ý kiến" in html
            assert "DT-B" not in html
            client.force_login(justice)
            html = client.get(reverse("wagtailadmin_home")).content.decode()
            assert "DT-B" in html


class TestPlanSnippetScope:
    def test_commune_staff_lists_and_edits_only_own_plans(self, client, commune_staff, tree):
        own = AnnualPlan.objects.create(unit=tree.commune2, year=2026)
        other = AnnualPlan.objects.create(unit=tree.commune1, year=2026)
        client.force_login(commune_staff)
        listing = client.get(reverse("wagtailsnippets_reports_annualplan:list"))
        assert listing.status_code == 200
        assert list(listing.context["object_list"]) == [own]
        assert client.get(reverse("wagtailsnippets_reports_annualplan:edit", args=[own.pk])).status_code == 200
        assert_refused(client.get(reverse("wagtailsnippets_reports_annualplan:edit", args=[other.pk])))
        assert_refused(client.get(reverse("wagtailsnippets_reports_annualplan:delete", args=[other.pk])))
        assert ActivityRecord.objects.count() == 0
