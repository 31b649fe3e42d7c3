"""The organisation's identity is data: edited in the admin, printed on documents, notices,
loudspeaker scripts and e-mails; no place of the demo is written into the application."""

import io
import re
from pathlib import Path

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

import pytest
from anyascii import anyascii
from docx import Document

from policies import roles
from policies.models import OrganisationIdentity, Unit
from tests.factories import (
    CommentFactory,
    ConsultationDraftFactory,
    SynthesisFactory,
    UnitFactory,
)

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = ["cms", "home", "outreach", "policies", "reports", "templates", "static"]
SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".xml", ".json"}
# The demo's map (seed plan and today's), folded: a portal for another place must not print them.
DEMO_PLACES = ["ia h'drai", "ia hdrai", "kon tum", "ia toi", "ia dom", "ia dal", "quang ngai"]
IDENTITY = {
    "site_name": "Cổng góp ý dự thảo",
    "issuing_body": "Phòng Tư pháp",
    "parent_body": "UBND tỉnh Bắc Nam",
    "abbreviation": "PTP",
    "place": "Bắc Nam",
    "hotline": "0209 111 222",
    "signer_title": "Trưởng phòng",
    "signer_name": "Lò Văn Tám",
}


def fold(text):
    return re.sub(r"[-_]", " ", anyascii(text).lower())


def application_files():
    for folder in APPLICATION:
        for path in sorted((ROOT / folder).rglob("*")):
            if (
                path.suffix not in SUFFIXES
                or "migrations" in path.parts
                or "demo" in path.relative_to(ROOT).with_suffix("").parts
            ):
                continue
            if "static" in path.parts and path.suffix == ".js" and ".min." in path.name:
                continue
            yield path


def test_no_demo_place_name_in_application_code():
    pattern = re.compile(r"\b(" + "|".join(re.escape(place) for place in DEMO_PLACES) + r")\b")
    found = []
    for path in application_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = pattern.search(fold(line))
            if match:
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert not found, "\n".join(found)


def test_the_place_check_sees_a_demo_place_however_it_is_written():
    pattern = re.compile(r"\b(" + "|".join(re.escape(place) for place in DEMO_PLACES) + r")\b")
    for text in ('default="Ia H\'Drai"', "UBND HUYỆN IA H'DRAI", "code='ia-toi'", "Tỉnh Quảng Ngãi"):
        assert pattern.search(fold(text)), text
    assert not pattern.search(fold("media dal"))


@pytest.fixture
def identity(db):
    OrganisationIdentity.objects.update_or_create(defaults=IDENTITY)
    return OrganisationIdentity.load()


def head_cells(document):
    left, right = document.tables[0].rows[0].cells
    return left.text, right.text


