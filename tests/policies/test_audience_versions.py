"""Versions of a draft for an audience (issue 11, part 1): languages as data, one version per language, the
version's public pages with the right `lang`, the listing filter, page permissions and the dashboard panel."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from policies import roles
from policies.audience_dashboard import drafts_missing_versions
from policies.models import AudienceLanguage, AudienceVersion, DraftPage
from policies.setup import AUDIENCE_LANGUAGES, setup_audience_languages, setup_draft_editing
from tests.factories import DraftPageFactory, UnitFactory, draft_index
from tests.test_audit_log import form_fields

JRAI_TEXT = "Bản mẫu tiếng Jrai JRAI-SUMMARY-7731"
SCOPE = dict.fromkeys(DraftPage.SCOPE_CRITERIA, True)


@pytest.fixture
def languages(db):
    return setup_audience_languages()


def add_version(draft, language, publish=True, **texts):
    """A version saved as a page revision, as the editor saves it; published unless `publish` is False."""
    draft = draft.get_latest_revision_as_object()
    draft.audience_versions.add(
        AudienceVersion(language=language, summary=texts.pop("summary", f"Tóm tắt {language.code}"), **texts)
    )
    revision = draft.save_revision()
    if publish:
        revision.publish()
    return DraftPage.objects.get(pk=draft.pk)


@pytest.fixture
def draft(languages):
    draft = DraftPageFactory(parent=draft_index(), title="Hỗ trợ học sinh bán trú", **SCOPE)
    return add_version(
        draft,
        languages["jra"],
        summary=JRAI_TEXT,
        changes="Điểm một JRAI-POINT-1\n\nĐiểm hai JRAI-POINT-2",
        loudspeaker_script="Bài đọc JRAI-SCRIPT-55\nDòng hai",
        notice_text="Thông báo JRAI-NOTICE-99",
    )


def lang_of(html, text):
    """The `lang` in force where `text` appears: that of its nearest ancestor with one."""
    soup = BeautifulSoup(html, "lxml")
    node = soup.find(string=lambda value: value and text in value)
    assert node is not None, f"{text!r} not on the page"
    return node.find_parent(attrs={"lang": True})["lang"]


class TestLanguagesSetup:
    def test_setup_creates_the_three_defaults_once_and_keeps_edits(self, db):
        setup_audience_languages()
        AudienceLanguage.objects.filter(code="bdq").update(name="Tiếng Bahnar (Ba Na)")
        setup_audience_languages()
        assert sorted(AudienceLanguage.objects.values_list("code", flat=True)) == sorted(
            code for code, _name, _slug in AUDIENCE_LANGUAGES
        )
        assert AudienceLanguage.objects.get(code="bdq").name == "Tiếng Bahnar (Ba Na)"

    def test_a_code_that_is_not_a_language_tag_is_refused_in_vietnamese(self, db):
        from django.core.exceptions import ValidationError

        language = AudienceLanguage(code="Jrai!", name="Jrai", slug="jrai")
        with pytest.raises(ValidationError) as error:
            language.full_clean()
        assert "BCP 47" in str(error.value)

    def test_justice_office_edits_the_list_and_an_editor_only_sees_it(self, client, db, make_user):
        viewset = AudienceLanguage.snippet_viewset
        add_url = reverse(viewset.get_url_name("add"))
        client.force_login(make_user(role=roles.EDITOR, units=[UnitFactory()]))
        assert client.get(add_url).status_code in (302, 403)
        client.force_login(make_user(role=roles.JUSTICE_OFFICE, units=[UnitFactory()]))
        response = client.post(add_url, {"name": "Tiếng Xơ Đăng", "code": "sed", "slug": "sed", "sort_order": "3"})
        assert response.status_code == 302
        assert AudienceLanguage.objects.filter(code="sed", slug="sed").exists()


@pytest.mark.django_db
def test_a_language_with_versions_cannot_be_deleted(client, draft, languages, make_user):
    client.force_login(make_user(role=roles.JUSTICE_OFFICE, units=[UnitFactory()]))
    url = reverse(AudienceLanguage.snippet_viewset.get_url_name("delete"), args=[languages["jra"].pk])
    assert client.get(url).status_code == 200
    client.post(url)
    assert AudienceLanguage.objects.filter(code="jra").exists()
    assert client.get(f"{draft.url}ban/jra/").status_code == 200


@pytest.mark.django_db
class TestVersionPages:
    def test_draft_page_lists_the_version_with_hreflang_and_lang(self, client, draft):
        html = client.get(draft.url).content.decode()
        link = BeautifulSoup(html, "lxml").find("a", hreflang="jra")
        assert link["href"] == f"{draft.url}ban/jra/" and link.text == "Tiếng Jrai"
        assert lang_of(html, "JRAI-SUMMARY-7731") == "jra"

    def test_version_page_carries_its_language_inside_vietnamese_chrome(self, client, draft):
        response = client.get(f"{draft.url}ban/jra/")
        html = response.content.decode()
        assert response.status_code == 200
        assert BeautifulSoup(html, "lxml").html["lang"] == "vi"
        assert lang_of(html, "JRAI-SUMMARY-7731") == "jra"
        assert lang_of(html, "JRAI-POINT-2") == "jra"
        assert lang_of(html, "Những gì thay đổi với bà con") == "vi"
        assert f"{draft.url}ban/jra/in/" in html and f"{draft.url}ban/jra/loa/" in html

    def test_printable_notice_has_the_version_text_and_the_comment_form_qr(self, client, draft):
        html = client.get(f"{draft.url}ban/jra/in/").content.decode()
        assert lang_of(html, "JRAI-NOTICE-99") == "jra"
        assert lang_of(html, "Thông báo lấy ý kiến Nhân dân") == "vi"
        soup = BeautifulSoup(html, "lxml")
        assert soup.select_one(".qr svg") is not None
        assert soup.select_one(".how .url").get_text() == f"testserver{draft.url}gop-y/"

    def test_notice_falls_back_to_the_summary(self, client, draft, languages):
        draft = add_version(draft, languages["bdq"], summary="Tóm tắt BDQ-ONLY-SUMMARY")
        html = client.get(f"{draft.url}ban/bdq/in/").content.decode()
        assert lang_of(html, "BDQ-ONLY-SUMMARY") == "bdq"

    def test_loudspeaker_page_and_download_are_the_versions_script(self, client, draft):
        html = client.get(f"{draft.url}ban/jra/loa/").content.decode()
        assert lang_of(html, "JRAI-SCRIPT-55") == "jra"
        download = client.get(f"{draft.url}ban/jra/loa/?tai=1")
        assert download["Content-Disposition"] == f'attachment; filename="loa-{draft.code.lower()}-jra.txt"'
        assert download["Content-Language"] == "jra"
        assert download.content.decode() == "Bài đọc JRAI-SCRIPT-55\nDòng hai\n"

    def test_a_version_without_a_script_has_no_loudspeaker_page(self, client, draft, languages):
        draft = add_version(draft, languages["vi"])
        assert client.get(f"{draft.url}ban/de-doc/").status_code == 200
        assert client.get(f"{draft.url}ban/de-doc/loa/").status_code == 404

    @pytest.mark.parametrize("tail", ["", "in/", "loa/"])
    def test_unknown_or_missing_language_is_404(self, client, draft, tail):
        assert client.get(f"{draft.url}ban/xyz/{tail}").status_code == 404
        assert client.get(f"{draft.url}ban/bdq/{tail}").status_code == 404  # a language the draft has no version in

    def test_version_saved_in_a_revision_is_public_only_once_published(self, client, draft, languages):
        draft = add_version(draft, languages["bdq"], publish=False, summary="Chưa đăng BDQ-PENDING-4")
        assert client.get(f"{draft.url}ban/bdq/").status_code == 404
        assert "BDQ-PENDING-4" not in client.get(draft.url).content.decode()
        draft.get_latest_revision().publish()
        assert client.get(f"{draft.url}ban/bdq/").status_code == 200
        assert "BDQ-PENDING-4" in client.get(draft.url).content.decode()

    def test_an_unpublished_draft_shows_no_version(self, client, draft):
        draft.unpublish()
        assert client.get(f"{draft.url}ban/jra/").status_code == 404

    def test_version_pages_are_cached_for_visitors_and_dropped_on_publish(self, client, draft):
        url = f"{draft.url}ban/jra/"
        client.get(url)
        assert client.get(url).get("X-Page-Cache") == "hit"
        versions = list(draft.audience_versions.all())
        versions[0].summary = "Đã sửa JRAI-EDITED-8"
        draft.audience_versions = versions
        draft.save_revision().publish()
        response = client.get(url)
        assert response.get("X-Page-Cache") != "hit" and "JRAI-EDITED-8" in response.content.decode()

    def test_front_end_cache_paths_name_the_versions(self, draft):
        assert {"/ban/jra/", "/ban/jra/in/", "/ban/jra/loa/"} <= set(draft.get_cached_paths())


@pytest.mark.django_db
class TestListingFilter:
    def test_drafts_with_a_version_in_the_language(self, client, draft, languages):
        other = DraftPageFactory(parent=draft_index(), title="Dự thảo không có bản")
        index_url = draft_index().url
        html = client.get(index_url, {"ngon_ngu": "jra"}).content.decode()
        assert draft.title in html and other.title not in html
        html = client.get(index_url, {"ngon_ngu": "bdq"}).content.decode()
        assert draft.title not in html
        html = client.get(index_url).content.decode()
        assert draft.title in html and other.title in html

    def test_unpublished_version_does_not_count(self, client, draft, languages):
        add_version(draft, languages["bdq"], publish=False)
        assert draft.title not in client.get(draft_index().url, {"ngon_ngu": "bdq"}).content.decode()

    def test_open_data_filters_and_lists_versions_without_personal_data(self, client, draft):
        data = client.get(reverse("open_data_drafts"), {"ngon_ngu": "jra"}).json()
        assert [item["code"] for item in data["results"]] == [draft.code]
        assert data["results"][0]["audience_languages"] == ["jra"]
        detail = client.get(reverse("open_data_draft", args=[draft.code])).json()
        assert detail["audience_versions"] == [
            {"language": "jra", "language_name": "Tiếng Jrai", "url": f"http://testserver{draft.url}ban/jra/"}
        ]
        assert client.get(reverse("open_data_drafts"), {"ngon_ngu": "khong-co"}).status_code == 400


def edit_url(draft):
    return reverse("wagtailadmin_pages:edit", args=[draft.pk])


def rendered_form(client, draft):
    """The edit form as the admin renders it, as a browser would send it back. The StreamFields are drawn by
    JavaScript from the page's (empty) value, so their empty counts are added as the script would send them."""
    response = client.get(edit_url(draft))
    assert response.status_code == 200
    data = {
        name: values for name, values in form_fields(response.content.decode()).items() if "__prefix__" not in name
    }
    data.update({"changes-count": ["0"], "sections-count": ["0"]})
    return data


