from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import pytest

from outreach.models import ActivityRecord, CommunicationForm, ImportBatch
from outreach.wagtail_hooks import activity_admin
from policies import roles
from policies.models import Unit
from tests.factories import ActivityRecordFactory
from tests.outreach.conftest import SAMPLE_XLSX
from tests.outreach.sheets import row, xlsx_bytes

pytestmark = pytest.mark.django_db


def url(action, *args):
    return activity_admin.url_helper.get_action_url(action, *args)


@pytest.fixture
def records(outreach_data):
    units = {unit.code: unit for unit in Unit.objects.all()}
    return {
        "own": ActivityRecordFactory(unit=units["ia-toi"], commune=units["ia-toi"], content="Của Ia Tơi"),
        "held_here": ActivityRecordFactory(
            unit=units["phong-tu-phap"], commune=units["ia-toi"], content="Huyện ở Ia Tơi"
        ),
        "other": ActivityRecordFactory(unit=units["ia-dal"], commune=units["ia-dal"], content="Của Ia Đal"),
    }


@pytest.fixture
def staff_client(client, commune_staff):
    client.force_login(commune_staff)
    return client


def refused(response):
    """Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def form_data(record, **changes):
    data = {
        "date": record.date.isoformat(),
        "unit": record.unit_id,
        "commune": record.commune_id or "",
        "draft": "",
        "form": record.form_id,
        "content": record.content,
        "sessions": record.sessions,
        "participants": record.participants,
        "cost": record.cost,
        "funding_source": "",
        "notes": "",
    }
    data.update(changes)
    return data


class TestActivityListing:
    def test_commune_staff_see_their_records_and_those_held_in_their_commune(self, staff_client, records):
        response = staff_client.get(url("index"))
        assert response.status_code == 200
        listed = set(response.context["object_list"])
        assert records["own"] in listed and records["held_here"] in listed
        assert records["other"] not in listed

    def test_justice_office_sees_all(self, justice, records):
        client = Client()
        client.force_login(justice)
        listed = set(client.get(url("index")).context["object_list"])
        assert set(records.values()) <= listed

    def test_export_only_contains_visible_records(self, staff_client, records):
        response = staff_client.get(url("index") + "?export=csv")
        text = response.content.decode("utf-8")
        assert "Của Ia Tơi" in text and "Huyện ở Ia Tơi" in text
        assert "Của Ia Đal" not in text

    def test_filtered_export_follows_the_filter(self, client, justice, records):
        client.force_login(justice)
        unit = records["other"].unit_id
        text = client.get(url("index") + f"?unit__id__exact={unit}&export=csv").content.decode("utf-8")
        assert "Của Ia Đal" in text and "Của Ia Tơi" not in text

    def test_index_header_offers_import_and_template(self, staff_client, records):
        html = staff_client.get(url("index")).content.decode()
        assert reverse("outreach_import") in html and reverse("outreach_import_template") in html

    def test_trainer_cannot_list_activities(self, client, records):
        client.force_login(get_user_model().objects.get(username="taphuan"))
        assert refused(client.get(url("index")))


class TestOtherUnitsIds:
    @pytest.mark.parametrize("action", ["inspect", "edit", "delete", "history"])
    def test_another_units_record_is_refused(self, staff_client, records, action):
        assert refused(staff_client.get(url(action, records["other"].pk)))

    @pytest.mark.parametrize("action", ["edit", "delete"])
    def test_a_record_held_in_the_commune_by_the_district_is_read_only(self, staff_client, records, action):
        assert refused(staff_client.get(url(action, records["held_here"].pk)))
        assert staff_client.get(url("inspect", records["held_here"].pk)).status_code == 200

    @pytest.mark.parametrize("action", ["inspect", "edit", "delete", "history"])
    def test_own_record_is_allowed(self, staff_client, records, action):
        assert staff_client.get(url(action, records["own"].pk)).status_code == 200

    def test_posting_a_delete_for_another_unit_deletes_nothing(self, staff_client, records):
        response = staff_client.post(url("delete", records["other"].pk))
        assert refused(response)
        assert ActivityRecord.objects.filter(pk=records["other"].pk).exists()

    def test_edit_posting_another_units_id_is_a_form_error(self, staff_client, records):
        other_unit = records["other"].unit_id
        response = staff_client.post(url("edit", records["own"].pk), form_data(records["own"], unit=other_unit))
        assert response.status_code == 200
        assert "unit" in response.context["form"].errors
        records["own"].refresh_from_db()
        assert records["own"].unit.code == "ia-toi"

    def test_create_posting_another_units_id_is_a_form_error(self, staff_client, records):
        before = ActivityRecord.objects.count()
        data = form_data(records["own"], unit=records["other"].unit_id, content="Giả mạo")
        response = staff_client.post(url("create"), data)
        assert response.status_code == 200 and "unit" in response.context["form"].errors
        assert ActivityRecord.objects.count() == before

    def test_create_for_own_unit_works_and_is_manual(self, staff_client, records):
        response = staff_client.post(url("create"), form_data(records["own"], content="Nhập tay"))
        assert response.status_code == 302
        record = ActivityRecord.objects.get(content="Nhập tay")
        assert record.entry_method == "manual" and record.fingerprint

    def test_rendered_unit_select_lists_only_the_users_units(self, staff_client, records):
        import re

        html = staff_client.get(url("create")).content.decode()
        select = re.search(r'<select name="unit".*?</select>', html, re.S).group(0)
        offered = {int(pk) for pk in re.findall(r'value="(\d+)"', select)}
        own = Unit.objects.filter(code__in=["ia-toi", "ia-toi-cu", "ia-dom"])
        assert offered == set(own.values_list("pk", flat=True))
        assert re.search(r'<select name="form"', html)  # forms are a plain list, no snippet chooser needed

    def test_commune_staff_get_their_current_unit_preselected(self, staff_client, records):
        form = staff_client.get(url("create")).context["form"]
        assert form.initial["unit"] == Unit.objects.get(code="ia-toi").pk

    def test_a_merged_commune_is_refused_for_a_date_after_the_merger(self, staff_client, records):
        ia_dom = Unit.objects.get(code="ia-dom")
        response = staff_client.post(
            url("create"), form_data(records["own"], commune=ia_dom.pk, content="Sau sáp nhập")
        )
        assert response.status_code == 200 and "commune" in response.context["form"].errors
        assert not ActivityRecord.objects.filter(content="Sau sáp nhập").exists()

    def test_unit_and_reporter_choosers_offer_only_the_users_units(self, staff_client, records):
        form = staff_client.get(url("create")).context["form"]
        assert {unit.code for unit in form.fields["unit"].queryset} == {"ia-toi", "ia-toi-cu", "ia-dom"}
        assert {member.unit.code for member in form.fields["reporters"].queryset} <= {"ia-toi", "ia-toi-cu", "ia-dom"}


class TestImportViews:
    def upload(self, client, content, name="bang.xlsx"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(reverse("outreach_import"), {"file": SimpleUploadedFile(name, content)})

    def test_upload_preview_confirm(self, staff_client, outreach_data):
        response = self.upload(staff_client, xlsx_bytes([row(), row(number=2, content="Khác")]))
        report = response.context["report"]
        assert (report.new, report.unchanged, report.errors) == (2, 0, [])
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 0
        token = response.context["confirm_form"].initial["token"]
        response = staff_client.post(reverse("outreach_import_confirm"), {"token": token})
        assert response.status_code == 302
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 2
        # the token is spent: a second confirm writes nothing more
        staff_client.post(reverse("outreach_import_confirm"), {"token": token})
        assert ActivityRecord.objects.filter(batch__isnull=False).count() == 2
        report = self.upload(staff_client, xlsx_bytes([row(), row(number=2, content="Khác")])).context["report"]
        assert (report.new, report.unchanged) == (0, 2)

    def test_preview_shows_row_errors_for_other_units_and_no_confirm_button(self, staff_client, outreach_data):
        response = self.upload(staff_client, SAMPLE_XLSX.read_bytes(), SAMPLE_XLSX.name)
        html = response.content.decode()
        assert "Dòng 5, cột “Đơn vị thực hiện”" in html
        assert "confirm_form" not in response.context
        assert reverse("outreach_import_confirm") not in html

    def test_confirm_after_the_data_changed_explains_and_writes_nothing(self, staff_client, outreach_data):
        response = self.upload(staff_client, xlsx_bytes([row(draft=outreach_data[0].code)]))
        token = response.context["confirm_form"].initial["token"]
        outreach_data[0].delete()
        response = staff_client.post(reverse("outreach_import_confirm"), {"token": token}, follow=True)
        assert "Dữ liệu đã thay đổi từ lúc xem trước" in response.content.decode()
        assert ImportBatch.objects.count() == 0

    @pytest.mark.parametrize("token", ["../../etc/passwd", "x" * 30, ""])
    def test_tampered_token_imports_nothing(self, staff_client, outreach_data, token):
        response = staff_client.post(reverse("outreach_import_confirm"), {"token": token})
        assert response.status_code == 302
        assert ImportBatch.objects.count() == 0

    def test_another_users_token_is_useless(self, staff_client, justice, outreach_data):
        client = Client()
        response = self.upload(staff_client, xlsx_bytes([row()]))
        token = response.context["confirm_form"].initial["token"]
        client.force_login(justice)
        client.post(reverse("outreach_import_confirm"), {"token": token})
        assert ImportBatch.objects.count() == 0

    def test_unreadable_file_is_a_form_error_not_a_500(self, staff_client, outreach_data):
        response = self.upload(staff_client, b"not a sheet at all", "bang.xlsx")
        assert response.status_code == 200
        assert "file" in response.context["form"].errors

    @pytest.mark.parametrize("name", ["outreach_import", "outreach_import_template", "outreach_import_batches"])
    def test_users_without_import_permission_are_refused(self, client, outreach_data, name):
        client.force_login(get_user_model().objects.get(username="taphuan"))
        assert refused(client.get(reverse(name)))

    def test_template_download(self, staff_client, outreach_data):
        response = staff_client.get(reverse("outreach_import_template"))
        assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")

    def test_commune_staff_cannot_undo_the_justice_offices_batch(self, staff_client, justice, outreach_data):
        client = Client()
        client.force_login(justice)
        response = self.upload(client, SAMPLE_XLSX.read_bytes(), SAMPLE_XLSX.name)
        client.post(reverse("outreach_import_confirm"), {"token": response.context["confirm_form"].initial["token"]})
        batch = ImportBatch.objects.get()
        assert refused(staff_client.post(reverse("outreach_import_undo", args=[batch.pk])))
        assert batch not in staff_client.get(reverse("outreach_import_batches")).context["batches"]
        assert refused(staff_client.get(reverse("outreach_import_undo", args=[batch.pk])))
        confirmation = client.get(reverse("outreach_import_undo", args=[batch.pk]))
        assert confirmation.status_code == 200 and "xóa 40 hoạt động" in confirmation.content.decode()
        assert ActivityRecord.objects.filter(batch=batch).count() == 40  # asking deletes nothing
        client.post(reverse("outreach_import_undo", args=[batch.pk]))
        assert not ActivityRecord.objects.filter(batch=batch).exists()


def test_roles_hold_the_outreach_permissions(db):
    from django.contrib.auth.models import Group

    def codenames(role):
        return set(Group.objects.get(name=roles.group_name(role)).permissions.values_list("codename", flat=True))

    assert {
        "add_activityrecord",
        "change_activityrecord",
        "delete_activityrecord",
        "view_activityrecord",
        "import_activityrecord",
    } <= codenames(roles.COMMUNE_STAFF)
    assert {"add_trainingsession", "change_trainingsession", "view_trainingsession", "view_rostermember"} <= codenames(
        roles.TRAINER
    )
    assert "delete_trainingsession" not in codenames(roles.TRAINER)
    assert {"change_rostermember", "delete_communicationform", "import_activityrecord"} <= codenames(
        roles.JUSTICE_OFFICE
    )


def test_seed_outreach_is_idempotent(outreach_data):
    from outreach.demo import seed_outreach
    from policies.demo import seed_units

    counts = (CommunicationForm.objects.count(), ActivityRecord.objects.count())
    seed_outreach(seed_units())
    assert (CommunicationForm.objects.count(), ActivityRecord.objects.count()) == counts
    assert counts[0] == 11


def test_an_oversized_upload_is_refused_while_streaming(commune_staff, outreach_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from outreach.spreadsheets import MAX_UPLOAD_BYTES

    client = Client(enforce_csrf_checks=False)
    client.force_login(commune_staff)
    big = SimpleUploadedFile("bang.xlsx", b"0" * (MAX_UPLOAD_BYTES + 1024 * 1024))
    response = client.post(reverse("outreach_import"), {"file": big})
    assert response.status_code == 200
    assert "quá lớn" in str(response.context["form"].errors["file"])


def test_upload_without_a_csrf_token_is_refused(commune_staff, outreach_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_staff)
    response = client.post(reverse("outreach_import"), {"file": SimpleUploadedFile("bang.xlsx", xlsx_bytes([row()]))})
    assert response.status_code == 403


def test_search_ignores_case_and_diacritics_and_stays_in_scope(staff_client, records, justice):
    from outreach import importing
    from tests.outreach.conftest import SAMPLE_XLSX

    report = importing.preview(SAMPLE_XLSX.read_bytes(), "mau.xlsx", user=justice)
    importing.confirm(report.pending, user=justice)
    found = list(staff_client.get(url("index") + "?q=phat+thanh+tin+bai").context["object_list"])
    assert found and all("Phát thanh tin bài" in record.content for record in found)
    assert all(record.unit.code in ("ia-toi",) or record.commune.code == "ia-toi" for record in found)
    found = list(staff_client.get(url("index") + "?q=CUA+ia+toi").context["object_list"])
    assert records["own"] in found and records["other"] not in found
