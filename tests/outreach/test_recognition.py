"""Good practices and commendation proposals: each role sees and changes only its units' own, a decided
proposal needs its decision, and a practice links only its unit's activity records."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

import pytest

from outreach.models import ActivityRecord, CommendationProposal, GoodPractice
from policies import roles
from policies.models import Unit
from tests.factories import ActivityRecordFactory, CommendationProposalFactory, GoodPracticeFactory

pytestmark = pytest.mark.django_db

PRACTICE_URLS = "wagtailsnippets_outreach_goodpractice"
COMMENDATION_URLS = "wagtailsnippets_outreach_commendationproposal"
DEMO_PRACTICE = "Phát thanh dự thảo bằng tiếng Việt và tiếng Jrai trên loa truyền thanh xã"
DEMO_HIDDEN_PRACTICE = "Hội nghị lấy ý kiến lồng ghép sinh hoạt cộng đồng làng"


def user(username):
    return get_user_model().objects.get(username=username)


def login(username_or_user):
    client = Client()
    client.force_login(user(username_or_user) if isinstance(username_or_user, str) else username_or_user)
    return client


def refused(response):
    return response.status_code in (403, 404) or (response.status_code == 302 and response["Location"] == "/admin/")


@pytest.fixture
def world(outreach_data):
    """The demo's practices and proposals, plus a practice and a proposal of each commune and of an office."""
    ia_toi, ia_dal, office = (Unit.objects.get(code=code) for code in ("ia-toi", "ia-dal", "phong-gd-dt"))
    return {
        "ia_toi": ia_toi,
        "ia_dal": ia_dal,
        "office": office,
        "own_practice": GoodPractice.objects.get(title=DEMO_PRACTICE),
        "other_practice": GoodPractice.objects.get(title=DEMO_HIDDEN_PRACTICE),
        "office_practice": GoodPracticeFactory(unit=office, title="Mô hình của Phòng Giáo dục"),
        "own_proposal": CommendationProposalFactory(proposing_unit=ia_toi, nominee_name="Người xã Ia Tơi đề nghị"),
        "other_proposal": CommendationProposalFactory(proposing_unit=ia_dal, nominee_name="Người xã Ia Đal đề nghị"),
    }


def practice_form(unit, **changes):
    data = {
        "title": "Niêm yết dự thảo song ngữ tại nhà rông",
        "unit": unit.pk,
        "recorded_on": "05/11/2026",
        "description": "Niêm yết bản dễ đọc bằng tiếng Việt và tiếng Bahnar.",
        "results": "",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
    }
    return data | changes


def commendation_form(unit, **changes):
    data = {
        "proposing_unit": unit.pk,
        "proposer_name": "Y Sơn",
        "proposer_title": "Công chức Tư pháp - Hộ tịch",
        "nominee_kind": "individual",
        "nominee_name": "Rơ Châm Thơm",
        "nominee_position": "Trưởng thôn",
        "nominee_unit_name": "Thôn 1, xã Ia Tơi",
        "reason": "Vận động bà con góp ý dự thảo.",
        "good_practice": "",
        "level": "commune_chair",
        "proposed_on": "02/11/2026",
        "status": "proposed",
        "decision_number": "",
        "decision_date": "",
    }
    return data | changes


