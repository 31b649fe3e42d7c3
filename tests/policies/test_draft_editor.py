"""The editor's draft form (issue 13): anchors from headings, codes and slugs the system gives, an honest
timeline for a new draft, and unit choosers that say which units still exist."""

import datetime
import threading

from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
import time_machine

from policies.blocks import derive_anchor, fill_anchors
from policies.models import DraftPage, Unit
from policies.timeline import STATE_LABELS
from tests.factories import DraftPageFactory, UnitFactory, draft_index

DAY = datetime.timedelta(days=1)


def new_draft(**kwargs):
    """An unsaved draft, its unit saved (the page is added to the tree by the test)."""
    return DraftPageFactory.build(drafting_unit=UnitFactory(), **kwargs)


def section(number, heading, anchor="", kind="article"):
    return ("section", {"kind": kind, "number": number, "heading": heading, "anchor": anchor, "body": ""})


class TestDeriveAnchor:
    @pytest.mark.parametrize(
        ("kind", "number", "heading", "anchor"),
        [
            ("article", "Điều 3", "Mức hỗ trợ", "dieu-3"),
            ("article", "3", "Mức hỗ trợ", "dieu-3"),
            ("article", "Điều 3.", "", "dieu-3"),
            ("article", "Điều 12a", "", "dieu-12a"),
            ("chapter", "Chương I", "Quy định chung", "chuong-i"),
            ("chapter", "IV", "", "chuong-iv"),
            ("section", "Mục 2", "Hỗ trợ", "muc-2"),
            ("article", "", "Phạm vi điều chỉnh", "pham-vi-dieu-chinh"),
            (
                "article",
                "",
                "Đối tượng được hỗ trợ đặc biệt khó khăn ở vùng đồng bào dân tộc",
                "doi-tuong-duoc-ho-tro-dac-biet-kho-khan-o",
            ),
            ("section", "", "—", "muc"),
        ],
    )
    def test_anchor_comes_from_the_number_else_the_heading(self, kind, number, heading, anchor):
        assert derive_anchor(kind, number, heading) == anchor


class TestFillAnchors:
    def test_blank_anchors_are_derived_and_duplicates_get_a_suffix(self):
        sections = [
            ("a", {"kind": "article", "number": "Điều 1", "heading": "x", "anchor": ""}),
            ("b", {"kind": "article", "number": "1", "heading": "y", "anchor": ""}),
            ("c", {"kind": "article", "number": "Điều 1", "heading": "z", "anchor": ""}),
        ]
        fill_anchors(sections)
        assert [value["anchor"] for _id, value in sections] == ["dieu-1", "dieu-1-2", "dieu-1-3"]

    def test_a_typed_anchor_is_kept_and_wins_over_a_derived_one(self):
        sections = [
            ("a", {"kind": "article", "number": "Điều 1", "heading": "x", "anchor": ""}),
            ("b", {"kind": "article", "number": "Điều 2", "heading": "y", "anchor": "dieu-1"}),
        ]
        fill_anchors(sections)
        assert [value["anchor"] for _id, value in sections] == ["dieu-1-2", "dieu-1"]

    def test_a_cleared_anchor_comes_back_from_the_same_block(self):
        sections = [("a", {"kind": "article", "number": "Điều 5", "heading": "x", "anchor": ""})]
        fill_anchors(sections, kept={"a": "dieu-3"})
        assert sections[0][1]["anchor"] == "dieu-3"


@pytest.mark.django_db
class TestAnchorsOnSave:
    def test_a_draft_saved_without_anchors_gets_them_and_its_comment_choices_follow(self):
        draft = new_draft(
            sections=[section("Điều 1", "Phạm vi"), section("Điều 2", "Đối tượng"), section("Điều 2", "Trùng số")]
        )
        draft_index().add_child(instance=draft)
        stored = DraftPage.objects.get(pk=draft.pk)
        assert [anchor for anchor, _label in stored.section_choices()] == ["dieu-1", "dieu-2", "dieu-2-2"]
        assert stored.section_choices()[0] == ("dieu-1", "Điều 1. Phạm vi")

    def test_anchors_stay_when_numbers_change_or_the_field_is_cleared(self):
        draft = new_draft(sections=[section("Điều 1", "Phạm vi"), section("Điều 2", "Đối tượng")])
        draft_index().add_child(instance=draft)
        draft = DraftPage.objects.get(pk=draft.pk)
        # An article inserted before the others renumbers them; comments still point at the old anchors.
        first, second = draft.sections[0], draft.sections[1]
        first.value["number"], second.value["number"] = "Điều 2", "Điều 3"
        second.value["anchor"] = ""  # cleared by mistake
        draft.sections.insert(0, section("Điều 1", "Giải thích từ ngữ"))
        draft.save_revision().publish()
        stored = DraftPage.objects.get(pk=draft.pk)
        assert [anchor for anchor, _label in stored.section_choices()] == ["dieu-1-2", "dieu-1", "dieu-2"]

    def test_two_typed_anchors_alike_are_still_an_error(self):
        draft = new_draft(sections=[section("Điều 1", "x", "dieu-1"), section("Điều 2", "y", "dieu-1")])
        with pytest.raises(Exception, match="Mã neo bị trùng: dieu-1"):
            draft_index().add_child(instance=draft)


