"""Each demo role's dashboard in Chromium at 1366×768, saved for people to look at, and the moderator clearing
a draft's queue from the dashboard link."""

import datetime
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone

import pytest

from outreach.models import ActivityRecord, ImportBatch, ImportJob
from policies.models import Comment, DraftPage, Unit
from tests.browser.admin_session import sign_in
from tests.factories import CommentFactory, ConsultationDraftFactory, TrainingSessionFactory

DAY = datetime.timedelta(days=1)
SCREENSHOTS = Path(__file__).resolve().parent.parent / "output"


def screenshot(page, role):
    """The whole dashboard at the laptop's width: the admin scrolls inside its layout, so the window grows to fit."""
    SCREENSHOTS.mkdir(exist_ok=True)
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('body, main, main *')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": 1366, "height": max(768, height)})
    page.screenshot(path=str(SCREENSHOTS / f"dashboard-{role}.png"))
    page.set_viewport_size({"width": 1366, "height": 768})


def pending_on_dashboard(page):
    return page.locator("#moderator-queue-section [data-count=pending]").inner_text()


# username, panel, heading, what the panel must show from the demo data
ROLES = [
    ("admin", "moderator-queue", "Góp ý cần kiểm duyệt, xử lý", "Chờ duyệt"),
    ("tuphap", "moderator-queue", "Góp ý cần kiểm duyệt, xử lý", "Chờ duyệt"),
    ("bientap", "editor-drafts", "Dự thảo của tôi", "Cần làm ngay"),
    ("kiemduyet", "moderator-queue", "Góp ý cần kiểm duyệt, xử lý", "Chờ duyệt"),
    ("xaiatoi", "clerk-imports", "Hoạt động của đơn vị tôi", "đã thực hiện so với kế hoạch năm"),
    ("taphuan", "trainer-sessions", "Lớp tập huấn của tôi", "Sắp diễn ra"),
]


@pytest.mark.django_db(transaction=True)
class TestRoleDashboards:
    @pytest.mark.parametrize(("username", "panel_id", "heading", "content"), ROLES)
    def test_each_role_sees_its_panel(self, page, live_server, site_data, username, panel_id, heading, content):
        sign_in(page, live_server, username, viewport=(1366, 768))
        panel = page.locator(f"#{panel_id}-section")
        assert panel.get_by_role("heading", name=heading).is_visible()
        assert content in panel.inner_text()
        # Nothing of the panel is cut off at the right edge of a laptop screen.
        box = panel.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366
        screenshot(page, username)

    def test_moderator_approves_a_drafts_waiting_comments_from_the_dashboard(self, page, live_server, site_data):
        moderator = get_user_model().objects.get(username="kiemduyet")
        waiting = Comment.objects.filter(state=Comment.State.PENDING, draft__in=DraftPage.objects.for_user(moderator))
        # The demo's waiting comments are all on one draft of the moderator's office.
        assert waiting.values("draft").distinct().count() == 1
        draft = waiting.first().draft
        count = waiting.count()

        sign_in(page, live_server, "kiemduyet", viewport=(1366, 768))
        assert pending_on_dashboard(page) == str(waiting.count())
        page.get_by_role("link", name=f"Duyệt {count} góp ý của {draft.code}").click()
        page.wait_for_url(re.compile(r"/admin/policies/comment/\?"))
        boxes = page.locator("input[data-bulk-action-checkbox]")
        assert boxes.count() == count
        for number in range(count):
            boxes.nth(number).check()
        page.get_by_role("link", name="Duyệt các góp ý đã chọn").click()
        page.wait_for_url(re.compile(r"/admin/bulk/policies/comment/approve/"))
        page.get_by_role("button", name="Có, duyệt").click()
        page.wait_for_url(re.compile(r"/admin/policies/comment/\?"))
        assert f"Đã duyệt {count} góp ý." in page.locator("body").inner_text()

        page.goto(live_server.url + "/admin/")
        assert pending_on_dashboard(page) == "0"
        assert not waiting.exists()
        # Approved but not handled yet: the draft stays listed, with nothing left to approve.
        row = page.locator(f'#moderator-queue-section tr[data-draft="{draft.code}"]')
        assert row.locator("td").nth(1).inner_text() == "0"
        screenshot(page, "kiemduyet-after")


