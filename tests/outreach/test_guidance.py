"""Guidance materials (III.6.3): each unit keeps its own, the public library shows only public ones and
never hands out a staff-only file, training sessions name the materials they used, the report counts them."""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model

import pytest
from docx import Document
from openpyxl import load_workbook

from outreach.models import GuidanceFile, GuidanceMaterial, TrainingSession
from outreach.models.guidance import IssuerLevel
from policies import roles
from policies.models import Unit
from reports import figures as report_figures
from reports.models import ReportPeriod
from tests.factories import TrainingSessionFactory
from tests.outreach.test_training import session_form
from tests.reports.fixtures import make_tree
from tests.test_audit_log import form_fields

pytestmark = pytest.mark.django_db

URLS = "wagtailsnippets_outreach_guidancematerial"
SESSION_URLS = "wagtailsnippets_outreach_trainingsession"
LIBRARY = "/tai-lieu-huong-dan/"


def login(user):
    client = Client()
    client.force_login(user)
    return client


def refused(response):
    """Wagtail turns a refusal into a redirect to the dashboard; a view may also answer 403."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def pdf(name):
    return ContentFile(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", name=name)


def material(unit, title, *, public, level=IssuerLevel.LOCAL, issued_on=datetime.date(2026, 3, 1), **fields):
    """A material with one PDF file; returns (material, document)."""
    found = GuidanceMaterial.objects.create(
        title=title,
        issuer_level=level,
        issuer=fields.pop("issuer", "UBND xã"),
        owning_unit=unit,
        issued_on=issued_on,
        public=public,
        **fields,
    )
    document = get_document_model().objects.create(title=f"Tệp {title}", file=pdf(f"tep-{found.pk}.pdf"))
    GuidanceFile.objects.create(material=found, document=document)
    return found, document


@pytest.fixture
def units(outreach_data):
    return {code: Unit.objects.get(code=code) for code in ("ia-toi", "ia-dal", "phong-tu-phap", "phong-noi-vu")}


@pytest.fixture
def commune_staff(units):
    return get_user_model().objects.get(username="xaiatoi")  # xã Ia Tơi


@pytest.fixture
def other_commune_staff(make_user, units):
    return make_user(role=roles.COMMUNE_STAFF, units=[units["ia-dal"]])


@pytest.fixture
def justice(units):
    return get_user_model().objects.get(username="tuphap")


@pytest.fixture
def trainer(units):
    return get_user_model().objects.get(username="taphuan")  # Phòng Nội vụ


@pytest.fixture
def world(units):
    own_private, own_private_file = material(
        units["ia-toi"],
        "Sổ tay nội bộ tuyên truyền viên xã Ia Tơi",
        public=False,
        audiences=["propagandists"],
    )
    other_private, other_private_file = material(
        units["ia-dal"], "Ghi chú nội bộ của xã Ia Đal", public=False, audiences=["village_heads"]
    )
    other_public, other_public_file = material(
        units["ia-dal"],
        "Hướng dẫn đối thoại với đồng bào dân tộc thiểu số",
        public=True,
        level=IssuerLevel.PROVINCE,
        issuer="Sở Tư pháp tỉnh",
        audiences=["reporters", "council_staff"],
        topics="Đối thoại, Tiếng Jrai",
    )
    return {
        "own_private": own_private,
        "own_private_file": own_private_file,
        "other_private": other_private,
        "other_private_file": other_private_file,
        "other_public": other_public,
        "other_public_file": other_public_file,
    }


def listing(client, **params):
    return client.get(reverse(f"{URLS}:list"), params).content.decode()


class TestAdminScope:
    def test_commune_sees_its_own_and_public_materials_never_another_units_staff_only(self, commune_staff, world):
        html = listing(login(commune_staff))
        assert world["own_private"].title in html
        assert world["other_public"].title in html
        assert world["other_private"].title not in html

    def test_justice_office_sees_every_material(self, justice, world):
        html = listing(login(justice))
        assert all(world[key].title in html for key in ("own_private", "other_private", "other_public"))

    def test_commune_edits_its_own_material_only(self, commune_staff, world):
        client = login(commune_staff)
        assert client.get(reverse(f"{URLS}:edit", args=[world["own_private"].pk])).status_code == 200
        assert refused(client.get(reverse(f"{URLS}:edit", args=[world["other_public"].pk])))
        assert refused(client.get(reverse(f"{URLS}:edit", args=[world["other_private"].pk])))
        assert refused(client.post(reverse(f"{URLS}:delete", args=[world["other_public"].pk])))
        assert GuidanceMaterial.objects.filter(pk=world["other_public"].pk).exists()

    def test_another_units_staff_only_material_is_not_even_inspected_or_exported(self, commune_staff, world):
        client = login(commune_staff)
        assert refused(client.get(reverse(f"{URLS}:history", args=[world["other_private"].pk])))
        exported = client.get(reverse(f"{URLS}:list"), {"export": "csv"}).getvalue().decode("utf-8-sig")
        assert world["own_private"].title in exported
        assert world["other_private"].title not in exported

    def test_trainer_of_another_unit_sees_only_public_ones(self, trainer, world):
        html = listing(login(trainer))
        assert world["other_public"].title in html
        assert world["own_private"].title not in html and world["other_private"].title not in html

    def test_editor_without_the_permission_is_refused(self, make_user, units, world):
        editor = make_user(role=roles.EDITOR, units=[units["ia-toi"]])
        assert refused(login(editor).get(reverse(f"{URLS}:list")))


class TestAdminSearchAndFilters:
    def test_search_without_diacritics(self, commune_staff, world):
        html = listing(login(commune_staff), q="huong dan doi thoai")
        assert world["other_public"].title in html
        assert world["own_private"].title not in html

    def test_search_finds_a_topic_and_an_audience(self, commune_staff, world):
        client = login(commune_staff)
        assert world["other_public"].title in listing(client, q="jrai")
        assert world["own_private"].title in listing(client, q="tuyen truyen vien")

    def test_filters_by_level_audience_and_public(self, justice, world):
        client = login(justice)
        html = listing(client, issuer_level="province")
        assert world["other_public"].title in html and world["own_private"].title not in html
        html = listing(client, audience="village_heads")
        assert world["other_private"].title in html and world["other_public"].title not in html
        html = listing(client, public="0")
        assert world["own_private"].title in html and world["other_public"].title not in html

    def test_a_hand_typed_filter_value_is_not_a_server_error(self, justice, world):
        response = login(justice).get(reverse(f"{URLS}:list"), {"audience": "'; drop", "issuer_level": "x"})
        assert response.status_code == 200


class TestAdminCreate:
    def test_commune_creates_a_material_through_the_form_as_rendered(self, commune_staff, units):
        client = login(commune_staff)
        add_url = reverse(f"{URLS}:add")
        page = client.get(add_url)
        assert page.status_code == 200
        data = form_fields(page.content.decode())
        # The commune's only unit is preselected; the file row is there to fill.
        assert data["owning_unit"] == [str(units["ia-toi"].pk)]
        assert data["files-TOTAL_FORMS"] == ["1"]
        document = get_document_model().objects.create(title="Hướng dẫn phát loa", file=pdf("phat-loa.pdf"))
        data.update(
            {
                "title": ["Hướng dẫn phát thanh dự thảo trên loa xã"],
                "issuer_level": ["local"],
                "issuer": ["UBND xã Ia Tơi"],
                "issued_on": ["05/02/2026"],
                "audiences": ["propagandists", "village_heads"],
                "topics": ["Loa truyền thanh"],
                "files-0-document": [str(document.pk)],
                "public": ["on"],
            }
        )
        response = client.post(add_url, data)
        assert response.status_code == 302, response.context["form"].errors
        created = GuidanceMaterial.objects.get(title="Hướng dẫn phát thanh dự thảo trên loa xã")
        assert created.owning_unit == units["ia-toi"]
        assert created.issued_on == datetime.date(2026, 2, 5)
        assert created.audiences == ["propagandists", "village_heads"]
        assert created.public
        assert [file.document for file in created.files.all()] == [document]
        assert "huong dan phat thanh" in created.search_text
        # Saved again unchanged, as the edit form shows it.
        edit_url = reverse(f"{URLS}:edit", args=[created.pk])
        again = client.post(edit_url, form_fields(client.get(edit_url).content.decode()))
        assert again.status_code == 302
        created.refresh_from_db()
        assert created.issued_on == datetime.date(2026, 2, 5) and created.files.count() == 1

    def test_another_units_id_and_a_missing_title_are_form_errors_and_nothing_is_saved(self, commune_staff, units):
        client = login(commune_staff)
        add_url = reverse(f"{URLS}:add")
        data = form_fields(client.get(add_url).content.decode())
        document = get_document_model().objects.create(title="Tệp", file=pdf("tep.pdf"))
        before = GuidanceMaterial.objects.count()
        data.update(
            {
                "title": [""],
                "issuer_level": ["local"],
                "issuer": ["UBND xã"],
                "issued_on": ["31/02/2026"],
                "owning_unit": [str(units["ia-dal"].pk)],
                "files-0-document": [str(document.pk)],
            }
        )
        response = client.post(add_url, data)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "Bạn chỉ đưa lên được tài liệu của đơn vị mình" in str(errors["owning_unit"])
        assert "title" in errors and "issued_on" in errors
        assert GuidanceMaterial.objects.count() == before
        # What was typed is still there to correct.
        assert 'value="UBND xã"' in response.content.decode()

    def test_another_units_staff_only_file_cannot_be_listed_by_a_typed_id(self, other_commune_staff, world, client):
        staff = login(other_commune_staff)
        add_url = reverse(f"{URLS}:add")
        data = form_fields(staff.get(add_url).content.decode())
        data.update(
            {
                "title": ["Tài liệu mượn tệp"],
                "issuer_level": ["local"],
                "issuer": ["UBND xã"],
                "issued_on": ["05/02/2026"],
                "files-0-document": [str(world["own_private_file"].pk)],
                "public": ["on"],
            }
        )
        response = staff.post(add_url, data)
        assert response.status_code == 200
        assert "thuộc tài liệu nội bộ của đơn vị khác" in str(response.context["form"].formsets["files"].errors)
        assert not GuidanceMaterial.objects.filter(title="Tài liệu mượn tệp").exists()
        assert client.get(world["own_private_file"].url).status_code == 302  # still refused anonymously

    def test_a_material_needs_a_file(self, commune_staff):
        client = login(commune_staff)
        add_url = reverse(f"{URLS}:add")
        data = form_fields(client.get(add_url).content.decode())
        data.update(
            {"title": ["Không có tệp"], "issuer_level": ["local"], "issuer": ["UBND"], "issued_on": ["05/02/2026"]}
        )
        response = client.post(add_url, data)
        assert response.status_code == 200
        assert response.context["form"].formsets["files"].errors == [{"document": ["Trường này là bắt buộc."]}]
        assert not GuidanceMaterial.objects.filter(title="Không có tệp").exists()


class TestPublicLibrary:
    def test_lists_public_materials_with_their_files_never_staff_only_ones(self, client, world):
        response = client.get(LIBRARY)
        html = response.content.decode()
        assert response.status_code == 200
        assert world["other_public"].title in html
        assert world["other_public_file"].url in html
        assert world["own_private"].title not in html and world["other_private"].title not in html
        assert world["own_private_file"].url not in html
        assert "<script" not in html

    def test_demo_public_materials_are_listed(self, client, outreach_data):
        html = client.get(LIBRARY).content.decode()
        assert "Hướng dẫn truyền thông dự thảo chính sách có tác động lớn đến xã hội" in html
        assert "Mẫu bài phát thanh về dự thảo chính sách trên loa truyền thanh xã" not in html

    def test_search_without_diacritics(self, client, world):
        html = client.get(LIBRARY, {"q": "huong dan doi thoai"}).content.decode()
        assert world["other_public"].title in html
        html = client.get(LIBRARY, {"q": "so tay noi bo"}).content.decode()  # a staff-only title
        assert world["own_private"].title not in html
        assert "Không tìm thấy tài liệu nào" in html

    def test_filters_by_level_and_audience(self, client, world):
        assert world["other_public"].title in client.get(LIBRARY, {"cap": "province"}).content.decode()
        assert world["other_public"].title not in client.get(LIBRARY, {"cap": "central"}).content.decode()
        assert world["other_public"].title in client.get(LIBRARY, {"doi_tuong": "council_staff"}).content.decode()
        assert world["other_public"].title not in client.get(LIBRARY, {"doi_tuong": "journalists"}).content.decode()

    def test_a_bad_filter_is_dropped_with_a_vietnamese_message(self, client, world):
        response = client.get(LIBRARY, {"cap": "<b>x</b>", "q": "huong dan"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Giá trị lọc không hợp lệ nên đã được bỏ" in html
        assert world["other_public"].title in html  # the search still applies
        assert "<b>x</b>" not in html

    def test_anonymous_page_is_cached_and_dropped_when_a_material_changes(self, client, world):
        assert "X-Page-Cache" not in client.get(LIBRARY)
        assert client.get(LIBRARY)["X-Page-Cache"] == "hit"
        world["other_private"].public = True
        world["other_private"].save()
        response = client.get(LIBRARY)
        assert "X-Page-Cache" not in response
        assert world["other_private"].title in response.content.decode()


class TestStaffOnlyFiles:
    def test_public_file_downloads_anonymously(self, client, world):
        response = client.get(world["other_public_file"].url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_staff_only_file_is_refused_anonymously(self, client, world):
        response = client.get(world["own_private_file"].url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
        assert not hasattr(response, "streaming_content")

    def test_staff_only_file_is_refused_to_another_units_staff(self, other_commune_staff, world):
        assert login(other_commune_staff).get(world["own_private_file"].url).status_code == 403

    def test_staff_only_file_downloads_for_its_units_staff_and_the_justice_office(self, commune_staff, justice, world):
        assert login(commune_staff).get(world["own_private_file"].url).status_code == 200
        assert login(justice).get(world["own_private_file"].url).status_code == 200

    def test_demo_staff_only_file_is_refused_anonymously(self, client, outreach_data):
        staff_only = GuidanceMaterial.objects.get(public=False, issuer="UBND xã Ia Tơi")
        response = client.get(staff_only.files.first().document.url)
        assert response.status_code == 302

    @pytest.mark.parametrize("query", [{}, {"q": "Tệp"}])
    def test_document_chooser_leaves_out_another_units_staff_only_files(self, commune_staff, world, query):
        html = login(commune_staff).get(reverse("wagtaildocs_chooser:choose"), query).json()["html"]
        assert world["own_private_file"].title in html
        assert world["other_public_file"].title in html
        assert world["other_private_file"].title not in html

    def test_a_file_turns_public_with_its_material(self, client, world):
        world["own_private"].public = True
        world["own_private"].save()
        assert client.get(world["own_private_file"].url).status_code == 200


class TestTrainingLink:
    def test_session_form_offers_only_materials_the_user_may_see(self, trainer, world):
        html = login(trainer).get(reverse(f"{SESSION_URLS}:add")).content.decode()
        assert world["other_public"].title in html
        assert world["own_private"].title not in html and world["other_private"].title not in html

    def test_a_hidden_material_posted_by_hand_is_a_form_error(self, trainer, units, world):
        data = session_form(units["phong-noi-vu"], guidance_materials=[world["other_private"].pk])
        response = login(trainer).post(reverse(f"{SESSION_URLS}:add"), data)
        assert response.status_code == 200
        assert "Chỉ chọn được tài liệu hướng dẫn công khai hoặc của đơn vị mình" in str(
            response.context["form"].errors["guidance_materials"]
        )

    def test_a_session_records_the_materials_it_used(self, trainer, units, world):
        data = session_form(units["phong-noi-vu"], guidance_materials=[world["other_public"].pk])
        response = login(trainer).post(reverse(f"{SESSION_URLS}:add"), data)
        assert response.status_code == 302, response.context["form"].errors
        session = TrainingSession.objects.get(title=data["title"])
        assert list(session.guidance_materials.all()) == [world["other_public"]]

    def test_saving_unchanged_keeps_a_link_the_user_may_not_see(self, trainer, units, world):
        session = TrainingSessionFactory(organising_unit=units["phong-noi-vu"], created_by=trainer)
        session.guidance_materials.set([world["other_private"], world["other_public"]])
        session.save()
        client = login(trainer)
        edit_url = reverse(f"{SESSION_URLS}:edit", args=[session.pk])
        data = form_fields(client.get(edit_url).content.decode())
        assert data["guidance_materials"] == [str(world["other_public"].pk)]
        data["guidance_materials"] = []  # the trainer unticks the one they see
        response = client.post(edit_url, data)
        assert response.status_code == 302, response.context["form"].errors
        assert list(session.guidance_materials.all()) == [world["other_private"]]

    def test_demo_session_used_the_public_demo_materials(self, outreach_data):
        session = TrainingSession.objects.filter(guidance_materials__isnull=False).distinct().get()
        assert session.guidance_materials.count() == 2
        assert all(material.public for material in session.guidance_materials.all())

    def test_commune_sees_in_the_form_its_own_staff_only_material(self, make_user, units, world):
        session = TrainingSessionFactory(organising_unit=units["ia-toi"])
        editor = make_user(role=roles.JUSTICE_OFFICE, units=[units["phong-tu-phap"]])
        html = login(editor).get(reverse(f"{SESSION_URLS}:edit", args=[session.pk])).content.decode()
        assert world["own_private"].title in html and world["other_private"].title in html


@pytest.fixture
def tree(db):
    return make_tree()


class TestReportCount:
    """2026-H1 runs from 15/12/2025 to 14/06/2026 (the default cut-off dates)."""

    @pytest.fixture
    def materials(self, tree):
        rows = [
            (tree.commune1, IssuerLevel.CENTRAL, datetime.date(2025, 12, 15), True),  # first day: in
            (tree.commune1, IssuerLevel.CENTRAL, datetime.date(2025, 12, 14), True),  # day before: out
            (tree.commune2, IssuerLevel.PROVINCE, datetime.date(2026, 6, 14), False),  # last day, staff-only: in
            (tree.commune2, IssuerLevel.PROVINCE, datetime.date(2026, 6, 15), True),  # day after: out
            (tree.district, IssuerLevel.LOCAL, datetime.date(2026, 3, 1), True),  # in
            (tree.old, IssuerLevel.LOCAL, datetime.date(2026, 3, 2), True),  # a merged commune: in
            (tree.outside, IssuerLevel.LOCAL, datetime.date(2026, 3, 1), True),  # another district
        ]
        for number, (unit, level, day, public) in enumerate(rows):
            GuidanceMaterial.objects.create(
                title=f"Tài liệu {number}",
                issuer_level=level,
                issuer="Sở",
                owning_unit=unit,
                issued_on=day,
                public=public,
            )

    def counts(self, result):
        return {row.level: row.count for row in result.guidance_by_level}

    def test_district_counts_materials_issued_in_the_period_by_level(self, tree, materials):
        result = report_figures.compute(ReportPeriod.from_code("2026-H1"), tree.district)
        assert self.counts(result) == {"central": 1, "province": 1, "local": 2}
        assert result.guidance_total == 4

    def test_all_units_and_one_commune(self, tree, materials):
        period = ReportPeriod.from_code("2026-H1")
        assert report_figures.compute(period).guidance_total == 5
        assert self.counts(report_figures.compute(period, tree.commune2)) == {"central": 0, "province": 1, "local": 0}

    def test_shown_in_the_report_docx_and_xlsx(self, client, make_user, tree, materials):
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        params = {"period": "2026-H1", "unit": tree.district.pk}
        html = client.get(reverse("reports_report"), params).content.decode()
        assert "Tài liệu hướng dẫn ban hành trong kỳ" in html
        docx = Document(io.BytesIO(client.get(reverse("reports_report"), {**params, "format": "docx"}).content))
        table = next(t for t in docx.tables if t.rows[0].cells[0].text == "Cấp ban hành")
        assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [
            ["Trung ương", "1"],
            ["Tỉnh", "1"],
            ["Địa phương (huyện, xã)", "2"],
            ["Tổng cộng", "4"],
        ]
        response = client.get(reverse("reports_report"), {**params, "format": "xlsx"})
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheet = next(ws for ws in workbook.worksheets if ws.title.startswith("Tài liệu hướng dẫn"))
        assert list(sheet.iter_rows(values_only=True)) == [
            ("Cấp ban hành", "Số tài liệu"),
            ("Trung ương", 1),
            ("Tỉnh", 1),
            ("Địa phương (huyện, xã)", 2),
            ("Tổng cộng", 4),
        ]


def test_an_empty_library_says_so(client, db):
    assert "Chưa có tài liệu hướng dẫn nào được công khai" in client.get(LIBRARY).content.decode()


class TestReadOnlyPublicMaterial:
    def test_another_units_public_material_opens_read_only(self, commune_staff, world):
        client = login(commune_staff)
        material = world["other_public"]
        html = listing(client)
        assert reverse(f"{URLS}:inspect", args=[material.pk]) in html
        assert reverse(f"{URLS}:edit", args=[material.pk]) not in html
        assert reverse(f"{URLS}:edit", args=[world["own_private"].pk]) in html
        inspect = client.get(reverse(f"{URLS}:inspect", args=[material.pk]))
        page = inspect.content.decode()
        assert inspect.status_code == 200
        assert "Báo cáo viên; Cán bộ Hội đồng nhân dân" in page
        assert world["other_public_file"].url in page
        assert "Tệp tài liệu" in page and "Công khai" in page
        assert reverse(f"{URLS}:edit", args=[material.pk]) not in page
        assert refused(client.get(reverse(f"{URLS}:inspect", args=[world["other_private"].pk])))
