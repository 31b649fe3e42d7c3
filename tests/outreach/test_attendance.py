"""A trainer's attendees: whom they may pick, ticking them from the roster, and reading them from a sheet."""

import io
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import ModelLogEntry

import openpyxl
import pytest

from outreach.attendance import SheetRow, match_rows, phone_key
from outreach.models import RosterMember, TrainingAttendance, TrainingSession
from outreach.permissions import served_area_ids, trainable_roster
from policies import roles
from policies.models import Unit
from tests.factories import RosterMemberFactory, TrainingSessionFactory, UnitFactory
from tests.outreach.test_training import SESSION_URLS, login, refused

pytestmark = pytest.mark.django_db

REPORTER, PROPAGANDIST, OTHER = RosterMember.Role.REPORTER, RosterMember.Role.PROPAGANDIST, RosterMember.Role.OTHER


@pytest.fixture
def trainer(outreach_data):
    return get_user_model().objects.get(username="taphuan")


@pytest.fixture
def people(outreach_data):
    """The demo roster (two district reporters, a propagandist in Ia Tơi and one in Ia Đal) plus a member of
    the district who is neither, and a propagandist of a commune in another province."""
    demo = {member.full_name: member for member in RosterMember.objects.all()}
    return {
        "an": demo["Nguyễn Văn An"],
        "bich": demo["Trần Thị Bích"],
        "blin": demo["Y Blin"],
        "huong": demo["Rơ Mah Hương"],
        "staff": RosterMemberFactory(
            full_name="Cán bộ văn phòng Ia Đal", role=OTHER, unit=Unit.objects.get(code="ia-dal")
        ),
        "outsider": RosterMemberFactory(
            full_name="Tuyên truyền viên tỉnh khác",
            role=PROPAGANDIST,
            unit=UnitFactory(name="Xã Ngoài Tỉnh"),
            phone="0977000999",
        ),
    }


@pytest.fixture
def session(trainer):
    return TrainingSessionFactory(
        organising_unit=Unit.objects.get(code="phong-noi-vu"), created_by=trainer, title="Lớp tập huấn điểm danh"
    )


def attendance_url(session):
    return reverse("outreach_attendance", args=[session.pk])


def import_url(session):
    return reverse("outreach_attendance_import", args=[session.pk])


def members_of(session):
    return set(session.attendances.filter(member__isnull=False).values_list("member__full_name", flat=True))


class TestTrainableRoster:
    def test_trainer_reaches_the_districts_reporters_and_propagandists(self, trainer, people):
        names = set(trainable_roster(trainer).values_list("full_name", flat=True))
        assert {"Nguyễn Văn An", "Trần Thị Bích", "Y Blin", "Rơ Mah Hương"} <= names
        assert people["staff"].full_name not in names  # neither reporter nor propagandist of the trainer's unit
        assert people["outsider"].full_name not in names

    def test_the_district_reaches_the_communes_it_merged_into(self, trainer):
        # Ia Tơi and Ia Đal of today sit under the province; the district's old communes handed over to them.
        codes = set(Unit.objects.filter(pk__in=served_area_ids(trainer)).values_list("code", flat=True))
        assert {"ia-hdrai", "phong-noi-vu", "ia-toi", "ia-dal", "ia-dom"} <= codes
        assert "quang-ngai" not in codes and "kon-tum" not in codes

    def test_a_commune_clerk_keeps_their_own_roster_only(self, people, outreach_data):
        clerk = get_user_model().objects.get(username="xaiatoi")
        names = set(trainable_roster(clerk).values_list("full_name", flat=True))
        assert names == {"Y Blin"}

    def test_a_trainer_of_a_commune_trains_that_commune_only(self, make_user, people):
        trainer = make_user(role=roles.TRAINER, units=[Unit.objects.get(code="ia-dal")])
        names = set(trainable_roster(trainer).values_list("full_name", flat=True))
        assert names == {"Rơ Mah Hương", "Cán bộ văn phòng Ia Đal"}

    def test_a_user_without_units_reaches_nobody(self, make_user, people):
        assert not trainable_roster(make_user(role=roles.TRAINER)).exists()

    def test_justice_office_reaches_everyone(self, people, outreach_data):
        justice = get_user_model().objects.get(username="tuphap")
        assert trainable_roster(justice).count() == RosterMember.objects.count()