@pytest.mark.django_db
class TestDraftCode:
    @time_machine.travel(datetime.datetime(2026, 6, 1, 3, 0, tzinfo=datetime.UTC))
    def test_a_new_draft_without_a_code_gets_the_years_next_one(self):
        index = draft_index()
        index.add_child(instance=new_draft(code="DT-2026-07"))
        draft = new_draft(code="")
        index.add_child(instance=draft)
        assert draft.code == "DT-2026-08"

    @time_machine.travel(datetime.datetime(2026, 6, 1, 3, 0, tzinfo=datetime.UTC))
    def test_two_forms_proposing_the_same_code_both_save_with_different_codes(self):
        index = draft_index()
        first, second = new_draft(code=""), new_draft(code="")
        first.propose_code()
        second.propose_code()
        assert first.code == second.code == "DT-2026-01"
        index.add_child(instance=first)
        index.add_child(instance=second)
        assert (first.code, second.code) == ("DT-2026-01", "DT-2026-02")

    def test_a_stored_drafts_code_never_changes(self):
        draft = DraftPageFactory(parent=draft_index(), code="DT-2025-07")
        draft.title = "Tên mới"
        draft.save()
        assert DraftPage.objects.get(pk=draft.pk).code == "DT-2025-07"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole file, so no two saves ever race; the race runs on PostgreSQL (CI runs both)",
)
def test_concurrent_saves_of_the_same_proposed_code_both_succeed():
    """The second save waits on the database's unique index for the first, then takes the next code."""
    index = draft_index()
    home = index.get_parent()  # another parent, so the two pages' tree paths cannot clash as well
    first, second = new_draft(code=""), new_draft(code="")
    inserted, release, errors = threading.Event(), threading.Event(), []

    def save_first():
        try:
            from django.db import transaction

            with transaction.atomic():
                index.add_child(instance=first)
                inserted.set()
                release.wait(30)
        except Exception as error:  # reported by the main thread
            errors.append(error)
        finally:
            inserted.set()
            connections.close_all()

    def save_second():
        try:
            home.add_child(instance=second)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    one = threading.Thread(target=save_first)
    one.start()
    inserted.wait(30)
    two = threading.Thread(target=save_second)
    two.start()
    # Proceed once the second save is blocked on the first one's uncommitted code.
    with connection.cursor() as cursor:
        for _attempt in range(3000):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.01)
        else:
            pytest.fail("the second save never waited for the first")
    release.set()
    one.join(30)
    two.join(30)
    assert not errors
    assert first.code != second.code
    assert set(DraftPage.objects.values_list("code", flat=True)) == {first.code, second.code}


def add_form(unit, title="Quy định hỗ trợ nước sạch", slug="ho-tro-nuoc-sach", sections=()):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "stage": "proposal",
            "summary": "Tóm tắt ngắn.",
            "drafting_unit": unit.pk,
            "necessity": rich_text(""),
            "purpose": rich_text(""),
            "scope_and_subjects": rich_text(""),
            "basic_content": rich_text(""),
            "other_information": rich_text(""),
            "changes": streamfield([]),
            "sections": streamfield([(kind, {**value, "body": rich_text("")}) for kind, value in sections]),
            "attachments": inline_formset([]),
            "audience_versions": inline_formset([]),
            "extension_reason": "",
            "withdrawal_reason": "",
        }
    )