@pytest.mark.django_db
class TestReportIssuer:
    def export(self, tmp_path, *arguments):
        target = tmp_path / "bao-cao.docx"
        call_command("export_report", "--period", "2026-H1", *arguments, "--format", "docx", "-o", str(target))
        return Document(str(target))

    def test_a_units_report_is_issued_by_that_unit_under_its_parent(self, identity, tmp_path):
        province = UnitFactory(name="Tỉnh Bắc Nam", short_name="Bắc Nam", kind=Unit.Kind.PROVINCE)
        commune = UnitFactory(name="Xã Đông Sơn", short_name="Đông Sơn", code="dong-son", parent=province)
        left, right = head_cells(self.export(tmp_path, "--unit", commune.code))
        # Decree 30: a commune issues through its People's Committee, which needs no parent line.
        assert left.startswith("ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN\n")
        assert "PHÒNG TƯ PHÁP" not in left and "H'DRAI" not in left
        assert left.splitlines()[-1] == "Số:       /BC"  # no other body's abbreviation
        assert right.splitlines()[-1].startswith("Đông Sơn, ngày ")  # dated where the commune is

    def test_an_offices_report_names_the_committee_it_answers_to(self, identity, tmp_path):
        province = UnitFactory(name="Tỉnh Bắc Nam", short_name="Bắc Nam", kind=Unit.Kind.PROVINCE)
        office = UnitFactory(name="Sở Nội vụ", code="so-noi-vu", parent=province, kind=Unit.Kind.OFFICE)
        left, right = head_cells(self.export(tmp_path, "--unit", office.code))
        assert left.startswith("ỦY BAN NHÂN DÂN TỈNH BẮC NAM\nSỞ NỘI VỤ\n")
        assert right.splitlines()[-1].startswith("Bắc Nam, ngày ")

    def test_the_whole_tree_report_is_issued_and_signed_as_the_settings_say(self, identity, tmp_path):
        document = self.export(tmp_path)
        left, right = head_cells(document)
        assert left.startswith("UBND TỈNH BẮC NAM\nPHÒNG TƯ PHÁP\n")
        assert "Số:       /BC-PTP" in left
        assert right.splitlines()[-1].startswith("Bắc Nam, ngày ")
        signature = document.tables[-1].rows[0].cells[1].text
        assert "TRƯỞNG PHÒNG" in signature and "Lò Văn Tám" in signature

    def test_a_narrative_overrides_the_settings(self, identity, tmp_path):
        from reports.models import ReportNarrative, ReportPeriod

        period = ReportPeriod.objects.create(kind="half_year", year=2026)
        ReportNarrative.objects.create(
            period=period, unit=None, issuing_body="Hội đồng phối hợp PBGDPL", place="Tây Hà"
        )
        left, right = head_cells(self.export(tmp_path))
        assert left.startswith("UBND TỈNH BẮC NAM\nHỘI ĐỒNG PHỐI HỢP PBGDPL\n")
        assert right.splitlines()[-1].startswith("Tây Hà, ngày ")

    def test_narratives_saved_with_the_old_district_defaults_follow_the_unit_after_migrating(self, identity, tmp_path):
        from importlib import import_module

        from django.apps import apps

        from reports.models import ReportNarrative, ReportPeriod

        province = UnitFactory(name="Tỉnh Bắc Nam", short_name="Bắc Nam", kind=Unit.Kind.PROVINCE)
        commune = UnitFactory(name="Xã Đông Sơn", short_name="Đông Sơn", code="dong-son", parent=province)
        period = ReportPeriod.objects.create(kind="half_year", year=2026)
        old = {"parent_body": "UBND huyện Ia H'Drai", "place": "Ia H'Drai"}  # what the form pre-filled
        ReportNarrative.objects.create(period=period, unit=commune, issuing_body="", **old)
        import_module("reports.migrations.0004_blank_old_district_defaults").blank_old_defaults(apps, None)
        left, right = head_cells(self.export(tmp_path, "--unit", commune.code))
        assert left.startswith("ỦY BAN NHÂN DÂN XÃ ĐÔNG SƠN\n") and "H'DRAI" not in left.upper()
        assert right.splitlines()[-1].startswith("Đông Sơn, ngày ")


@pytest.mark.django_db
class TestSynthesisIssuer:
    def test_drafting_unit_and_parent_in_full_and_place_from_settings(self, client, identity):
        province = UnitFactory(name="Tỉnh Bắc Nam", short_name="Bắc Nam", kind=Unit.Kind.PROVINCE)
        office = UnitFactory(
            name="Sở Giáo dục và Đào tạo", short_name="Sở GD&ĐT", parent=province, kind=Unit.Kind.OFFICE
        )
        draft = ConsultationDraftFactory(drafting_unit=office)
        SynthesisFactory(draft=draft, number_symbol="3/BC-SGDĐT")
        document = Document(io.BytesIO(client.get(draft.url + "tong-hop/?tai=docx").content))
        left, right = head_cells(document)
        assert left.startswith("ỦY BAN NHÂN DÂN TỈNH BẮC NAM\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n")
        assert "SỞ GD&ĐT" not in left
        assert right.splitlines()[-1].startswith("Bắc Nam, ngày ")


