"""Each role's panel on the admin dashboard: what it groups, that it stays in the user's units, and that its
query count does not grow with its rows."""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest
from bs4 import BeautifulSoup

from outreach.models import ActivityRecord, ImportBatch, ImportJob, TrainingAttendance, TrainingSession
from policies import roles
from policies.dashboard import editor_context, moderation_queue
from policies.models import Comment
from policies.setup import setup_draft_editing
from reports.models import AnnualPlan, AnnualPlanItem
from tests.factories import (
    ActivityRecordFactory,
    CommentFactory,
    CommunicationFormFactory,
    DraftPageFactory,
    SynthesisFactory,
    TrainingSessionFactory,
    UnitFactory,
    draft_index,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def index(db):
    index = draft_index()
    setup_draft_editing(index)
    return index


@pytest.fixture
def unit_a(db):
    return UnitFactory(name="Phòng Văn hóa A")


@pytest.fixture
def unit_b(db):
    return UnitFactory(name="Phòng Kinh tế B")


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "lxml")


def panel(soup, panel_id):
    return soup.find(id=f"{panel_id}-section")


@pytest.mark.django_db
class TestEditorPanel:
    @pytest.fixture
    def drafts(self, index, unit_a, unit_b, make_user):
        now = timezone.now()
        editor = make_user(role=roles.EDITOR, units=[unit_a])
        reviewer = make_user(role=roles.JUSTICE_OFFICE)
        made = {
            "unpublished": DraftPageFactory(parent=index, drafting_unit=unit_a, live=False, code="DT-A-NHAP"),
            "closing": DraftPageFactory(
                parent=index,
                drafting_unit=unit_a,
                code="DT-A-GAP",
                consultation_closes=now + 3 * DAY + datetime.timedelta(hours=1),
            ),
            "open": DraftPageFactory(
                parent=index, drafting_unit=unit_a, code="DT-A-MO", consultation_closes=now + 20 * DAY
            ),
            "closed": DraftPageFactory(
                parent=index,
                drafting_unit=unit_a,
                code="DT-A-HET",
                consultation_opens=now - 30 * DAY,
                consultation_closes=now - 2 * DAY,
            ),
            "synthesised": DraftPageFactory(
                parent=index,
                drafting_unit=unit_a,
                code="DT-A-XONG",
                consultation_opens=now - 30 * DAY,
                consultation_closes=now - 2 * DAY,
            ),
            "scheduled": DraftPageFactory(
                parent=index, drafting_unit=unit_a, live=False, code="DT-A-HEN", go_live_at=now + 2 * DAY
            ),
            "returned": DraftPageFactory(parent=index, drafting_unit=unit_a, live=False, code="DT-A-TRA"),
            "review": DraftPageFactory(parent=index, drafting_unit=unit_a, live=False, code="DT-A-DUYET"),
            "other_unit": DraftPageFactory(
                parent=index, drafting_unit=unit_b, code="DT-B-GAP", consultation_closes=now + 2 * DAY
            ),
        }
        SynthesisFactory(draft=made["synthesised"], published=True)
        SynthesisFactory(draft=made["closed"], published=False)
        for key in ("returned", "review"):
            made[key].save_revision(user=editor)
            made[key].get_workflow().start(made[key], editor)
        returned = WorkflowState.objects.get(base_content_type__model="page", object_id=str(made["returned"].pk))
        returned.current_task_state.reject(user=reviewer)
        return editor, made

    def test_each_draft_sits_in_its_group(self, drafts):
        editor, made = drafts
        context = editor_context(editor)
        groups = {group.key: sorted(draft.code for draft in group.drafts) for group in context["groups"]}
        assert groups == {
            "draft": ["DT-A-NHAP"],
            "review": ["DT-A-DUYET", "DT-A-TRA"],
            "scheduled": ["DT-A-HEN"],
            "open": ["DT-A-GAP", "DT-A-MO"],
            "closed": ["DT-A-HET"],
        }

    def test_what_needs_the_editor_now_comes_with_its_reason(self, drafts):
        editor, made = drafts
        needs = {draft.code: str(reason) for draft, reason in editor_context(editor)["needs"]}
        assert needs == {
            "DT-A-GAP": "Sắp hết hạn lấy ý kiến",
            "DT-A-HET": "Đã hết hạn lấy ý kiến, chưa công bố bản tổng hợp",
            "DT-A-TRA": "Người duyệt trả lại, cần sửa",
        }

    def test_dashboard_shows_the_panel_with_edit_links_and_days_left(self, client, drafts):
        editor, made = drafts
        section = panel(dashboard(client, editor), "editor-drafts")
        assert section is not None
        needs = section.select_one(".role-dashboard__needs")
        urgent = needs.find("a", string=lambda text: text and text.startswith("DT-A-GAP"))
        assert urgent["href"] == reverse("wagtailadmin_pages:edit", args=[made["closing"].pk])
        assert "còn 4 ngày" in urgent.parent.get_text()
        assert "DT-B-GAP" not in str(section)

    def test_other_unit_editor_sees_only_their_own(self, client, drafts, unit_b, make_user):
        other = make_user(role=roles.EDITOR, units=[unit_b])
        text = panel(dashboard(client, other), "editor-drafts").get_text()
        assert "DT-B-GAP" in text
        assert "DT-A-" not in text

    def test_not_shown_to_a_commune_clerk(self, client, drafts, unit_a, make_user):
        clerk = make_user(role=roles.COMMUNE_STAFF, units=[unit_a])
        assert panel(dashboard(client, clerk), "editor-drafts") is None