@pytest.mark.django_db(transaction=True)
class TestBusyDashboards:
    """The demo office with a window that closed on unhandled comments and another closing in three days."""

    @pytest.fixture
    def busy(self, site_data):
        now = timezone.now()
        office = Unit.objects.get(code="phong-gd-dt")
        closed = ConsultationDraftFactory(
            title="Quy định hỗ trợ bữa ăn trưa cho học sinh bán trú",
            code="DT-2026-21",
            drafting_unit=office,
            consultation_opens=now - 40 * DAY,
            consultation_closes=now - DAY,
        )
        ConsultationDraftFactory(
            title="Quy định thu học phí năm học 2026 - 2027",
            code="DT-2026-22",
            drafting_unit=office,
            consultation_closes=now + 3 * DAY - datetime.timedelta(hours=1),
        )
        CommentFactory.create_batch(2, draft=closed, state=Comment.State.APPROVED)
        return closed

    def test_editor_sees_what_needs_them_first(self, page, live_server, busy):
        sign_in(page, live_server, "bientap", viewport=(1366, 768))
        needs = page.locator("#editor-drafts-section .role-dashboard__needs")
        assert "DT-2026-21" in needs.inner_text()
        assert "Đã hết hạn lấy ý kiến, chưa công bố bản tổng hợp" in needs.inner_text()
        assert "còn 3 ngày" in needs.get_by_role("listitem").filter(has_text="DT-2026-22").inner_text()
        screenshot(page, "bientap-busy")

    def test_moderator_sees_the_closed_window_flagged(self, page, live_server, busy):
        sign_in(page, live_server, "kiemduyet", viewport=(1366, 768))
        row = page.locator('#moderator-queue-section tr[data-draft="DT-2026-21"]')
        assert "Đã hết hạn lấy ý kiến, còn góp ý chưa xử lý" in row.inner_text()
        assert page.locator("#moderator-queue-section tbody tr").first.get_attribute("data-draft") == "DT-2026-21"
        screenshot(page, "kiemduyet-busy")

    def test_trainer_sees_a_past_session_without_attendance(self, page, live_server, site_data):
        trainer = get_user_model().objects.get(username="taphuan")
        held = timezone.now() - 2 * DAY
        TrainingSessionFactory(
            title="Tập huấn kỹ năng nói trên loa truyền thanh",
            organising_unit=Unit.objects.get(code="phong-noi-vu"),
            starts_at=held,
            ends_at=held + datetime.timedelta(hours=4),
            created_by=trainer,
        )
        sign_in(page, live_server, "taphuan", viewport=(1366, 768))
        panel = page.locator("#trainer-sessions-section")
        panel.get_by_role("link", name="Tập huấn kỹ năng nói trên loa truyền thanh").click()
        page.wait_for_url(re.compile(r"/admin/snippets/outreach/trainingsession/edit/\d+/$"))
        page.go_back()
        screenshot(page, "taphuan-busy")

    def test_clerk_sees_the_last_import_and_a_waiting_one(self, page, live_server, site_data):
        clerk = get_user_model().objects.get(username="xaiatoi")
        batch = ImportBatch.objects.create(
            created_by=clerk, file_name="hoat-dong-quy-3.xlsx", content_hash="d" * 64, total_rows=2, new_count=2
        )
        ActivityRecord.objects.filter(unit__code="ia-toi").update(batch=batch)
        ImportJob.objects.create(owner=clerk, file_name="hoat-dong-ca-nam.xlsx", state=ImportJob.State.PREVIEWED)
        sign_in(page, live_server, "xaiatoi", viewport=(1366, 768))
        panel = page.locator("#clerk-imports-section")
        assert panel.get_by_role("link", name="hoat-dong-ca-nam.xlsx").is_visible()
        screenshot(page, "xaiatoi-busy")
        panel.get_by_role("link", name="hoat-dong-quy-3.xlsx").click()
        page.wait_for_url(re.compile(r"/admin/outreach/activityrecord/\?batch="))
        rows = page.locator("table.listing tbody tr")
        assert rows.count() == ActivityRecord.objects.filter(batch=batch).count() > 0