class TestScopeByRole:
    def test_commune_lists_only_its_own(self, world):
        client = login("xaiatoi")
        html = client.get(reverse(f"{PRACTICE_URLS}:list")).content.decode()
        assert DEMO_PRACTICE in html
        assert DEMO_HIDDEN_PRACTICE not in html and "Mô hình của Phòng Giáo dục" not in html
        html = client.get(reverse(f"{COMMENDATION_URLS}:list")).content.decode()
        assert "Người xã Ia Tơi đề nghị" in html
        assert "Người xã Ia Đal đề nghị" not in html and "Y Blin" not in html

    def test_exports_hold_only_the_units_rows(self, world):
        client = login("xaiatoi")
        text = client.get(reverse(f"{PRACTICE_URLS}:list") + "?export=csv").getvalue().decode("utf-8-sig")
        assert DEMO_PRACTICE in text and DEMO_HIDDEN_PRACTICE not in text
        assert "Số hoạt động liên kết" in text
        text = client.get(reverse(f"{COMMENDATION_URLS}:list") + "?export=csv").getvalue().decode("utf-8-sig")
        assert "Người xã Ia Tơi đề nghị" in text and "Người xã Ia Đal đề nghị" not in text
        response = client.get(reverse(f"{COMMENDATION_URLS}:list") + "?export=xlsx")
        assert response.status_code == 200

    @pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
    def test_commune_is_refused_another_units_practice_and_proposal(self, world, view):
        client = login("xaiatoi")
        for urls, key, name in (
            (PRACTICE_URLS, "other_practice", DEMO_HIDDEN_PRACTICE),
            (COMMENDATION_URLS, "other_proposal", "Người xã Ia Đal đề nghị"),
        ):
            url = reverse(f"{urls}:{view}", args=[world[key].pk])
            assert refused(client.get(url)), url
            assert name not in client.get(url, follow=True).content.decode()

    def test_commune_opens_its_own(self, world):
        client = login("xaiatoi")
        assert client.get(reverse(f"{PRACTICE_URLS}:edit", args=[world["own_practice"].pk])).status_code == 200
        assert client.get(reverse(f"{COMMENDATION_URLS}:edit", args=[world["own_proposal"].pk])).status_code == 200

    def test_commune_cannot_save_for_another_unit(self, world):
        client = login("xaiatoi")
        response = client.post(reverse(f"{PRACTICE_URLS}:add"), practice_form(world["ia_dal"]))
        assert response.status_code == 200
        assert "Bạn chỉ ghi được cho đơn vị mình" in response.content.decode()
        assert not GoodPractice.objects.filter(title="Niêm yết dự thảo song ngữ tại nhà rông").exists()
        units = response.context["form"].fields["unit"].queryset
        assert world["ia_toi"] in units and world["ia_dal"] not in units

    def test_commune_saves_its_own_practice_as_the_form_shows_dates(self, world):
        response = login("xaiatoi").post(reverse(f"{PRACTICE_URLS}:add"), practice_form(world["ia_toi"]))
        assert response.status_code == 302, response.context["form"].errors
        practice = GoodPractice.objects.get(title="Niêm yết dự thảo song ngữ tại nhà rông")
        assert practice.unit == world["ia_toi"] and practice.recorded_on == datetime.date(2026, 11, 5)

    def test_commendation_offers_only_the_units_practices(self, world):
        response = login("xaiatoi").get(reverse(f"{COMMENDATION_URLS}:add"))
        assert set(response.context["form"].fields["good_practice"].queryset) == {world["own_practice"]}
        data = commendation_form(world["ia_toi"], good_practice=world["other_practice"].pk)
        response = login("xaiatoi").post(reverse(f"{COMMENDATION_URLS}:add"), data)
        assert response.status_code == 200
        assert "Chỉ chọn được mô hình hay của đơn vị mình" in response.content.decode()

    def test_editor_sees_only_its_office(self, world):
        html = login("bientap").get(reverse(f"{PRACTICE_URLS}:list")).content.decode()
        assert "Mô hình của Phòng Giáo dục" in html
        assert DEMO_PRACTICE not in html and DEMO_HIDDEN_PRACTICE not in html

    def test_justice_office_sees_every_unit(self, world):
        html = login("tuphap").get(reverse(f"{PRACTICE_URLS}:list")).content.decode()
        assert all(title in html for title in (DEMO_PRACTICE, DEMO_HIDDEN_PRACTICE, "Mô hình của Phòng Giáo dục"))
        html = login("tuphap").get(reverse(f"{COMMENDATION_URLS}:list")).content.decode()
        assert all(name in html for name in ("Y Blin", "Người xã Ia Tơi đề nghị", "Người xã Ia Đal đề nghị"))

    @pytest.mark.parametrize("username", ["kiemduyet", "taphuan"])
    def test_moderator_and_trainer_have_no_access(self, world, username):
        client = login(username)
        for urls in (PRACTICE_URLS, COMMENDATION_URLS):
            assert refused(client.get(reverse(f"{urls}:list")))
        assert refused(client.get(reverse("outreach_practice_activities", args=[world["own_practice"].pk])))

    def test_menu_group_is_named_in_vietnamese(self, world):
        html = login("xaiatoi").get(reverse("wagtailadmin_home")).content.decode()
        # The sidebar menu comes as JSON props, non-ASCII escaped.
        assert json.dumps("Mô hình hay, khen thưởng")[1:-1] in html