@pytest.mark.django_db
class TestModeratorPanel:
    @pytest.fixture
    def comments(self, index, unit_a, unit_b):
        now = timezone.now()
        open_draft = DraftPageFactory(parent=index, drafting_unit=unit_a, code="DT-A-MO")
        closed = DraftPageFactory(
            parent=index,
            drafting_unit=unit_a,
            code="DT-A-HET",
            consultation_opens=now - 30 * DAY,
            consultation_closes=now - DAY,
        )
        done = DraftPageFactory(parent=index, drafting_unit=unit_a, code="DT-A-XONG")
        other = DraftPageFactory(parent=index, drafting_unit=unit_b, code="DT-B-MO")
        CommentFactory.create_batch(3, draft=open_draft, state=Comment.State.PENDING)
        CommentFactory(draft=open_draft, state=Comment.State.APPROVED)
        CommentFactory(draft=closed, state=Comment.State.APPROVED)
        CommentFactory(draft=closed, state=Comment.State.HIDDEN)
        CommentFactory(draft=done, state=Comment.State.APPROVED, handling=Comment.Handling.TAKEN_IN)
        CommentFactory(draft=done, state=Comment.State.SPAM)
        CommentFactory.create_batch(2, draft=other, state=Comment.State.PENDING)
        return {"open": open_draft, "closed": closed, "done": done, "other": other}

    def test_counts_per_draft_and_the_closed_window_first(self, make_user, unit_a, comments):
        moderator = make_user(role=roles.MODERATOR, units=[unit_a])
        context = moderation_queue(moderator)
        rows = [(row.code, row.pending, row.unhandled, row.flagged) for row in context["queue"]]
        assert rows == [("DT-A-HET", 0, 1, True), ("DT-A-MO", 3, 1, False)]
        assert (context["pending_total"], context["unhandled_total"]) == (3, 2)

    def test_links_open_the_comment_list_filtered_to_what_they_count(self, client, make_user, unit_a, comments):
        moderator = make_user(role=roles.MODERATOR, units=[unit_a])
        section = panel(dashboard(client, moderator), "moderator-queue")
        row = section.select_one('tr[data-draft="DT-A-MO"]')
        pending_link, unhandled_link = row.select("a")
        client.force_login(moderator)
        listed = client.get(pending_link["href"]).context["view"].get_queryset()
        assert sorted(listed.values_list("state", flat=True)) == ["pending"] * 3
        assert {comment.draft_id for comment in listed} == {comments["open"].pk}
        listed = client.get(unhandled_link["href"]).context["view"].get_queryset()
        assert [(c.state, c.handling) for c in listed] == [("approved", "")]
        flagged = section.select_one('tr[data-draft="DT-A-HET"]')
        assert "Đã hết hạn lấy ý kiến, còn góp ý chưa xử lý" in flagged.get_text()
        assert "DT-B-MO" not in str(section)

    def test_unit_b_moderator_never_sees_unit_a(self, client, make_user, unit_b, comments):
        moderator = make_user(role=roles.MODERATOR, units=[unit_b])
        section = panel(dashboard(client, moderator), "moderator-queue")
        assert [row["data-draft"] for row in section.select("tr[data-draft]")] == ["DT-B-MO"]
        assert section.select_one('[data-count="pending"]').get_text() == "2"

    def test_justice_office_sees_every_unit(self, client, make_user, comments):
        justice = make_user(role=roles.JUSTICE_OFFICE, units=[UnitFactory()])
        section = panel(dashboard(client, justice), "moderator-queue")
        assert {row["data-draft"] for row in section.select("tr[data-draft]")} == {"DT-A-HET", "DT-A-MO", "DT-B-MO"}

    def test_an_editor_without_moderation_gets_no_queue(self, client, make_user, unit_a, comments):
        editor = make_user(role=roles.EDITOR, units=[unit_a])
        assert panel(dashboard(client, editor), "moderator-queue") is None