class TestSessionFormAttendeeChoices:
    def test_attendee_and_trainer_lists_offer_the_districts_roster(self, trainer, people, session):
        response = login(trainer).get(reverse(f"{SESSION_URLS}:edit", args=[session.pk]))
        form = response.context["form"]
        expected = {"Nguyễn Văn An", "Trần Thị Bích", "Y Blin", "Rơ Mah Hương"}
        assert {member.full_name for member in form.fields["trainers"].queryset} == expected
        blank_row = form.formsets["attendances"].empty_form  # the row "add" copies
        assert {member.full_name for member in blank_row.fields["member"].queryset} == expected
        html = response.content.decode()
        assert "Y Blin – Ia Tơi" in html
        assert people["outsider"].full_name not in html

    def test_a_district_propagandist_is_saved_as_attendee(self, trainer, people, session):
        from tests.outreach.test_training import session_form

        data = session_form(
            session.organising_unit,
            title=session.title,
            **{"attendances-0-member": people["huong"].pk, "attendances-0-name": ""},
        )
        response = login(trainer).post(reverse(f"{SESSION_URLS}:edit", args=[session.pk]), data)
        assert response.status_code == 302, response.context["form"].formsets["attendances"].errors
        assert members_of(session) == {"Rơ Mah Hương"}


class TestTickingPage:
    def test_lists_candidates_with_attendees_ticked(self, trainer, people, session):
        TrainingAttendance.objects.create(session=session, member=people["blin"])
        html = login(trainer).get(attendance_url(session)).content.decode()
        assert f'value="{people["blin"].pk}" id="member-{people["blin"].pk}" checked' in html
        assert f'value="{people["an"].pk}" id="member-{people["an"].pk}">' in html
        assert people["outsider"].full_name not in html and people["outsider"].phone not in html
        assert "0905000103" not in html  # names and units only: phones stay with the member's unit

    def test_saving_adds_and_removes_in_one_go(self, trainer, people, session):
        TrainingAttendance.objects.create(session=session, member=people["blin"])
        TrainingAttendance.objects.create(session=session, name="Khách mời Hà Thị Mơ")
        response = login(trainer).post(attendance_url(session), {"members": [people["an"].pk, people["huong"].pk]})
        assert response.status_code == 302
        assert members_of(session) == {"Nguyễn Văn An", "Rơ Mah Hương"}
        assert session.attendances.filter(name="Khách mời Hà Thị Mơ").exists()  # typed-in attendees stay
        entry = ModelLogEntry.objects.get(object_id=str(session.pk), action="outreach.training.attendance")
        assert entry.data == {"added": 2, "removed": 1}

    def test_saving_nothing_ticked_clears_the_roster_attendees(self, trainer, people, session):
        TrainingAttendance.objects.create(session=session, member=people["blin"])
        assert login(trainer).post(attendance_url(session), {}).status_code == 302
        assert members_of(session) == set()

    def test_an_attendee_beyond_the_trainers_reach_is_left_alone(self, trainer, people, session):
        # Put there by the Justice Office: the trainer cannot see them, so cannot untick them either.
        TrainingAttendance.objects.create(session=session, member=people["outsider"])
        login(trainer).post(attendance_url(session), {"members": [people["an"].pk]})
        assert members_of(session) == {"Nguyễn Văn An", "Tuyên truyền viên tỉnh khác"}

    @pytest.mark.parametrize("intruder", ["outsider", "staff"])
    def test_posting_an_id_beyond_reach_is_refused_and_saves_nothing(self, trainer, people, session, intruder):
        response = login(trainer).post(attendance_url(session), {"members": [people["an"].pk, people[intruder].pk]})
        assert refused(response)
        assert members_of(session) == set()

    def test_a_malformed_id_is_refused(self, trainer, people, session):
        assert refused(login(trainer).post(attendance_url(session), {"members": ["1²"]}))
        assert members_of(session) == set()

    def test_another_trainers_session_is_refused(self, trainer, people, make_user):
        other = make_user(role=roles.TRAINER, units=[Unit.objects.get(code="phong-noi-vu")])
        theirs = TrainingSessionFactory(organising_unit=Unit.objects.get(code="phong-noi-vu"), created_by=other)
        client = login(trainer)
        assert refused(client.get(attendance_url(theirs)))
        assert refused(client.post(attendance_url(theirs), {"members": [people["an"].pk]}))
        assert refused(client.post(import_url(theirs), {"file": csv_file("Họ và tên\nY Blin\n")}))
        assert members_of(theirs) == set()

    def test_another_units_session_is_refused_without_its_title(self, trainer, people):
        theirs = TrainingSessionFactory(organising_unit=Unit.objects.get(code="ia-dal"), title="Lớp riêng Ia Đal")
        response = login(trainer).get(attendance_url(theirs), follow=True)
        assert "Lớp riêng Ia Đal" not in response.content.decode()

    def test_commune_clerk_is_refused(self, people, session):
        clerk = get_user_model().objects.get(username="xaiatoi")
        assert refused(login(clerk).get(attendance_url(session)))

    def test_justice_office_ticks_anyone(self, people, session):
        justice = get_user_model().objects.get(username="tuphap")
        login(justice).post(attendance_url(session), {"members": [people["outsider"].pk]})
        assert members_of(session) == {"Tuyên truyền viên tỉnh khác"}

    def test_session_listing_links_to_the_page_for_own_sessions(self, trainer, people, session):
        html = login(trainer).get(reverse(f"{SESSION_URLS}:list")).content.decode()
        assert f'href="{attendance_url(session)}"' in html


