import datetime
import io
import re

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

import pytest
import time_machine

from policies.demo import seed_drafts
from policies.models import ConsultationStatus, DraftPage, short_window_warning
from tests.factories import (
    DocumentTypeFactory,
    DraftPageFactory,
    PolicyFieldFactory,
    UnitFactory,
    draft_index,
)

# Instantiating a Page looks up the default locale, so even unsaved drafts need the database.
pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
SECOND = datetime.timedelta(seconds=1)


def section(anchor, number="Điều 1", heading="Phạm vi", kind="article"):
    return ("section", {"kind": kind, "number": number, "heading": heading, "anchor": anchor, "body": "<p>x</p>"})


def change(kind, title, contested=False):
    return ("item", {"change": kind, "title": title, "explanation": "", "current_rule": "", "contested": contested})


class TestConsultationWindow:
    def window(self):
        opens = datetime.datetime(2026, 3, 1, 7, 0, tzinfo=datetime.UTC)
        return DraftPage(consultation_opens=opens, consultation_closes=opens + 20 * DAY), opens

    def test_status_edges_are_exact_to_the_second(self):
        draft, opens = self.window()
        closes = draft.consultation_closes
        assert draft.consultation_status(opens - SECOND) == ConsultationStatus.UPCOMING
        assert draft.consultation_status(opens) == ConsultationStatus.OPEN
        assert draft.consultation_status(closes) == ConsultationStatus.OPEN
        assert draft.consultation_status(closes + SECOND) == ConsultationStatus.CLOSED

    def test_no_window_has_no_status(self):
        assert DraftPage().consultation_status() == ConsultationStatus.NONE

    def test_days_left_rounds_up_and_is_none_outside_the_window(self):
        draft, opens = self.window()
        assert draft.days_left(opens) == 20
        assert draft.days_left(draft.consultation_closes - SECOND) == 1
        assert draft.days_left(opens - SECOND) is None
        assert draft.days_left(draft.consultation_closes + SECOND) is None

    def test_status_follows_the_clock(self):
        draft, opens = self.window()
        with time_machine.travel(opens - SECOND, tick=False):
            assert draft.consultation_status() == ConsultationStatus.UPCOMING
        with time_machine.travel(opens + SECOND, tick=False):
            assert draft.consultation_status() == ConsultationStatus.OPEN


class TestScopeCriteria:
    def test_in_scope_only_when_all_four_criteria_hold(self):
        draft = DraftPage(
            criterion_requires_proposal=True,
            criterion_rights_obligations=True,
            criterion_sensitive=True,
            criterion_wide_impact=True,
        )
        assert draft.in_scheme_scope
        draft.criterion_sensitive = False
        assert not draft.in_scheme_scope
        assert [met for _label, met in draft.scope_criteria()] == [True, True, False, True]

    def test_in_scope_is_not_a_stored_field(self):
        names = {field.name for field in DraftPage._meta.get_fields()}
        assert "in_scheme_scope" not in names


class TestShortWindowWarning:
    def test_warns_when_shorter_than_the_document_types_minimum(self):
        opens = timezone.now()
        draft = DraftPage(
            document_type=DocumentTypeFactory.build(pk=1, name="Nghị quyết HĐND", min_consultation_days=30),
            consultation_opens=opens,
            consultation_closes=opens + 10 * DAY,
        )
        warning = str(short_window_warning(draft))
        assert "10 ngày" in warning and "30 ngày" in warning and "Nghị quyết HĐND" in warning

    def test_silent_when_long_enough_or_without_type(self):
        opens = timezone.now()
        draft = DraftPage(
            document_type=DocumentTypeFactory.build(pk=1, min_consultation_days=20),
            consultation_opens=opens,
            consultation_closes=opens + 20 * DAY,
        )
        assert short_window_warning(draft) is None
        assert short_window_warning(DraftPage(consultation_opens=opens, consultation_closes=opens + DAY)) is None