@pytest.mark.django_db
class TestClerkPanel:
    @pytest.fixture
    def imports(self, unit_a, unit_b, make_user):
        clerk = make_user(role=roles.COMMUNE_STAFF, units=[unit_a])
        other_clerk = make_user(role=roles.COMMUNE_STAFF, units=[unit_b])
        form = CommunicationFormFactory(name="Hội nghị")
        today = timezone.localdate()
        own = ImportBatch.objects.create(created_by=clerk, file_name="xa-a.xlsx", content_hash="a" * 64, new_count=2)
        theirs = ImportBatch.objects.create(
            created_by=other_clerk, file_name="xa-b.xlsx", content_hash="b" * 64, new_count=1
        )
        ActivityRecordFactory.create_batch(2, unit=unit_a, form=form, date=today, batch=own, cost=1_500_000)
        ActivityRecordFactory(unit=unit_b, form=form, date=today, batch=theirs, cost=9_000_000)
        ImportJob.objects.create(owner=clerk, file_name="lon-xa-a.xlsx", state=ImportJob.State.PREVIEWED)
        plan = AnnualPlan.objects.create(unit=unit_a, year=today.year, trainings=2, training_budget=0)
        AnnualPlanItem.objects.create(plan=plan, form=form, quarter=1, sessions=4, budget=6_000_000)
        AnnualPlanItem.objects.create(plan=plan, form=form, quarter=3, sessions=4, budget=6_000_000)
        return clerk, other_clerk, own, theirs

    def test_shows_own_imports_with_links_and_totals_against_the_plan(self, client, imports):
        clerk, _other, own, _theirs = imports
        section = panel(dashboard(client, clerk), "clerk-imports")
        text = section.get_text(" ", strip=True)
        assert "xa-b.xlsx" not in text
        link = section.find("a", string="xa-a.xlsx")
        assert link["href"] == reverse("outreach_activityrecord_modeladmin_index") + f"?batch={own.pk}"
        job = section.find("a", string="lon-xa-a.xlsx")
        assert job["href"] == reverse("outreach_import_job", args=[ImportJob.objects.get().pk])
        rows = {
            row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
            for row in section.select("#clerk-progress-heading ~ table tbody tr")
        }
        # A half-year report reads quarters I and II of the plan; the whole year reads all four.
        half = timezone.localdate().month < 7 or (timezone.localdate().month, timezone.localdate().day) >= (12, 15)
        planned, budget, share = ("4", "6.000.000", "50 %") if half else ("8", "12.000.000", "25 %")
        assert rows["Buổi/lượt truyền thông"] == ["2", planned, share]
        assert rows["Kinh phí đã chi (đồng)"][:2] == ["3.000.000", budget]
        assert rows["Lớp tập huấn đã tổ chức"] == ["0", "2", "0 %"]

    def test_other_units_clerk_sees_only_their_batch(self, client, imports):
        _clerk, other, _own, _theirs = imports
        text = panel(dashboard(client, other), "clerk-imports").get_text()
        assert "xa-b.xlsx" in text
        assert "xa-a.xlsx" not in text and "lon-xa-a.xlsx" not in text
        assert "9.000.000" in text