def with_new_version(data, language, summary):
    count = int(data["audience_versions-TOTAL_FORMS"][0])
    prefix = f"audience_versions-{count}"
    data.update(
        {
            f"{prefix}-language": [str(language.pk)],
            f"{prefix}-summary": [summary],
            f"{prefix}-changes": [""],
            f"{prefix}-loudspeaker_script": [""],
            f"{prefix}-notice_text": [""],
            f"{prefix}-ORDER": [str(count + 1)],
            f"{prefix}-id": [""],
            f"{prefix}-DELETE": [""],
            "audience_versions-TOTAL_FORMS": [str(count + 1)],
        }
    )
    return data


@pytest.fixture
def editing(db, make_user, languages):
    index = draft_index()
    setup_draft_editing(index)
    commune, other_commune = UnitFactory(name="Xã Ia Tơi"), UnitFactory(name="Xã Ia Đal")
    own = DraftPageFactory(parent=index, drafting_unit=commune, title="Dự thảo của xã", **SCOPE)
    foreign = DraftPageFactory(parent=index, drafting_unit=other_commune, title="Dự thảo xã khác", **SCOPE)
    for page in (own, foreign):
        page.save_revision().publish()
    foreign = add_version(foreign, languages["jra"], summary="Bản của xã khác FOREIGN-JRA")
    return {
        "own": own,
        "foreign": foreign,
        "commune": commune,
        "other_commune": other_commune,
        "editor": make_user(role=roles.EDITOR, units=[commune]),
        "justice": make_user(role=roles.JUSTICE_OFFICE, units=[UnitFactory()]),
    }


