"""The open data API (/api/v1/) and /du-lieu-mo/: allow-listed fields, filters, limits, CSV, no personal data."""

import csv
import datetime
import io
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from home.open_data import MAX_PAGE_SIZE
from home.open_data_records import DRAFT_FIELDS
from home.views import PUBLIC_TABLES
from outreach.models import RosterMember, TrainingAttendance
from policies.models import Comment, DraftPage, Subscription, Synthesis, Unit
from policies.views.listing import with_year

LIST_URL = "/api/v1/du-thao/"
# What the demo's draft list shows, by code (tests/snapshot.py restores the same rows each time).
LIVE_CODES = {"DT-2026-01", "DT-2026-02", "DT-2026-03", "DT-2025-07"}
DETAIL_EXTRA = {
    "audience_versions",
    "scope_criteria",
    "necessity",
    "purpose",
    "scope_and_subjects",
    "basic_content",
    "other_information",
    "changes",
    "sections",
    "attachments",
}
SYNTHESIS_FIELDS = {
    "draft_code",
    "draft_title",
    "url",
    "draft_api_url",
    "number_symbol",
    "issued_on",
    "published_at",
    "introduction",
    "bodies_consulted",
    "people_consulted",
    "comments_total",
    "comments_online",
    "comments_offline",
    "comments_by_source",
    "bodies_commenting",
    "people_commenting",
    "columns",
    "rows",
}

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def generous_limit(settings):
    """Most tests make more requests than a visitor would; the limit itself is tested on its own."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open_data": (10_000, 60)}


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def get_csv(client, url, **params):
    response = client.get(url, {**params, "dinh_dang": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def as_csv_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def draft(code):
    return DraftPage.objects.get(code=code)


class TestDraftList:
    def test_lists_published_drafts_with_exactly_the_allowed_fields(self, client, demo_data):
        data = get_json(client, LIST_URL)
        assert data["count"] == len(LIVE_CODES)
        assert {item["code"] for item in data["results"]} == LIVE_CODES
        for item in data["results"]:
            assert list(item) == list(DRAFT_FIELDS)
        first = next(item for item in data["results"] if item["code"] == "DT-2026-01")
        page = draft("DT-2026-01")
        assert first["title"] == page.title
        assert first["drafting_unit"] == page.drafting_unit.name
        assert first["drafting_unit_code"] == page.drafting_unit.code
        assert first["consultation_status"] == page.consultation_status().value
        assert first["consultation_status_label"] == "Đang lấy ý kiến"
        assert datetime.datetime.fromisoformat(first["consultation_closes"]) == page.consultation_closes
        assert first["proposal_opens"] == page.proposal_opens.isoformat()
        assert first["url"].endswith(page.url)
        assert first["api_url"].endswith("/api/v1/du-thao/DT-2026-01/")
        assert "versions" not in first  # audience versions are not built yet: no placeholder key

    def test_unpublished_and_private_drafts_are_left_out(self, client, demo_data):
        draft("DT-2026-03").unpublish()
        PageViewRestriction.objects.create(page=draft("DT-2025-07"), restriction_type=PageViewRestriction.LOGIN)
        data = get_json(client, LIST_URL)
        assert {item["code"] for item in data["results"]} == {"DT-2026-01", "DT-2026-02"}
        for code in ("DT-2026-03", "DT-2025-07"):
            body = get_json(client, f"{LIST_URL}{code}/", status=404)
            assert body["error"] == f"Không có dự thảo đã công bố với mã “{code}”."
            get_json(client, f"{LIST_URL}{code}/tong-hop/", status=404)

    def test_status_unit_field_and_year_filters(self, client, demo_data):
        now = datetime.datetime.now(datetime.UTC)
        open_codes = {p.code for p in DraftPage.objects.live() if p.consultation_status(now) == "open"}
        assert open_codes
        data = get_json(client, LIST_URL, trang_thai="open")
        assert {item["code"] for item in data["results"]} == open_codes
        unit = draft("DT-2026-03").drafting_unit
        data = get_json(client, LIST_URL, co_quan=unit.pk)
        assert {item["code"] for item in data["results"]} == {"DT-2026-03"}
        by_year = dict(with_year(DraftPage.objects.live()).values_list("code", "year"))
        data = get_json(client, LIST_URL, nam=by_year["DT-2025-07"])
        assert {item["code"] for item in data["results"]} == {
            code for code, year in by_year.items() if year == by_year["DT-2025-07"]
        }
        field = draft("DT-2026-01").policy_fields.first()
        data = get_json(client, LIST_URL, linh_vuc=field.slug)
        assert "DT-2026-01" in {item["code"] for item in data["results"]}

    @pytest.mark.parametrize("params", [{"trang_thai": "mo"}, {"co_quan": "abc"}, {"nam": "1990"}])
    def test_a_bad_filter_is_a_vietnamese_400(self, client, demo_data, params):
        body = get_json(client, LIST_URL, status=400, **params)
        assert body["error"].startswith("Giá trị lọc không hợp lệ")

    def test_pages_and_a_huge_page_size_is_capped(self, client, demo_data):
        first = get_json(client, LIST_URL, so_muc=1)
        assert (first["page_size"], first["num_pages"], first["previous"]) == (1, len(LIVE_CODES), None)
        assert len(first["results"]) == 1
        second = get_json(client, first["next"])
        assert second["page"] == 2 and second["previous"] and second["results"] != first["results"]
        assert get_json(client, LIST_URL, so_muc=10**9)["page_size"] == MAX_PAGE_SIZE
        assert get_json(client, LIST_URL, so_muc="-5")["page_size"] == 20
        get_json(client, LIST_URL, status=404, trang=99)
        get_json(client, LIST_URL, status=404, trang="abc")

    def test_an_unknown_format_is_refused(self, client, demo_data):
        assert "dinh_dang=csv" in get_json(client, LIST_URL, status=400, dinh_dang="xml")["error"]

    def test_only_safe_methods(self, client, demo_data):
        assert client.post(LIST_URL).status_code == 405


class TestDraftDetail:
    def test_fields_texts_sections_and_files(self, client, demo_data):
        page = draft("DT-2026-01")
        data = get_json(client, f"{LIST_URL}DT-2026-01/")
        assert set(data) == set(DRAFT_FIELDS) | DETAIL_EXTRA
        assert [c["label"] for c in data["scope_criteria"]] == [str(label) for label, _met in page.scope_criteria()]
        assert [s["anchor"] for s in data["sections"]] == [anchor for anchor, _label in page.section_choices()]
        assert all(s["url"].endswith(f"#{s['anchor']}") for s in data["sections"])
        assert [c["title"] for c in data["changes"]] == [item["title"] for item in page.change_items()]
        assert data["necessity"].startswith("<p>")
        for attachment in data["attachments"]:
            assert set(attachment) == {"kind", "kind_label", "title", "url"}

    @pytest.mark.parametrize("code", ["DT-1999-99", "dt 2026 01", "DT-2026-01'--", "-DT", "A" * 31, "DT%2F2026"])
    def test_unknown_and_malformed_codes_are_not_found(self, client, demo_data, code):
        assert client.get(f"{LIST_URL}{code}/").status_code == 404


class TestSynthesis:
    def test_the_published_synthesis_table(self, client, demo_data):
        record = Synthesis.objects.get(published=True)
        code = record.draft.code
        data = get_json(client, f"{LIST_URL}{code}/tong-hop/")
        assert set(data) == SYNTHESIS_FIELDS
        assert data["columns"] == [
            "Vấn đề, điều khoản",
            "Cơ quan, tổ chức, cá nhân góp ý",
            "Nội dung góp ý",
            "Tiếp thu, giải trình",
        ]
        approved = record.draft.comments.filter(state=Comment.State.APPROVED)
        assert sum(row["comment_count"] for row in data["rows"]) == approved.count()
        assert {row["comment"] for row in data["rows"]} <= set(approved.values_list("body", flat=True))
        assert data["comments_total"] == record.draft.comments.counted().count()
        assert sum(item["count"] for item in data["comments_by_source"]) == data["comments_total"]
        listed = get_json(client, f"{LIST_URL}{code}/")
        assert listed["synthesis_published"] is True and listed["synthesis_api_url"].endswith(f"{code}/tong-hop/")

    def test_an_unpublished_synthesis_is_not_found(self, client, demo_data):
        record = Synthesis.objects.get(published=True)
        record.published = False
        record.save()
        body = get_json(client, f"{LIST_URL}{record.draft.code}/tong-hop/", status=404)
        assert "chưa được công bố" in body["error"]
        without = DraftPage.objects.live().exclude(synthesis__isnull=False).first()
        get_json(client, f"{LIST_URL}{without.code}/tong-hop/", status=404)


class TestFigures:
    def test_years_and_a_years_tables_as_the_transparency_page_shows_them(self, client, demo_data):
        years = get_json(client, "/api/v1/so-lieu/")["years"]
        year = years[0]["year"]
        data = get_json(client, years[0]["api_url"])
        page = client.get(reverse("transparency"), {"nam": year})
        assert [table["key"] for table in data["tables"]] == [table.key for table in page.context["tables"]]
        assert {table["key"] for table in data["tables"]} <= set(PUBLIC_TABLES)
        for ours, theirs in zip(data["tables"], page.context["tables"], strict=True):
            assert ours["title"] == str(theirs.title)
            assert [row[0] for row in ours["rows"]] == [row[0] for row in theirs.rows]
        assert (data["in_scope"], data["communicated"]) == (
            page.context["figures"].in_scope,
            page.context["figures"].communicated,
        )
        assert data["period_start"] == page.context["period"].start.isoformat()

    @pytest.mark.parametrize("year", ["1990", "abc", "2026-H1", "99999"])
    def test_a_year_without_public_figures_is_not_found(self, client, demo_data, year):
        assert client.get(f"/api/v1/so-lieu/{year}/").status_code == 404


class TestCsv:
    def test_the_draft_list_csv_has_the_json_rows(self, client, demo_data):
        records = get_json(client, LIST_URL, so_muc=MAX_PAGE_SIZE)["results"]
        rows = get_csv(client, LIST_URL)
        assert [row["code"] for row in rows] == [record["code"] for record in records]
        for row, record in zip(rows, records, strict=True):
            assert row == {key: as_csv_text(record[key]) for key in DRAFT_FIELDS}
        filtered = get_csv(client, LIST_URL, trang_thai="open")
        assert {row["code"] for row in filtered} == {
            r["code"] for r in get_json(client, LIST_URL, trang_thai="open")["results"]
        }

    def test_one_draft_synthesis_and_year_as_csv(self, client, demo_data):
        record = get_json(client, f"{LIST_URL}DT-2026-01/")
        [row] = get_csv(client, f"{LIST_URL}DT-2026-01/")
        assert row == {key: as_csv_text(record[key]) for key in DRAFT_FIELDS}
        code = Synthesis.objects.get(published=True).draft.code
        table = get_json(client, f"{LIST_URL}{code}/tong-hop/")["rows"]
        rows = get_csv(client, f"{LIST_URL}{code}/tong-hop/")
        assert rows == [{key: as_csv_text(value) for key, value in item.items()} for item in table]
        figures = get_json(client, "/api/v1/so-lieu/2026/")
        rows = get_csv(client, "/api/v1/so-lieu/2026/")
        expected = [
            {
                "table_key": t["key"],
                "table_title": t["title"],
                "row_label": as_csv_text(r[0]),
                "column": column,
                "value": as_csv_text(value),
            }
            for t in figures["tables"]
            for r in t["rows"]
            for column, value in zip(t["columns"][1:], r[1:], strict=True)
        ]
        assert rows == expected
        years = get_csv(client, "/api/v1/so-lieu/")
        assert [int(row["year"]) for row in years] == [
            y["year"] for y in get_json(client, "/api/v1/so-lieu/")["years"]
        ]

    def test_cells_a_spreadsheet_would_run_are_escaped(self, client, demo_data):
        DraftPage.objects.filter(code="DT-2026-01").update(summary='=HYPERLINK("http://x.example","bấm")')
        row = next(row for row in get_csv(client, LIST_URL) if row["code"] == "DT-2026-01")
        assert row["summary"] == '\'=HYPERLINK("http://x.example","bấm")'
        record = next(r for r in get_json(client, LIST_URL)["results"] if r["code"] == "DT-2026-01")
        assert record["summary"].startswith("=HYPERLINK")  # JSON keeps the text as stored


class TestLimitsAndCache:
    def test_too_many_requests_get_a_vietnamese_429(self, client, demo_data, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "open_data": (3, 60)}
        for _i in range(3):
            assert client.get(LIST_URL, {"trang": 1}).status_code == 200
        response = client.get(LIST_URL, {"trang": 1})
        assert response.status_code == 429
        assert response["Retry-After"] == "60"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.json()["error"] == (
            "Bạn đã gửi quá 3 yêu cầu trong 60 giây. Vui lòng đợi một lát rồi thử lại."
        )
        other = client.get(LIST_URL, {"trang": 1}, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200  # counted per client address

    def test_publishing_and_unpublishing_show_on_the_next_request(self, client, demo_data):
        assert client.get(LIST_URL).status_code == 200
        cached = client.get(LIST_URL)
        assert cached["X-Page-Cache"] == "hit"
        assert cached["Access-Control-Allow-Origin"] == "*"
        page = draft("DT-2026-03")
        page.unpublish()
        after = client.get(LIST_URL)
        assert "X-Page-Cache" not in after
        assert "DT-2026-03" not in {item["code"] for item in after.json()["results"]}
        page.save_revision().publish()
        assert "DT-2026-03" in {item["code"] for item in client.get(LIST_URL).json()["results"]}

    def test_publishing_a_synthesis_shows_on_the_next_request(self, client, demo_data):
        record = Synthesis.objects.get(published=True)
        record.published = False
        record.save()
        url = f"{LIST_URL}{record.draft.code}/"
        assert client.get(url).json()["synthesis_published"] is False
        assert client.get(url)["X-Page-Cache"] == "hit"
        record.published = True
        record.save()
        assert client.get(url).json()["synthesis_published"] is True


class TestPagesLinkToIt:
    def test_open_data_page_draft_page_transparency_page_and_footer(self, client, demo_data):
        index = client.get("/du-lieu-mo/")
        assert index.status_code == 200
        html = index.content.decode()
        code = Synthesis.objects.get(published=True).draft.code
        for url in (LIST_URL, f"{LIST_URL}{code}/tong-hop/", "/api/v1/so-lieu/2026/?dinh_dang=csv"):
            assert f'href="{url}' in html
        page = client.get(draft("DT-2026-01").url).content.decode()
        assert 'href="/api/v1/du-thao/DT-2026-01/"' in page
        assert 'href="/api/v1/du-thao/DT-2026-01/?dinh_dang=csv"' in page
        assert "Tải dữ liệu:" in page
        assert 'href="/du-lieu-mo/"' in client.get(reverse("transparency")).content.decode()
        assert 'href="/du-lieu-mo/"' in client.get("/").content.decode()


def personal_values():
    """Every e-mail, phone, commenter name, receipt number and IP address stored in the database."""
    values = set()
    for model in apps.get_models():
        kinds = (models.EmailField, models.GenericIPAddressField)
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, kinds)]
        for name in names:
            values.update(model.objects.exclude(**{name: None}).values_list(name, flat=True))
    # A unit that comments in its own name (the demo's finance office, by letter) is a public body, whose name
    # the API prints as a drafting or coordinating unit: not personal data.
    units = set(Unit.objects.values_list("name", flat=True))
    for comment in Comment.objects.all():
        values.update([comment.contact, comment.receipt])
        if comment.name not in units:
            values.add(comment.name)
    for member in RosterMember.objects.all():
        values.update([member.full_name, member.phone])
    values.update(TrainingAttendance.objects.values_list("name", flat=True))
    values.update(Subscription.objects.values_list("email", flat=True))
    values.update(user.get_full_name() for user in get_user_model().objects.all())
    return {value.strip() for value in values if value and len(value.strip()) >= 5}


def crawl(client):
    """Every API answer a visitor can reach: list pages, each draft, each synthesis, each year, CSV too."""
    bodies = {}

    def fetch(url, *, csv_too=True):
        for suffix in ("", "dinh_dang=csv") if csv_too else ("",):
            full = f"{url}{'&' if '?' in url else '?'}{suffix}" if suffix else url
            response = client.get(full)
            assert response.status_code in (200, 404), full
            bodies[full] = response.content.decode("utf-8-sig")
        return json.loads(bodies[url]) if bodies[url].startswith("{") else {}

    url = f"{LIST_URL}?so_muc=1"
    codes = []
    while url:
        page = fetch(url)
        codes += [item["code"] for item in page["results"]]
        url = page["next"]
    for code in {*codes, *DraftPage.objects.values_list("code", flat=True)}:
        fetch(f"{LIST_URL}{code}/")
        fetch(f"{LIST_URL}{code}/tong-hop/")
    for year in fetch("/api/v1/so-lieu/")["years"]:
        fetch(year["api_url"])
    fetch("/du-lieu-mo/", csv_too=False)
    return bodies


class TestNoPersonalData:
    def test_no_contact_name_receipt_or_address_of_the_demo_appears_in_any_answer(self, client, demo_data):
        record = Synthesis.objects.get(published=True)
        # A commenter who asked to be named: the synthesis page prints the name, the open data must not.
        named = Comment.objects.create(
            draft=record.draft,
            body="Đề nghị bổ sung hỗ trợ cho hộ nghèo.",
            name="Trần Thị Bí Mật",
            organisation="Hợp tác xã Ia Tơi",
            contact="bimat.tran@example.vn",
            publish_as=Comment.PublishAs.NAME,
            state=Comment.State.APPROVED,
        )
        Comment.objects.create(
            draft=record.draft, body="Góp ý qua điện thoại.", name="Lê Văn Gọi", contact="0912 345 678"
        )
        assert "Trần Thị Bí Mật" in client.get(record.draft.url + "tong-hop/").content.decode()
        secrets = personal_values()
        assert {named.name, named.contact, named.receipt, "0912 345 678"} <= secrets
        assert any("@" in value for value in secrets - {named.contact})  # the demo's own addresses are collected
        bodies = crawl(client)
        assert len(bodies) > 20
        leaks = {(url, value) for url, body in bodies.items() for value in secrets if value in body}
        assert not leaks, sorted({value for _url, value in leaks})