@pytest.mark.django_db
class TestTrainerPanel:
    @pytest.fixture
    def sessions(self, unit_a, unit_b, make_user):
        now = timezone.now()
        trainer = make_user(role=roles.TRAINER, units=[unit_a])
        colleague = make_user(role=roles.TRAINER, units=[unit_a])

        def session(title, unit, starts, by, **kwargs):
            return TrainingSessionFactory(
                title=title,
                organising_unit=unit,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                created_by=by,
                **kwargs,
            )

        made = {
            "mine_next": session("Lớp sắp tới của tôi", unit_a, now + 3 * DAY, trainer),
            "colleague_next": session("Lớp của đồng nghiệp", unit_a, now + 5 * DAY, colleague),
            "unrecorded": session("Lớp đã học chưa điểm danh", unit_a, now - 2 * DAY, trainer),
            "recorded": session("Lớp đã điểm danh", unit_a, now - 4 * DAY, trainer, state=TrainingSession.State.HELD),
            "cancelled": session("Lớp đã hủy", unit_a, now - 6 * DAY, trainer, state=TrainingSession.State.CANCELLED),
            "other_unit": session("Lớp của đơn vị B", unit_b, now + DAY, None),
        }
        TrainingAttendance.objects.create(session=made["recorded"], name="Nguyễn Văn An")
        return trainer, made

    def test_upcoming_and_unrecorded_sessions_with_edit_links_for_own_ones(self, client, sessions):
        trainer, made = sessions
        section = panel(dashboard(client, trainer), "trainer-sessions")
        tables = section.select("table")
        unrecorded, upcoming = (
            [row.th.get_text(" ", strip=True) for row in table.select("tbody tr")] for table in tables
        )
        assert unrecorded == ["Lớp đã học chưa điểm danh Chưa ghi người tham dự: điểm danh"]
        roll_call = section.find("a", string="Chưa ghi người tham dự: điểm danh")
        assert roll_call["href"] == reverse("outreach_attendance", args=[made["unrecorded"].pk])
        assert upcoming == ["Lớp sắp tới của tôi", "Lớp của đồng nghiệp"]
        edit = section.find("a", string="Lớp sắp tới của tôi")
        assert edit["href"] == reverse("wagtailsnippets_outreach_trainingsession:edit", args=[made["mine_next"].pk])
        assert section.find("a", string="Lớp của đồng nghiệp") is None  # seen, but only its author changes it
        assert "Lớp của đơn vị B" not in section.get_text()


@pytest.mark.django_db
class TestQueryCount:
    """Forty drafts, a hundred and twenty comments, forty sessions: the same few queries as with one of each."""

    def test_editor_and_moderator_panels(self, index, unit_a, make_user, django_assert_max_num_queries):
        now = timezone.now()
        editor = make_user(role=roles.EDITOR, units=[unit_a])
        moderator = make_user(role=roles.MODERATOR, units=[unit_a])
        for number in range(40):
            draft = DraftPageFactory(
                parent=index,
                drafting_unit=unit_a,
                consultation_opens=now - 30 * DAY,
                consultation_closes=now + (number - 20) * DAY,
            )
            CommentFactory.create_batch(3, draft=draft, state=Comment.State.PENDING)
        # Permissions, the unit tree, memberships, then one query for the rows.
        with django_assert_max_num_queries(5):
            context = editor_context(editor)
        assert sum(len(group.drafts) for group in context["groups"]) == 40
        with django_assert_max_num_queries(5):
            queue = moderation_queue(moderator)
        assert queue["pending_total"] == 120

    def test_trainer_panel(self, unit_a, make_user, django_assert_max_num_queries):
        from outreach.dashboard import trainer_context

        trainer = make_user(role=roles.TRAINER, units=[unit_a])
        now = timezone.now()
        for number in range(20):
            TrainingSessionFactory(organising_unit=unit_a, starts_at=now + (number + 1) * DAY, created_by=trainer)
            TrainingSessionFactory(organising_unit=unit_a, starts_at=now - (number + 1) * DAY, created_by=trainer)
        with django_assert_max_num_queries(6):
            context = trainer_context(trainer)
        assert (len(context["upcoming"]), len(context["unrecorded"])) == (10, 10)

    def test_clerk_panel(self, unit_a, make_user, django_assert_max_num_queries):
        from reports.dashboard import clerk_context

        clerk = make_user(role=roles.COMMUNE_STAFF, units=[unit_a])
        form = CommunicationFormFactory()
        for number in range(12):
            batch = ImportBatch.objects.create(created_by=clerk, file_name=f"{number}.xlsx", content_hash="c" * 64)
            ActivityRecordFactory.create_batch(3, unit=unit_a, form=form, date=timezone.localdate(), batch=batch)
        with django_assert_max_num_queries(30) as captured:
            context = clerk_context(clerk)
        assert len(context["batches"]) == 5
        few = len(captured)
        ActivityRecordFactory.create_batch(30, unit=unit_a, form=form, date=timezone.localdate())
        with django_assert_max_num_queries(few):
            clerk_context(clerk)
        assert ActivityRecord.objects.count() == 66