@pytest.mark.django_db
class TestEditingVersions:
    def test_the_editor_has_a_tab_for_the_versions(self, client, editing):
        client.force_login(editing["editor"])
        html = client.get(edit_url(editing["own"])).content.decode()
        assert "Bản cho từng đối tượng" in html and "audience_versions-TOTAL_FORMS" in html

    def test_commune_editor_adds_a_version_to_its_own_draft(self, client, editing, languages):
        client.force_login(editing["editor"])
        data = with_new_version(rendered_form(client, editing["own"]), languages["vi"], "Bản dễ đọc OWN-VI")
        response = client.post(edit_url(editing["own"]), data)
        assert response.status_code == 302, response.context and response.context["form"].errors
        revision = DraftPage.objects.get(pk=editing["own"].pk).get_latest_revision_as_object()
        assert [version.summary for version in revision.audience_versions.all()] == ["Bản dễ đọc OWN-VI"]
        # Saved as a draft revision of a live page: not public until published.
        assert not AudienceVersion.objects.filter(summary="Bản dễ đọc OWN-VI").exists()

    def test_commune_editor_cannot_edit_another_units_versions(self, client, editing, languages):
        client.force_login(editing["justice"])
        data = rendered_form(client, editing["foreign"])
        data["audience_versions-0-summary"] = ["Bị sửa trái phép HACKED"]
        client.force_login(editing["editor"])
        assert client.get(edit_url(editing["foreign"])).status_code in (302, 403, 404)
        response = client.post(edit_url(editing["foreign"]), data)
        assert response.status_code in (302, 403, 404)
        foreign = DraftPage.objects.get(pk=editing["foreign"].pk)
        assert "HACKED" not in str(foreign.get_latest_revision().content)
        assert list(foreign.audience_versions.values_list("summary", flat=True)) == ["Bản của xã khác FOREIGN-JRA"]

    def test_a_second_version_in_the_same_language_is_refused_in_vietnamese(self, client, editing, languages):
        client.force_login(editing["justice"])
        draft = editing["foreign"]
        revisions = draft.revisions.count()
        data = with_new_version(rendered_form(client, draft), languages["jra"], "Bản trùng DUPLICATE-JRA")
        response = client.post(edit_url(draft), data)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Dự thảo đã có bản Tiếng Jrai. Mỗi ngôn ngữ chỉ một bản" in html
        # Nothing lost: the typed text is still in the form, nothing was saved.
        assert "Bản trùng DUPLICATE-JRA" in html
        assert draft.revisions.count() == revisions

    def test_the_rendered_form_saves_unchanged(self, client, editing):
        client.force_login(editing["justice"])
        draft = editing["foreign"]
        response = client.post(edit_url(draft), rendered_form(client, draft))
        assert response.status_code == 302
        revision = DraftPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
        assert [v.summary for v in revision.audience_versions.all()] == ["Bản của xã khác FOREIGN-JRA"]

    def test_unit_languages_are_edited_with_the_unit(self, client, editing, languages):
        from policies.models import Unit

        client.force_login(editing["justice"])
        unit = editing["commune"]
        url = reverse(Unit.snippet_viewset.get_url_name("edit"), args=[unit.pk])
        data = form_fields(client.get(url).content.decode())
        data = {name: values for name, values in data.items() if "__prefix__" not in name}
        data["audience_languages"] = [str(languages["jra"].pk), str(languages["vi"].pk)]
        assert client.post(url, data).status_code == 302
        assert set(unit.audience_languages.values_list("code", flat=True)) == {"jra", "vi"}