@pytest.mark.django_db
class TestAddFormAfterAnAbandonedOne:
    def test_a_second_draft_of_the_same_title_saves_with_a_free_slug_and_the_next_code(self, admin_client):
        index = draft_index()
        unit = UnitFactory()
        url = reverse("wagtailadmin_pages:add", args=["policies", "draftpage", index.pk])
        # The abandoned form: what autosave stored before the editor left.
        assert admin_client.post(url, add_form(unit)).status_code == 302
        response = admin_client.post(url, {**add_form(unit), "code": "DT-2026-01"})
        assert response.status_code == 302, response.context["form"].errors
        first, second = DraftPage.objects.order_by("pk")
        assert (first.slug, second.slug) == ("ho-tro-nuoc-sach", "ho-tro-nuoc-sach-2")
        assert first.code != second.code
        assert second.code.startswith(f"DT-{timezone.localdate().year}-")

    def test_the_form_shows_the_proposed_code_read_only(self, admin_client):
        index = draft_index()
        DraftPageFactory(parent=index, code=f"DT-{timezone.localdate().year}-04")
        response = admin_client.get(reverse("wagtailadmin_pages:add", args=["policies", "draftpage", index.pk]))
        assert "code" not in response.context["form"].fields
        assert f"DT-{timezone.localdate().year}-05" in response.content.decode()

    def test_sections_posted_without_anchors_are_stored_with_them(self, admin_client):
        index = draft_index()
        url = reverse("wagtailadmin_pages:add", args=["policies", "draftpage", index.pk])
        sections = [section("Điều 1", "Phạm vi"), section("Điều 2", "Đối tượng"), section("Điều 3", "Mức hỗ trợ")]
        assert admin_client.post(url, add_form(UnitFactory(), sections=sections)).status_code == 302
        draft = DraftPage.objects.get().get_latest_revision_as_object()
        assert [anchor for anchor, _label in draft.section_choices()] == ["dieu-1", "dieu-2", "dieu-3"]


@pytest.mark.django_db
class TestNewDraftTimeline:
    @pytest.mark.parametrize("stage", [choice for choice, _label in DraftPage.Stage.choices])
    def test_no_step_is_done_without_a_date(self, stage):
        draft = DraftPage(stage=stage, withdrawal_reason="Không còn cần thiết")
        for step in draft.timeline():
            assert step.state != "done" or step.dates, (stage, step.key)

    def test_a_step_passed_without_dates_says_its_dates_are_missing(self):
        steps = DraftPage(stage=DraftPage.Stage.SUBMITTED).timeline()
        assert [(step.key, step.state_label) for step in steps[:2]] == [
            ("proposal", STATE_LABELS["undated"]),
            ("draft", "Chưa cập nhật ngày"),
        ]

    def test_a_step_with_its_dates_is_done(self):
        draft = DraftPage(
            stage=DraftPage.Stage.SUBMITTED,
            proposal_opens=datetime.date(2026, 1, 5),
            proposal_closes=datetime.date(2026, 2, 5),
        )
        assert draft.timeline()[0].state_label == "Đã xong"


@pytest.mark.django_db
class TestUnitChoices:
    @pytest.fixture
    def units(self):
        today = timezone.localdate()
        successor = UnitFactory(name="UBND xã Ia Tơi")
        return {
            "merged": UnitFactory(name="A Xã cũ", valid_to=today - 30 * DAY, successor=successor),
            "abolished": UnitFactory(name="B Phòng cũ", valid_to=datetime.date(2025, 6, 30)),
            "current": successor,
            "future": UnitFactory(name="C Xã mới", valid_from=today + 10 * DAY),
        }

    def test_labels_say_what_became_of_a_unit(self, units):
        assert units["merged"].choice_label() == "A Xã cũ (đã sáp nhập vào UBND xã Ia Tơi)"
        assert units["abolished"].choice_label() == "B Phòng cũ (hết hiệu lực từ 01/07/2025)"
        assert units["current"].choice_label() == "UBND xã Ia Tơi"
        assert units["future"].choice_label().startswith("C Xã mới (có hiệu lực từ ")

    def test_current_units_come_first(self, units):
        names = list(Unit.objects.current_first().values_list("name", flat=True))
        assert names == ["UBND xã Ia Tơi", "A Xã cũ", "B Phòng cũ", "C Xã mới"]

    def test_the_unit_chooser_lists_current_units_first_and_marks_old_ones(self, admin_client, units):
        url = reverse(Unit.snippet_viewset.chooser_viewset.get_url_name("choose_results"))
        html = admin_client.get(url).content.decode()
        positions = [html.index(name) for name in ("UBND xã Ia Tơi", "A Xã cũ (đã sáp nhập vào", "B Phòng cũ (hết")]
        assert positions == sorted(positions)

    def test_the_draft_forms_coordinating_units_are_marked(self, admin_client, units):
        index = draft_index()
        form = admin_client.get(reverse("wagtailadmin_pages:add", args=["policies", "draftpage", index.pk])).context[
            "form"
        ]
        labels = [label for _value, label in form.fields["coordinating_units"].choices]
        assert labels[0] == "UBND xã Ia Tơi"
        assert "A Xã cũ (đã sáp nhập vào UBND xã Ia Tơi)" in labels