# ---------------------------------------------------------------- sheets


def csv_file(text, name="diem-danh.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows, name="diem-danh.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


class TestMatching:
    def member(self, pk, name, phone=""):
        return SimpleNamespace(pk=pk, full_name=name, phone=phone)

    def test_phone_is_matched_in_any_writing(self):
        assert phone_key("+84 905 000 103") == phone_key("0905.000.103") == phone_key("905000103") == "0905000103"

    def test_phone_first_then_name_ignoring_case_and_diacritics(self):
        an, blin = self.member(1, "Nguyễn Văn An", "0905000101"), self.member(2, "Y Blin", "0905000103")
        rows = [
            SheetRow(3, "Tên ghi sai", "0905 000 103", ""),
            SheetRow(4, "NGUYEN VAN AN", "", ""),
            SheetRow(5, "Người lạ", "", ""),
            SheetRow(6, "", "0999999999", ""),
        ]
        results = [
            (row.number, member.pk if member else None, reason) for row, member, reason in match_rows(rows, [an, blin])
        ]
        assert results[0] == (3, 2, "") and results[1] == (4, 1, "")
        assert results[2][1] is None and "không có trong danh sách" in results[2][2]
        assert results[3][1] is None and "không ghi họ tên" in results[3][2]

    def test_a_name_two_members_share_needs_a_phone(self):
        twins = [self.member(1, "Y Blin"), self.member(2, "Y Blin")]
        [(_row, member, reason)] = match_rows([SheetRow(2, "Y Blin", "", "")], twins)
        assert member is None and "2 người cùng họ tên" in reason


class TestSheetImport:
    def test_xlsx_with_title_rows_names_and_phones(self, trainer, people, session):
        upload = xlsx_file(
            [
                ["DANH SÁCH NGƯỜI THAM DỰ TẬP HUẤN"],
                [],
                ["STT", "Họ và tên", "Đơn vị", "Số điện thoại"],
                [1, "nguyen van an", "Phòng Tư pháp", None],
                [2, "y blin", "Xã Ia Tơi", "0905 000 103"],
                [3, "Hà Thị Mơ", "Hội Phụ nữ xã Ia Đal", "0912345678"],
                [4, None, None, "0977000999"],
                [5, None, None, None],
            ]
        )
        response = login(trainer).post(import_url(session), {"file": upload})
        assert response.status_code == 200
        report = response.context["report"]
        assert [row.number for row, _member in report.matched] == [4, 5]
        assert [row.number for row, _reason in report.by_name] == [6]
        # Row 7's phone is a member of another province's roster: never matched, never named.
        assert [row.number for row, _reason in report.not_recorded] == [7]
        assert members_of(session) == {"Nguyễn Văn An", "Y Blin"}
        typed = session.attendances.get(member__isnull=True)
        assert (typed.name, typed.unit_name) == ("Hà Thị Mơ", "Hội Phụ nữ xã Ia Đal")
        html = response.content.decode()
        assert "Dòng 7 (điện thoại “0977000999”): không có số điện thoại này trong danh sách" in html
        assert "Dòng 6, “Hà Thị Mơ”: không có trong danh sách báo cáo viên, tuyên truyền viên." in html
        assert people["outsider"].full_name not in html

    def test_a_phone_of_another_units_member_does_not_name_them(self, trainer, people, session):
        # Y Blin (Ia Tơi) may be trained by the district's trainer by name and unit, but her phone stays
        # with her commune: a sheet of bare numbers must not tell the trainer whose number it is.
        upload = xlsx_file([["Họ và tên", "Số điện thoại"], [None, people["blin"].phone]])
        response = login(trainer).post(import_url(session), {"file": upload})
        report = response.context["report"]
        assert report.matched == [] and [row.number for row, _reason in report.not_recorded] == [2]
        assert "Dòng 2 (điện thoại “0905000103”): không có số điện thoại này" in response.content.decode()
        assert members_of(session) == set()

    def test_uploading_the_same_sheet_again_records_nothing_twice(self, trainer, people, session):
        text = "Họ và tên;Điện thoại\nRơ Mah Hương;\nKhách mời A;\n"
        client = login(trainer)
        client.post(import_url(session), {"file": csv_file(text)})
        response = client.post(import_url(session), {"file": csv_file(text)})
        report = response.context["report"]
        assert len(report.already) == 2 and not report.matched and not report.by_name
        assert session.attendances.count() == 2

    def test_a_sheet_without_a_name_or_phone_column_is_explained(self, trainer, people, session):
        response = login(trainer).post(import_url(session), {"file": csv_file("Nội dung,Ngày\nabc,1/1/2026\n")})
        assert response.status_code == 400
        assert "Không tìm thấy dòng tiêu đề" in response.content.decode()
        assert session.attendances.count() == 0

    def test_a_file_that_is_not_a_sheet_is_refused_in_vietnamese(self, trainer, people, session):
        upload = SimpleUploadedFile("diem-danh.xlsx", b"not a zip")
        response = login(trainer).post(import_url(session), {"file": upload})
        assert response.status_code == 400
        assert "Không nhận ra tệp. Chỉ nhận bảng tính Excel (.xlsx) hoặc CSV (UTF-8)" in response.content.decode()

    def test_formula_escaped_cells_read_back_as_typed(self, trainer, people, session):
        response = login(trainer).post(import_url(session), {"file": csv_file("Họ và tên\n'=Lê Văn Cù\n")})
        assert response.status_code == 200
        assert session.attendances.get().name == "=Lê Văn Cù"

    def test_a_planned_session_keeps_its_state(self, trainer, people, session):
        login(trainer).post(import_url(session), {"file": csv_file("Họ và tên\nY Blin\n")})
        session.refresh_from_db()
        assert session.state == TrainingSession.State.PLANNED