@pytest.mark.django_db
class TestDraftValidation:
    def draft(self, **kwargs):
        return DraftPageFactory.build(drafting_unit=UnitFactory(), **kwargs)

    def errors(self, draft):
        with pytest.raises(ValidationError) as caught:
            draft.clean()
        return caught.value.message_dict

    def test_window_must_close_after_it_opens(self):
        now = timezone.now()
        errors = self.errors(self.draft(consultation_opens=now, consultation_closes=now - DAY))
        assert "Hạn lấy ý kiến phải sau" in errors["consultation_closes"][0]

    def test_extension_needs_a_reason_and_a_later_deadline(self):
        now = timezone.now()
        draft = self.draft(consultation_opens=now, consultation_closes=now + 20 * DAY, original_closes=now + 25 * DAY)
        errors = self.errors(draft)
        assert "extension_reason" in errors and "original_closes" in errors

    def test_duplicate_section_anchors_are_refused(self):
        draft = self.draft(sections=[section("dieu-1"), section("dieu-1", "Điều 2")])
        assert "dieu-1" in self.errors(draft)["sections"][0]

    def test_withdrawal_needs_a_reason(self):
        draft = self.draft(stage=DraftPage.Stage.WITHDRAWN)
        assert "withdrawal_reason" in self.errors(draft)


@pytest.mark.django_db
class TestSectionChoices:
    def test_lists_anchor_and_label_in_order(self):
        draft = DraftPageFactory(
            parent=draft_index(),
            sections=[
                section("chuong-1", "Chương I", "Quy định chung", "chapter"),
                section("dieu-3", "Điều 3", "Mức hỗ trợ"),
            ],
        )
        draft = DraftPage.objects.get(pk=draft.pk)
        assert draft.section_choices() == [("chuong-1", "Chương I. Quy định chung"), ("dieu-3", "Điều 3. Mức hỗ trợ")]

    def test_anchor_is_the_html_id_on_the_page(self, client):
        draft = DraftPageFactory(parent=draft_index(), sections=[section("dieu-3", "Điều 3", "Mức hỗ trợ")])
        html = client.get(draft.url).content.decode()
        assert 'id="dieu-3"' in html and 'href="#dieu-3"' in html

    def test_block_refuses_an_anchor_with_diacritics(self):
        from policies.blocks import DraftSectionBlock

        block = DraftSectionBlock()
        value = block.to_python(
            {"kind": "article", "number": "Điều 1", "heading": "x", "anchor": "điều 1", "body": ""}
        )
        with pytest.raises(ValidationError):
            block.clean(value)
        value["anchor"] = "dieu-1"
        assert block.clean(value)["anchor"] == "dieu-1"


@pytest.mark.django_db
class TestTimeline:
    def test_open_draft_is_current_at_the_draft_step(self):
        draft = DraftPageFactory.build(stage=DraftPage.Stage.DRAFT, proposal_opens=datetime.date(2026, 1, 5))
        states = {step.key: step.state for step in draft.timeline()}
        assert states == {"proposal": "done", "draft": "current", "submitted": "upcoming", "adopted": "upcoming"}

    def test_adopted_draft_is_done_everywhere(self):
        now = timezone.now()
        draft = DraftPageFactory.build(
            stage=DraftPage.Stage.ADOPTED,
            proposal_opens=(now - 150 * DAY).date(),
            proposal_closes=(now - 120 * DAY).date(),
            submitted_on=(now - 30 * DAY).date(),
            consultation_opens=now - 90 * DAY,
            consultation_closes=now - 60 * DAY,
            adopted_on=(now - DAY).date(),
            adopted_reference="05/2026/NQ-HĐND",
        )
        steps = draft.timeline()
        assert {step.state for step in steps} == {"done"}
        assert "05/2026/NQ-HĐND" in steps[-1].note

    def test_withdrawn_draft_ends_with_the_withdrawal(self):
        draft = DraftPageFactory.build(
            stage=DraftPage.Stage.WITHDRAWN, withdrawal_reason="Luật thay đổi", withdrawn_on=datetime.date(2026, 5, 1)
        )
        steps = draft.timeline()
        assert steps[-1].key == "withdrawn" and steps[-1].note == "Luật thay đổi"
        assert steps[2].state == "skipped"

    def test_extension_keeps_the_original_deadline_visible(self):
        opens = datetime.datetime(2026, 3, 1, 1, 0, tzinfo=datetime.UTC)
        draft = DraftPageFactory.build(
            consultation_opens=opens,
            consultation_closes=opens + 30 * DAY,
            original_closes=opens + 20 * DAY,
            extension_reason="Thêm hội nghị ở thôn",
        )
        step = draft.timeline()[1]
        assert [label for label, _value in step.dates] == ["Bắt đầu", "Hạn ban đầu", "Gia hạn đến"]
        # Shown in Vietnam time: 01:00 UTC is 08:00 in Hà Nội.
        assert step.dates[1][1] == "08:00, 21/03/2026"
        assert step.note == "Thêm hội nghị ở thôn"