class TestEvidence:
    def test_commune_uploads_a_document_and_attaches_it_as_evidence(self, world, settings, tmp_path):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from wagtail.documents import get_document_model
        from wagtail.models import Collection

        settings.MEDIA_ROOT = str(tmp_path)
        client = login("xaiatoi")
        assert client.get(reverse("wagtaildocs_chooser:choose")).status_code == 200
        upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\n% bien ban hoi nghi\n", content_type="application/pdf")
        fields = {"title": "Biên bản hội nghị", "file": upload, "collection": Collection.get_first_root_node().pk}
        response = client.post(
            reverse("wagtaildocs_chooser:create"),
            {f"document-chooser-upload-{name}": value for name, value in fields.items()},
        )
        assert response.status_code == 200
        document = get_document_model().objects.get(title="Biên bản hội nghị")
        data = practice_form(
            world["ia_toi"],
            **{
                "evidence-TOTAL_FORMS": "1",
                "evidence-0-document": document.pk,
                "evidence-0-caption": "Biên bản có chữ ký",
                "evidence-0-ORDER": "1",
                "evidence-0-id": "",
                "evidence-0-DELETE": "",
            },
        )
        response = client.post(reverse(f"{PRACTICE_URLS}:add"), data)
        assert response.status_code == 302, response.context["form"].errors
        practice = GoodPractice.objects.get(title=data["title"])
        assert [(item.document, item.caption) for item in practice.evidence.all()] == [
            (document, "Biên bản có chữ ký")
        ]

    def test_an_evidence_row_without_a_document_is_refused(self, world):
        data = practice_form(
            world["ia_toi"],
            **{
                "evidence-TOTAL_FORMS": "1",
                "evidence-0-document": "",
                "evidence-0-caption": "Ảnh",
                "evidence-0-ORDER": "1",
            },
        )
        response = login("xaiatoi").post(reverse(f"{PRACTICE_URLS}:add"), data)
        assert response.status_code == 200
        assert "Chọn hoặc tải lên tài liệu minh chứng, hoặc xóa dòng này." in response.content.decode()