@pytest.mark.django_db
class TestDashboardPanel:
    @pytest.fixture
    def needs(self, editing, languages):
        editing["commune"].audience_languages.add(languages["vi"], languages["jra"])
        editing["other_commune"].audience_languages.add(languages["bdq"])
        return editing

    def panel_text(self, client, user):
        client.force_login(user)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        panel = BeautifulSoup(html, "lxml").find(id="audience-versions-section")
        return None if panel is None else " ".join(panel.get_text(" ").split())

    def test_editor_sees_own_drafts_missing_their_units_languages(self, client, needs):
        text = self.panel_text(client, needs["editor"])
        assert "Dự thảo của xã" in text and "Tiếng Việt dễ đọc, Tiếng Jrai" in text
        assert "Dự thảo xã khác" not in text and "Tiếng Ba Na" not in text

    def test_each_row_links_to_the_drafts_edit_page(self, client, needs):
        client.force_login(needs["editor"])
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        panel = BeautifulSoup(html, "lxml").find(id="audience-versions-section")
        assert [a["href"] for a in panel.select(".role-dashboard__list a")] == [edit_url(needs["own"])]

    def test_a_draft_with_every_needed_version_leaves_the_list(self, needs, languages):
        draft = add_version(needs["own"], languages["vi"])
        assert [(d.pk, [lang.code for lang in m]) for d, m in drafts_missing_versions(needs["editor"])[0]] == [
            (draft.pk, ["jra"])
        ]
        add_version(draft, languages["jra"])
        assert drafts_missing_versions(needs["editor"])[0] == []

    def test_drafts_outside_the_scheme_adopted_or_withdrawn_are_left_out(self, needs):
        index = draft_index()
        for title, extra in (
            ("Ngoài phạm vi", {}),
            ("Đã ban hành", {**SCOPE, "stage": DraftPage.Stage.ADOPTED}),
            ("Đã rút", {**SCOPE, "stage": DraftPage.Stage.WITHDRAWN, "withdrawal_reason": "Không cần"}),
        ):
            DraftPageFactory(parent=index, drafting_unit=needs["commune"], title=title, **extra)
        titles = [draft.title for draft, _missing in drafts_missing_versions(needs["editor"])[0]]
        assert titles == ["Dự thảo của xã"]

    def test_justice_office_sees_every_units_drafts_and_languages(self, client, needs):
        text = self.panel_text(client, needs["justice"])
        assert "Dự thảo của xã" in text and "Dự thảo xã khác" in text
        # The foreign draft has its Jrai version; it lacks the other two languages any unit needs.
        rows = dict(drafts_missing_versions(needs["justice"])[0])
        foreign = next(d for d in rows if d.pk == needs["foreign"].pk)
        assert [lang.code for lang in rows[foreign]] == ["vi", "bdq"]

    def test_commune_clerk_gets_no_panel(self, client, needs, make_user):
        assert self.panel_text(client, make_user(role=roles.COMMUNE_STAFF, units=[needs["commune"]])) is None

    def test_a_unit_without_languages_is_told_where_to_set_them(self, client, editing, make_user):
        text = self.panel_text(client, make_user(role=roles.EDITOR, units=[UnitFactory()]))
        assert "chưa chọn ngôn ngữ người dân cần" in text


@pytest.mark.django_db
class TestDemo:
    def test_demo_versions_are_published_and_marked_as_samples(self, client, demo_data):
        from policies.demo import SAMPLE_MARK

        jrai = AudienceVersion.objects.get(page__code="DT-2026-01", language__code="jra")
        assert jrai.summary.startswith(SAMPLE_MARK)
        draft = jrai.page
        assert client.get(f"{draft.url}ban/jra/").status_code == 200
        assert client.get(f"{draft.url}ban/de-doc/in/").status_code == 200
        assert set(
            AudienceVersion.objects.filter(language__code__in=["jra", "bdq"]).values_list("page__code", flat=True)
        ) == {"DT-2026-01", "DT-2026-03"}
        for version in AudienceVersion.objects.exclude(language__code="vi"):
            texts = (version.summary, version.changes, version.loudspeaker_script, version.notice_text)
            assert all(SAMPLE_MARK in text for text in texts if text)