@pytest.mark.django_db
class TestDraftPage:
    def make(self, **kwargs):
        return DraftPageFactory(
            parent=draft_index(),
            necessity="<p>Vì sao cần chính sách</p>",
            purpose="<p>Mục đích và quan điểm</p>",
            scope_and_subjects="<p>Ai chịu tác động</p>",
            basic_content="<p>Nội dung chính</p>",
            other_information="<p>Điều khác cần biết</p>",
            changes=[change("new", "Điểm mới A"), change("amended", "Điểm sửa B", True), change("repealed", "Bỏ C")],
            **kwargs,
        )

    def test_shows_each_part_under_its_own_heading(self, client):
        html = client.get(self.make().url).content.decode()
        for heading in [
            "Sự cần thiết ban hành chính sách",
            "Mục đích, quan điểm xây dựng chính sách",
            "Phạm vi điều chỉnh, đối tượng chịu tác động",
            "Nội dung cơ bản của chính sách",
            "Điểm mới, sửa đổi, bãi bỏ so với quy định hiện hành",
            "Thông tin khác",
            "Tiến trình xây dựng chính sách",
        ]:
            assert re.search(rf"<h2[^>]*>{re.escape(heading)}</h2>", html), heading

    def test_change_items_are_marked_and_contested_ones_flagged(self, client):
        html = client.get(self.make().url).content.decode()
        assert 'class="change new"' in html and 'class="change repealed"' in html
        assert 'class="change amended contested"' in html
        assert html.count("Còn ý kiến khác nhau") == 1

    def test_headings_go_in_order(self, client):
        html = client.get(self.make(sections=[section("dieu-1")]).url).content.decode()
        levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
        assert levels[0] == 1
        assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))

    def test_scope_is_shown_publicly(self, client):
        draft = self.make(
            criterion_requires_proposal=True,
            criterion_rights_obligations=True,
            criterion_sensitive=True,
            criterion_wide_impact=True,
        )
        assert "Có (đáp ứng đủ bốn tiêu chí)" in client.get(draft.url).content.decode()

    def test_extended_window_shows_original_deadline_and_reason(self, client):
        now = timezone.now()
        draft = self.make(
            consultation_closes=now + 20 * DAY,
            original_closes=now + 10 * DAY,
            extension_reason="Tổ chức thêm hội nghị",
        )
        html = client.get(draft.url).content.decode()
        original = timezone.localtime(now + 10 * DAY).strftime("%d/%m/%Y")
        assert "Hạn ban đầu" in html and original in html and "Tổ chức thêm hội nghị" in html

    def test_user_text_is_escaped(self, client):
        draft = self.make(title="<script>alert(1)</script>", summary='"><img src=x onerror=alert(1)>')
        html = client.get(draft.url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html

    def test_first_load_is_under_60_kb(self, client):
        from django.contrib.staticfiles import finders

        draft = self.make(sections=[section(f"dieu-{n}", f"Điều {n}") for n in range(1, 30)])
        html = client.get(draft.url).content
        stylesheets = re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html)
        assert stylesheets
        css = sum(len(open(finders.find(name.decode()), "rb").read()) for name in stylesheets)  # noqa: SIM115
        assert not re.search(rb"<script", html)
        assert len(html) + css < 60 * 1024

    def test_comment_link_only_while_open(self, client):
        now = timezone.now()
        draft = self.make()
        closed = self.make(consultation_opens=now - 30 * DAY, consultation_closes=now - DAY)
        assert f'href="{draft.url}gop-y/"' in client.get(draft.url).content.decode()
        assert f"{closed.url}gop-y/" not in client.get(closed.url).content.decode()

    def test_search_copy_is_folded_on_save(self):
        draft = self.make(title="Thuế đất đai")
        assert "thue dat dai" in DraftPage.objects.get(pk=draft.pk).search_folded


