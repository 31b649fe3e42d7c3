"""The import preview: rows as they will be stored with how each name matched, and unknown names mapped once."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.models import ModelLogEntry

import pytest

from outreach import importing
from outreach.aliases import LOG_MAP
from outreach.models import ActivityRecord, CommunicationForm, ImportAlias
from policies import roles
from policies.models import DraftPage, Unit
from tests.factories import DraftPageFactory
from tests.outreach.sheets import row, xlsx_bytes

pytestmark = pytest.mark.django_db

NOTICE_BOARD = "Niêm yết bảng tin"


def units():
    return {unit.code: unit for unit in Unit.objects.all()}


def cell(sample_row, key):
    return next(cell for cell in sample_row["cells"] if cell["key"] == key)


@pytest.fixture
def ia_dal_clerk(outreach_data, make_user):
    return make_user(role=roles.COMMUNE_STAFF, units=[units()["ia-dal"]], username="xaiadal")


def upload(client, content, name="bang.xlsx"):
    return client.post(reverse("outreach_import"), {"file": SimpleUploadedFile(name, content)})


def token_of(response):
    return response.context["mapping_forms"][0]["token"]


def map_name(client, token, kind, text, target):
    return client.post(
        reverse("outreach_import_map"), {"phien": token, "kind": kind, "text": text, "target": target}, follow=True
    )


class TestPreviewSample:
    def test_rows_show_as_stored_with_how_each_name_matched(self, commune_staff):
        sheet = xlsx_bytes(
            [
                row(unit="Xã Ia Tơi", commune="Ia Dom", form="Loa phát thanh", cost="1.500.000", day="18/01/2026"),
                row(number=2, unit="UBND xã Ia Tơi", commune="Xã Ia Tơi", form="Hội nghị"),
            ]
        )
        report = importing.preview(sheet, "bang.xlsx", user=commune_staff)
        first, second = report.sample
        assert (first["row"], first["status"]) == (2, "new")
        assert (cell(first, "unit")["value"], cell(first, "unit")["kind"]) == ("Xã Ia Tơi", "exact")
        commune = cell(first, "commune")
        assert (commune["value"], commune["kind"]) == ("Xã Ia Tơi", "successor")
        assert commune["how"] == "Ia Dom → Xã Ia Tơi (sáp nhập 01/07/2025)"
        form = cell(first, "form")
        assert (form["value"], form["kind"]) == ("Loa truyền thanh cơ sở", "alias")
        assert cell(first, "cost")["value"] == "1.500.000"
        assert cell(first, "date")["value"] == "18/01/2026"
        assert cell(second, "unit")["kind"] == "alias"  # "UBND xã Ia Tơi" is listed on the unit

    def test_only_the_first_fifty_rows_are_shown_and_the_rest_are_counted(self, commune_staff):
        rows = [row(number=n, content=f"Buổi {n}") for n in range(1, 61)]
        rows[54][5] = "Không có hình thức này"  # row 56 of the sheet: an error after the sample
        rows[3][2] = "Phòng Tư pháp"  # another unit's row, within the sample
        report = importing.preview(xlsx_bytes(rows), "bang.xlsx", user=commune_staff)
        assert len(report.sample) == 50
        assert report.sample[3]["status"] == "error"
        assert "không thuộc đơn vị của bạn" in cell(report.sample[3], "unit")["error"]
        assert report.rest == {"rows": 10, "new": 9, "skip": 0, "error": 1}

    def test_stored_rows_are_marked_to_skip(self, commune_staff):
        sheet = xlsx_bytes([row(), row(number=2, content="Khác")])
        importing.confirm(importing.preview(sheet, "a.xlsx", user=commune_staff).pending, user=commune_staff)
        report = importing.preview(xlsx_bytes([row(), row(number=2, content="Mới")]), "b.xlsx", user=commune_staff)
        assert [sample["status"] for sample in report.sample] == ["skip", "new"]


class TestUnknownNames:
    def test_an_unknown_form_is_listed_once_with_its_row_count(self, commune_staff):
        sheet = xlsx_bytes([row(form="bảng tin thôn"), row(number=2, form="Bảng tin  thôn", content="B")])
        report = importing.preview(sheet, "bang.xlsx", user=commune_staff)
        assert [(u["key"], u["rows"]) for u in report.unknown] == [("form", 2)]
        assert report.pending is None

    def test_the_most_frequent_fifty_are_offered_and_the_rest_counted(self, client, commune_staff):
        # 60 spellings, one of them on three rows: a page of 60 selects helps nobody; the rest come next time.
        rows = [row(number=n, form=f"hình thức lạ {n}", content=f"Buổi {n}") for n in range(1, 61)]
        rows += [row(number=n, form="hình thức lạ 60", content=f"Buổi {n}") for n in (61, 62)]
        client.force_login(commune_staff)
        response = upload(client, xlsx_bytes(rows))
        report = response.context["report"]
        assert len(report.unknown) == 50 and report.unknown_more == 10
        assert (report.unknown[0]["text"], report.unknown[0]["rows"]) == ("hình thức lạ 60", 3)
        assert len(response.context["mapping_forms"]) == 50
        assert "Còn 10 tên khác chưa có trong danh mục" in response.content.decode()

    def test_a_clerk_maps_a_form_and_the_preview_reruns_with_it(self, client, commune_staff):
        client.force_login(commune_staff)
        sheet = xlsx_bytes([row(form="bảng tin thôn"), row(number=2, form="Bảng tin thôn", content="B")])
        response = upload(client, sheet)
        assert "confirm_form" not in response.context
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        response = map_name(client, token_of(response), "form", "bảng tin thôn", board.pk)
        report = response.context["report"]
        assert (report.errors, report.new, report.unknown) == ([], 2, [])
        assert cell(report.sample[0], "form")["kind"] == "alias"
        alias = ImportAlias.objects.get()
        assert (alias.kind, alias.target, alias.unit.code, alias.created_by) == (
            "form",
            board,
            "ia-toi",
            commune_staff,
        )
        entry = ModelLogEntry.objects.get(action=LOG_MAP)
        assert (entry.user, entry.data["text"], entry.data["target"]) == (commune_staff, "bảng tin thôn", NOTICE_BOARD)
        token = response.context["confirm_form"].initial["token"]
        client.post(reverse("outreach_import_confirm"), {"token": token})
        assert ActivityRecord.objects.filter(batch__isnull=False, form=board).count() == 2

    def test_a_clerks_alias_does_not_apply_to_another_units_import(self, commune_staff, ia_dal_clerk):
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        ImportAlias.objects.create(kind="form", text="bảng tin thôn", target_form=board, unit=units()["ia-toi"])
        own = importing.preview(xlsx_bytes([row(form="bảng tin thôn")]), "a.xlsx", user=commune_staff)
        assert (own.errors, own.new) == ([], 1)
        other = xlsx_bytes([row(unit="Xã Ia Đal", commune="Ia Đal", form="bảng tin thôn")])
        report = importing.preview(other, "b.xlsx", user=ia_dal_clerk)
        assert [u["text"] for u in report.unknown] == ["bảng tin thôn"]

    def test_a_units_own_alias_wins_over_the_justice_offices(self, commune_staff, ia_dal_clerk):
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        meeting = CommunicationForm.objects.get(name="Hội nghị")
        ImportAlias.objects.create(kind="form", text="bảng tin thôn", target_form=meeting)
        ImportAlias.objects.create(kind="form", text="Bảng tin thôn", target_form=board, unit=units()["ia-toi"])
        own = importing.preview(xlsx_bytes([row(form="bảng tin thôn")]), "a.xlsx", user=commune_staff)
        assert cell(own.sample[0], "form")["value"] == NOTICE_BOARD
        other = xlsx_bytes([row(unit="Xã Ia Đal", commune="Ia Đal", form="bảng tin thôn")])
        assert cell(importing.preview(other, "b.xlsx", user=ia_dal_clerk).sample[0], "form")["value"] == "Hội nghị"

    def test_the_justice_offices_alias_applies_to_every_unit(self, client, justice, ia_dal_clerk):
        client.force_login(justice)
        response = upload(client, xlsx_bytes([row(form="bảng tin thôn")]))
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        map_name(client, token_of(response), "form", "bảng tin thôn", board.pk)
        assert ImportAlias.objects.get().unit is None
        other = xlsx_bytes([row(unit="Xã Ia Đal", commune="Ia Đal", form="bảng tin thôn")])
        report = importing.preview(other, "b.xlsx", user=ia_dal_clerk)
        assert (report.errors, report.new) == ([], 1)

    def test_a_clerk_cannot_map_to_another_units_entry_by_posting_its_id(self, client, commune_staff):
        client.force_login(commune_staff)
        response = upload(client, xlsx_bytes([row(unit="Tổ công tác Ia Tơi")]))
        assert [u["key"] for u in response.context["report"].unknown] == ["unit"]
        offered = response.context["mapping_forms"][0]["form"].fields["target"].queryset
        assert units()["ia-dal"] not in offered and units()["ia-toi"] in offered
        response = map_name(client, token_of(response), "unit", "Tổ công tác Ia Tơi", units()["ia-dal"].pk)
        assert "bạn không được dùng" in response.content.decode()
        assert not ImportAlias.objects.exists()

    def test_a_clerk_cannot_map_to_another_units_unpublished_draft(self, client, commune_staff):
        hidden = DraftPageFactory(
            parent=DraftPage.objects.first().get_parent(), drafting_unit=units()["ia-dal"], live=False
        )
        client.force_login(commune_staff)
        response = upload(client, xlsx_bytes([row(draft="Dự thảo bí mật")]))
        response = map_name(client, token_of(response), "draft", "Dự thảo bí mật", hidden.pk)
        assert not ImportAlias.objects.exists()
        assert hidden.title not in response.content.decode()

    def test_mapping_without_a_live_preview_session_saves_nothing(self, client, commune_staff):
        client.force_login(commune_staff)
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        map_name(client, "khong-co", "form", "bảng tin thôn", board.pk)
        assert not ImportAlias.objects.exists()

    def test_users_without_import_permission_cannot_map(self, outreach_data):
        client = Client()
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username="taphuan"))
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        response = client.post(
            reverse("outreach_import_map"), {"phien": "x", "kind": "form", "text": "a", "target": board.pk}
        )
        assert response.status_code in (302, 403)
        assert not ImportAlias.objects.exists()


class TestAliasAdmin:
    def test_the_justice_office_lists_every_alias(self, client, justice):
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        ImportAlias.objects.create(kind="form", text="bảng tin thôn", target_form=board, unit=units()["ia-dal"])
        client.force_login(justice)
        response = client.get(reverse("wagtailsnippets_outreach_importalias:list"))
        assert response.status_code == 200
        assert "bảng tin thôn" in response.content.decode()
        assert client.get(reverse("wagtailsnippets_outreach_importalias:add")).status_code == 200

    def test_the_justice_office_corrects_an_alias_in_the_admin(self, client, justice):
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        meeting = CommunicationForm.objects.get(name="Hội nghị")
        alias = ImportAlias.objects.create(kind="form", text="bảng tin thôn", target_form=meeting)
        client.force_login(justice)
        url = reverse("wagtailsnippets_outreach_importalias:edit", args=[alias.pk])
        response = client.post(url, {"kind": "form", "text": "bảng tin thôn", "unit": "", "target_form": board.pk})
        assert response.status_code == 302, response.context["form"].errors
        alias.refresh_from_db()
        assert alias.target == board

    def test_a_clerk_has_no_alias_admin(self, client, commune_staff):
        client.force_login(commune_staff)
        response = client.get(reverse("wagtailsnippets_outreach_importalias:list"))
        assert response.status_code in (302, 403)


class TestLargeImportMapping:
    """A sheet above BACKGROUND_ROWS is previewed by the worker (immediate in tests); its page maps names too."""

    def test_a_name_mapped_on_the_jobs_page_previews_the_sheet_again(self, client, commune_staff):
        from outreach.admin_views import BACKGROUND_ROWS
        from outreach.models import ImportJob
        from tests.outreach.sheets import raw_activity_xlsx

        rows = BACKGROUND_ROWS + 10
        sheet = raw_activity_xlsx(
            row(content=f"Niêm yết thôn {n}", number=n, form="bảng tin thôn") for n in range(1, rows + 1)
        )
        client.force_login(commune_staff)
        upload(client, sheet, "ca-nam.xlsx")
        job = ImportJob.objects.get()
        assert (job.state, job.pending, job.preview["unknown"][0]["rows"]) == ("previewed", None, rows)
        page = client.get(reverse("outreach_import_job", args=[job.pk]))
        forms = page.context["mapping_forms"]
        assert [item["unknown"]["text"] for item in forms] == ["bảng tin thôn"]
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        url = reverse("outreach_import_job_map", args=[job.pk])
        client.post(url, {"kind": "form", "text": "bảng tin thôn", "target": board.pk})
        job.refresh_from_db()
        assert (job.state, job.preview["new"], job.preview["unknown"], bytes(job.content)) == (
            "previewed",
            rows,
            [],
            b"",
        )
        assert job.pending is not None

    def test_another_users_job_cannot_be_mapped(self, client, commune_staff, ia_dal_clerk):
        from outreach.models import ImportJob

        job = ImportJob.objects.create(owner=commune_staff, file_name="a.xlsx", content=b"x", state="previewed")
        client.force_login(ia_dal_clerk)
        board = CommunicationForm.objects.get(name=NOTICE_BOARD)
        response = client.post(
            reverse("outreach_import_job_map", args=[job.pk]), {"kind": "form", "text": "a", "target": board.pk}
        )
        assert response.status_code == 404
        assert not ImportAlias.objects.exists()