@pytest.mark.django_db
class TestNoticeScriptAndEmails:
    def test_notice_header_names_the_organisation(self, client, identity):
        draft = ConsultationDraftFactory()
        html = client.get(draft.url + "in/").content.decode()
        issuer = re.search(r'<p class="issuer">(.*?)</p>', html, re.S).group(1)
        assert "UBND tỉnh Bắc Nam" in issuer and "<strong>Phòng Tư pháp</strong>" in issuer
        assert "0209 111 222" in html  # the index page has no hotline of its own

    def test_every_public_page_carries_the_site_name_and_hotline(self, client, identity):
        draft = ConsultationDraftFactory()
        for url in ("/", draft.url, "/tim-kiem/", "/khong-co-trang-nay/"):
            html = client.get(url).content.decode()
            assert '<a class="site-name" href="/">Cổng góp ý dự thảo</a>' in html, url
            assert "– Cổng góp ý dự thảo</title>" in html, url
            assert 'href="tel:0209111222">0209 111 222</a>' in html, url

    def test_loudspeaker_script_says_who_speaks_and_the_hotline(self, client, identity):
        draft = ConsultationDraftFactory()
        script = client.get(draft.url + "loa/", {"tai": "1"}).content.decode()
        assert "Phòng Tư pháp xin thông báo:" in script.splitlines()[0]
        assert "0209 111 222" in script

    def test_emails_are_signed_by_the_organisation(self, identity):
        from policies.tasks import send_comment_receipt

        comment = CommentFactory(contact="nguoi.dan@example.invalid")
        send_comment_receipt.enqueue(comment.pk)
        body = mail.outbox[-1].body
        assert "Phòng Tư pháp, UBND tỉnh Bắc Nam\nCổng góp ý dự thảo\nĐường dây nóng: 0209 111 222" in body


@pytest.mark.django_db
class TestIdentityInTheAdmin:
    def test_justice_office_edits_the_identity_and_documents_follow(self, client, make_user, tmp_path):
        call_command("setup_portal", stdout=io.StringIO())
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        url = reverse("wagtailsettings:edit", args=["policies", "organisationidentity"])
        response = client.get(url, follow=True)
        assert response.status_code == 200
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else url
        data = {**IDENTITY, "logo": ""}
        response = client.post(form_url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        identity = OrganisationIdentity.load()
        saved = (identity.issuing_body, identity.place, identity.hotline)
        assert saved == ("Phòng Tư pháp", "Bắc Nam", "0209 111 222")
        target = tmp_path / "bao-cao.docx"
        call_command("export_report", "--period", "2026", "--format", "docx", "-o", str(target), stdout=io.StringIO())
        left, _right = head_cells(Document(str(target)))
        assert left.startswith("UBND TỈNH BẮC NAM\nPHÒNG TƯ PHÁP\n")

    def test_justice_office_may_upload_and_choose_the_logo(self, client, make_user):
        call_command("setup_portal", stdout=io.StringIO())
        client.force_login(make_user(role=roles.JUSTICE_OFFICE))
        assert client.get(reverse("wagtailimages_chooser:choose")).status_code == 200
        assert client.get(reverse("wagtailimages:add")).status_code == 200

    def test_editors_cannot_edit_the_identity(self, client, make_user):
        call_command("setup_portal", stdout=io.StringIO())
        client.force_login(make_user(role=roles.EDITOR, units=[UnitFactory()]))
        identity = OrganisationIdentity.load()
        url = reverse("wagtailsettings:edit", args=["policies", "organisationidentity", identity.pk])
        response = client.post(url, {**IDENTITY, "logo": ""})
        assert response.status_code in (302, 403)
        assert OrganisationIdentity.load().issuing_body == ""


@pytest.mark.django_db
def test_demo_fills_the_identity_with_the_seeds_values():
    from policies.demo import IDENTITY as DEMO_IDENTITY

    call_command("seed_demo", stdout=io.StringIO())
    identity = OrganisationIdentity.load()
    assert {name: getattr(identity, name) for name in DEMO_IDENTITY} == DEMO_IDENTITY