@pytest.mark.django_db
class TestDemoDrafts:
    def test_seed_adds_drafts_in_each_state_and_the_sample_titles(self):
        call_command("seed_demo", stdout=io.StringIO())
        drafts = list(DraftPage.objects.live())
        statuses = {draft.consultation_status() for draft in drafts}
        assert {ConsultationStatus.OPEN, ConsultationStatus.UPCOMING, ConsultationStatus.CLOSED} <= statuses
        assert any(draft.stage == DraftPage.Stage.ADOPTED for draft in drafts)
        titles = {draft.title for draft in drafts}
        assert {
            "Chính sách hỗ trợ phát triển sản xuất nông nghiệp giai đoạn 2026 - 2030",
            "Quy định mức hỗ trợ học sinh dân tộc thiểu số vùng đặc biệt khó khăn",
            "Quy định quản lý chợ và trật tự công cộng tại trung tâm xã",
        } <= titles
        assert len({draft.drafting_unit_id for draft in drafts}) >= 3
        assert any(draft.drafting_unit.code == "phong-gd-dt" and draft.accepts_comments() for draft in drafts)

    def test_seed_drafts_returns_the_same_drafts_by_code(self):
        call_command("seed_demo", stdout=io.StringIO())
        index = draft_index()
        first = seed_drafts(index)
        assert {code: draft.pk for code, draft in seed_drafts(index).items()} == {
            code: draft.pk for code, draft in first.items()
        }
        assert all(draft.section_choices() for draft in first.values())

    def test_seed_workflow_reviews_drafts(self):
        from wagtail.models import WorkflowPage

        call_command("seed_demo", stdout=io.StringIO())
        draft = DraftPage.objects.get(code="DT-2026-01")
        assert draft.get_workflow() is not None
        assert WorkflowPage.objects.get(page=draft_index()).workflow.active


def test_policy_field_gets_a_folded_slug(db):
    assert PolicyFieldFactory(name="Đất đai").slug == "dat-dai"


class TestExtensionIsRecorded:
    def test_moving_a_started_deadline_later_keeps_the_original_and_asks_why(self):
        draft = DraftPageFactory(parent=draft_index())
        original = draft.consultation_closes
        draft.consultation_closes = original + 10 * DAY
        with pytest.raises(ValidationError) as caught:
            draft.clean()
        assert "extension_reason" in caught.value.message_dict
        assert draft.original_closes == original
        draft.extension_reason = "Thêm hội nghị ở thôn"
        draft.clean()
        draft.save_revision().publish()
        assert DraftPage.objects.get(pk=draft.pk).original_closes == original

    def test_changing_an_upcoming_window_is_not_an_extension(self):
        now = timezone.now()
        draft = DraftPageFactory(
            parent=draft_index(), consultation_opens=now + DAY, consultation_closes=now + 21 * DAY
        )
        draft.consultation_closes = now + 30 * DAY
        draft.clean()
        assert draft.original_closes is None


class TestAttachments:
    def test_attached_documents_are_listed_with_their_kind(self, client, settings, tmp_path):
        from django.core.files.base import ContentFile

        from wagtail.documents.models import Document

        settings.MEDIA_ROOT = str(tmp_path)
        index = draft_index()
        document = Document(title="Dự thảo nghị quyết")
        document.file.save("du-thao.pdf", ContentFile(b"%PDF-1.4 demo"), save=False)
        document.save()
        draft = DraftPageFactory(parent=index)
        draft.attachments.create(kind="draft_text", document=document)
        draft.save_revision().publish()
        html = client.get(draft.url).content.decode()
        assert "Tài liệu kèm theo" in html and "Dự thảo văn bản" in html
        assert document.url in html and "Dự thảo nghị quyết" in html