class TestDecidedProposal:
    def test_decided_without_decision_is_refused_in_vietnamese(self, world):
        data = commendation_form(world["ia_toi"], status="awarded")
        response = login("xaiatoi").post(reverse(f"{COMMENDATION_URLS}:add"), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "hãy ghi số quyết định" in html and "hãy ghi ngày quyết định" in html
        assert not CommendationProposal.objects.filter(nominee_name="Rơ Châm Thơm").exists()
        # What was typed is kept in the form.
        assert "Vận động bà con góp ý dự thảo." in html

    def test_rejected_without_decision_is_refused_too(self, world):
        data = commendation_form(world["ia_toi"], status="rejected", decision_number="12/UBND")
        response = login("xaiatoi").post(reverse(f"{COMMENDATION_URLS}:add"), data)
        assert response.status_code == 200
        assert "hãy ghi ngày quyết định" in response.content.decode()

    def test_decided_with_decision_is_saved(self, world):
        data = commendation_form(
            world["ia_toi"], status="awarded", decision_number="88/QĐ-UBND", decision_date="20/11/2026"
        )
        response = login("xaiatoi").post(reverse(f"{COMMENDATION_URLS}:add"), data)
        assert response.status_code == 302, response.context["form"].errors
        proposal = CommendationProposal.objects.get(nominee_name="Rơ Châm Thơm")
        assert proposal.decision_date == datetime.date(2026, 11, 20)
        assert proposal.decision_label == "88/QĐ-UBND ngày 20/11/2026"

    def test_individual_needs_a_unit_and_decision_follows_proposal(self, world):
        data = commendation_form(
            world["ia_toi"],
            nominee_unit_name="",
            status="awarded",
            decision_number="1/QĐ",
            decision_date="01/11/2026",
        )
        html = login("xaiatoi").post(reverse(f"{COMMENDATION_URLS}:add"), data).content.decode()
        assert "hãy ghi đơn vị công tác" in html
        assert "Ngày quyết định không được trước ngày đề nghị." in html


class TestLinkingActivities:
    def url(self, practice):
        return reverse("outreach_practice_activities", args=[practice.pk])

    def test_page_lists_the_units_records_in_the_range_only(self, world):
        own = ActivityRecordFactory(unit=world["ia_toi"], date=datetime.date(2026, 7, 1), content="Hội nghị làng 1")
        outside_range = ActivityRecordFactory(
            unit=world["ia_toi"], date=datetime.date(2025, 7, 1), content="Hội nghị năm trước"
        )
        other = ActivityRecordFactory(unit=world["ia_dal"], date=datetime.date(2026, 7, 1), content="Hội nghị Ia Đal")
        response = login("xaiatoi").get(self.url(world["own_practice"]))
        assert response.status_code == 200
        candidates = {record.pk for record in response.context["candidates"]}
        assert own.pk in candidates
        assert outside_range.pk not in candidates and other.pk not in candidates
        # The demo's linked records are listed as linked, not as candidates.
        assert world["own_practice"].activities.count() == 2
        assert candidates.isdisjoint(world["own_practice"].activities.values_list("pk", flat=True))
        # Diacritic-free words narrow the list.
        query = {"tu_ngay": "01/01/2026", "den_ngay": "31/12/2026", "tim": "hoi nghi lang"}
        response = login("xaiatoi").get(self.url(world["own_practice"]), query)
        assert [record.pk for record in response.context["candidates"]] == [own.pk]

    def test_another_units_activity_is_refused_and_nothing_is_linked(self, world):
        own = ActivityRecordFactory(unit=world["ia_toi"], date=datetime.date(2026, 7, 1))
        other = ActivityRecordFactory(unit=world["ia_dal"], date=datetime.date(2026, 7, 1))
        practice = world["own_practice"]
        response = login("xaiatoi").post(self.url(practice), {"action": "link", "activities": [own.pk, other.pk]})
        assert response.status_code == 400
        assert "Chỉ liên kết được hoạt động của đơn vị" in response.content.decode()
        assert not practice.activities.filter(pk__in=[own.pk, other.pk]).exists()

    def test_justice_office_cannot_link_an_activity_outside_the_practices_unit(self, world):
        other = ActivityRecordFactory(unit=world["ia_dal"], date=datetime.date(2026, 7, 1))
        response = login("tuphap").post(self.url(world["own_practice"]), {"action": "link", "activities": [other.pk]})
        assert response.status_code == 400
        assert not world["own_practice"].activities.filter(pk=other.pk).exists()

    def test_own_activities_are_linked_and_counted(self, world):
        practice = world["own_practice"]
        before = practice.result_figures()
        added = ActivityRecordFactory(
            unit=world["ia_toi"], date=datetime.date(2026, 7, 1), sessions=3, participants=40
        )
        response = login("xaiatoi").post(self.url(practice), {"action": "link", "activities": [added.pk]})
        assert response.status_code == 302
        after = practice.result_figures()
        assert after["activity_count"] == before["activity_count"] + 1
        assert after["activity_sessions"] == before["activity_sessions"] + 3
        assert after["activity_participants"] == before["activity_participants"] + 40
        response = login("xaiatoi").post(self.url(practice), {"action": "unlink", "activities": [added.pk]})
        assert response.status_code == 302
        assert practice.result_figures() == before

    def test_another_units_practice_page_is_refused(self, world):
        response = login("xaiatoi").get(self.url(world["other_practice"]))
        assert refused(response)

    def test_odd_ids_are_refused_without_linking(self, world):
        response = login("xaiatoi").post(self.url(world["own_practice"]), {"action": "link", "activities": ["²"]})
        assert response.status_code == 400
        assert "Hãy đánh dấu ít nhất một hoạt động." in response.content.decode()

    def test_deleting_an_activity_drops_its_link(self, world):
        practice = world["own_practice"]
        record = practice.activities.first()
        ActivityRecord.objects.filter(pk=record.pk).delete()
        assert practice.result_figures()["activity_count"] == 1

    def test_edit_form_shows_the_figures_and_the_link(self, world):
        html = login("xaiatoi").get(reverse(f"{PRACTICE_URLS}:edit", args=[world["own_practice"].pk])).content.decode()
        assert "2 hoạt động liên kết: 7 buổi/lượt, 0 lượt người tham dự." in html
        assert self.url(world["own_practice"]) in html


class TestDemo:
    def test_demo_has_two_practices_and_two_proposals(self, outreach_data):
        assert GoodPractice.objects.count() == 2
        assert GoodPractice.objects.filter(public=True).count() == 1
        practice = GoodPractice.objects.with_results().get(title=DEMO_PRACTICE)
        assert (practice.activity_count, practice.activity_sessions) == (2, 7)
        statuses = sorted(CommendationProposal.objects.values_list("status", flat=True))
        assert statuses == ["awarded", "proposed"]

    def test_demo_commune_account_has_the_role_that_records_them(self, outreach_data):
        assert user("xaiatoi").has_perm("outreach.add_goodpractice")
        assert roles.has_role(user("xaiatoi"), roles.COMMUNE_STAFF)
