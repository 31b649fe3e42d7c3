"""Every admin date is read as it is shown (issue 8, item 1), in Chromium.

The widgets show `dd/mm/yyyy`. Read month-first, an unchanged save refuses a day over 12 and silently
swaps day and month when the day is 12 or less. So each form below is opened on a record holding both
kinds of date (3 February and 25 November), saved unchanged, and its stored dates compared; and each kind
of widget (date, date-time, the publishing schedule's dialog, a listing's date-range filter) gets dates
typed in as a person types them.

ADMIN_DATE_FORMS lists every admin form with a date and its date fields; tests/test_date_formats.py
fails when an admin form with a date is missing from it.
"""

import datetime
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.urls import reverse

import pytest
from playwright.sync_api import expect

# model label → the date and date-time fields of its admin form (page scheduling included).
PAGE_SCHEDULE = {"go_live_at", "expire_at"}
ADMIN_DATE_FORMS = {
    "home.HomePage": PAGE_SCHEDULE,
    "policies.DraftIndexPage": PAGE_SCHEDULE,
    "policies.DraftPage": {
        "proposal_opens",
        "proposal_closes",
        "consultation_opens",
        "consultation_closes",
        "original_closes",
        "submitted_on",
        "adopted_on",
        "withdrawn_on",
        *PAGE_SCHEDULE,
    },
    "policies.Unit": {"valid_from", "valid_to"},
    "policies.Comment": {"received_on"},
    "policies.Synthesis": {"issued_on"},
    "outreach.RosterMember": {"decision_date"},
    "outreach.TrainingSession": {"starts_at", "ends_at"},
    "outreach.ActivityRecord": {"date"},
    "outreach.GuidanceMaterial": {"issued_on"},
    "outreach.GoodPractice": {"recorded_on"},
    "outreach.CommendationProposal": {"proposed_on", "decision_date"},
    "reports.ReportPeriod": {"start", "end"},
    "reports.ReportNarrative": {"issued_on"},
}

PASSWORD = "ngay-thang-nam-2026"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
# Day ≤ 12 and month ≠ day: swapped when read month-first. Day > 12: refused when read month-first.
SWAPPABLE = datetime.date(2026, 2, 3)
UNSWAPPABLE = datetime.date(2026, 11, 25)


def at(day, hour, minute, year=None):
    return datetime.datetime(year or day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


@dataclass
class Record:
    """One saved record behind an admin edit form, and the dates it holds."""

    label: str
    obj: object
    edit_url: str
    dates: dict = field(default_factory=dict)

    @property
    def is_page(self):
        return hasattr(self.obj, "get_latest_revision_as_object")

    def stored(self):
        """The dates as stored now; for a page, as its latest revision holds them (what "save draft" writes)."""
        fresh = type(self.obj)._default_manager.get(pk=self.obj.pk)
        if self.is_page:
            fresh = fresh.get_latest_revision_as_object()
        return {name: getattr(fresh, name) for name in self.dates}

    def revision_id(self):
        return type(self.obj)._default_manager.get(pk=self.obj.pk).latest_revision_id if self.is_page else None


def snippet_url(obj):
    opts = obj._meta
    return reverse(f"wagtailsnippets_{opts.app_label}_{opts.model_name}:edit", args=[obj.pk])


def modeladmin_url(obj):
    opts = obj._meta
    return reverse(f"{opts.app_label}_{opts.model_name}_modeladmin_edit", args=[obj.pk])


def page_url(obj):
    return reverse("wagtailadmin_pages:edit", args=[obj.pk])


def schedule(page, go_live_at, expire_at):
    """A draft revision of the page carrying a publishing schedule, as the editor's dialog leaves it."""
    page.go_live_at = go_live_at
    page.expire_at = expire_at
    page.save_revision()
    return {"go_live_at": go_live_at, "expire_at": expire_at}


def guidance_material(unit, day):
    """A guidance material with the one file its form requires."""
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    from outreach.models import GuidanceFile, GuidanceMaterial

    material = GuidanceMaterial.objects.create(
        title=f"Hướng dẫn ngày {day:%d/%m/%Y}", issuer_level="local", issuer="UBND xã", owning_unit=unit, issued_on=day
    )
    document = get_document_model().objects.create(
        title="Tệp hướng dẫn", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="huong-dan.pdf")
    )
    GuidanceFile.objects.create(material=material, document=document)
    return material


@pytest.fixture
def dated_records(transactional_db):
    """One record (or two, when the form has one date) behind every form of ADMIN_DATE_FORMS."""
    from policies.models import Comment
    from reports.models import ReportNarrative, ReportPeriod
    from tests.factories import (
        ActivityRecordFactory,
        CommendationProposalFactory,
        CommentFactory,
        DraftPageFactory,
        GoodPracticeFactory,
        RosterMemberFactory,
        SynthesisFactory,
        TrainingSessionFactory,
        UnitFactory,
        draft_index,
    )

    records = []

    def add(label, obj, url, **dates):
        records.append(Record(label, obj, url, dates))

    index = draft_index()
    home = index.get_parent().specific
    next_year = SWAPPABLE.year + 1  # an expiry date must lie in the future
    add(
        "home.HomePage",
        home,
        page_url(home),
        **schedule(home, at(SWAPPABLE, 7, 0, next_year), at(UNSWAPPABLE, 18, 0, next_year)),
    )
    add(
        "policies.DraftIndexPage",
        index,
        page_url(index),
        **schedule(index, at(SWAPPABLE, 7, 5, next_year), at(UNSWAPPABLE, 18, 5, next_year)),
    )

    lifecycle = {
        "proposal_opens": SWAPPABLE,
        "proposal_closes": datetime.date(2026, 2, 25),
        "consultation_opens": at(datetime.date(2026, 3, 2), 8, 30),
        "consultation_closes": at(UNSWAPPABLE, 17, 45),
        "original_closes": at(datetime.date(2026, 10, 4), 9, 15),
        "submitted_on": datetime.date(2026, 12, 1),
        "adopted_on": datetime.date(2026, 12, 14),
        "withdrawn_on": datetime.date(2026, 12, 7),
    }
    draft = DraftPageFactory(parent=index, extension_reason="Cần thêm ý kiến của các xã.", **lifecycle)
    add(
        "policies.DraftPage",
        draft,
        page_url(draft),
        **lifecycle,
        **schedule(draft, at(SWAPPABLE, 7, 10, next_year), at(UNSWAPPABLE, 18, 10, next_year)),
    )

    unit = UnitFactory(valid_from=SWAPPABLE, valid_to=UNSWAPPABLE)
    add("policies.Unit", unit, snippet_url(unit), valid_from=SWAPPABLE, valid_to=UNSWAPPABLE)
    session = TrainingSessionFactory(starts_at=at(SWAPPABLE, 8, 30), ends_at=at(UNSWAPPABLE, 17, 45))
    add(
        "outreach.TrainingSession", session, snippet_url(session), starts_at=session.starts_at, ends_at=session.ends_at
    )
    proposal = CommendationProposalFactory(
        proposing_unit=unit,
        proposed_on=SWAPPABLE,
        status="awarded",
        decision_number="15/QĐ-STP",
        decision_date=UNSWAPPABLE,
    )
    add(
        "outreach.CommendationProposal",
        proposal,
        snippet_url(proposal),
        proposed_on=SWAPPABLE,
        decision_date=UNSWAPPABLE,
    )
    period = ReportPeriod.objects.create(kind=ReportPeriod.Kind.HALF_YEAR, year=2026, start=SWAPPABLE, end=UNSWAPPABLE)
    add("reports.ReportPeriod", period, snippet_url(period), start=SWAPPABLE, end=UNSWAPPABLE)

    # Forms with one date: one record of each kind.
    for day, narrative_unit in ((SWAPPABLE, None), (UNSWAPPABLE, unit)):
        member = RosterMemberFactory(decision_date=day)
        add("outreach.RosterMember", member, snippet_url(member), decision_date=day)
        narrative = ReportNarrative.objects.create(period=period, unit=narrative_unit, issued_on=day)
        add("reports.ReportNarrative", narrative, snippet_url(narrative), issued_on=day)
        activity = ActivityRecordFactory(date=day)
        add("outreach.ActivityRecord", activity, modeladmin_url(activity), date=day)
        comment = CommentFactory(source=Comment.Source.MEETING, state=Comment.State.APPROVED, received_on=day)
        add("policies.Comment", comment, snippet_url(comment), received_on=day)
        synthesis = SynthesisFactory(issued_on=day)
        add("policies.Synthesis", synthesis, snippet_url(synthesis), issued_on=day)
        material = guidance_material(unit, day)
        add("outreach.GuidanceMaterial", material, snippet_url(material), issued_on=day)
        practice = GoodPracticeFactory(unit=unit, recorded_on=day)
        add("outreach.GoodPractice", practice, snippet_url(practice), recorded_on=day)

    return records


@pytest.fixture
def admin_page(page, live_server):
    """A superuser signed in through the login form, on a desktop-sized window."""
    _TYPED.clear()
    get_user_model().objects.create_superuser("quantri", "quantri@example.invalid", PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def save(page):
    """Click the form's main save button (pages: save draft) and wait for the answer.

    Right before the click every field typed since the last save must still show what was typed: on a
    loaded machine a picker closing late has once replaced 25/12/2026 with 01/12/2026 after the field
    was left. Such a field is typed again, so what the server stores is compared with what was sent.
    """
    typed, _TYPED[:] = [(selector, text) for url, selector, text in _TYPED if url == page.url], []
    for selector, text in typed:
        field = page.locator(selector)
        if field.input_value() != text:
            field = _type_once(page, selector, text)
        assert field.input_value() == text, f"{selector} shows {field.input_value()!r}, not {text!r}"
    button = page.locator("button.action-save:visible").first
    with page.expect_navigation():
        button.click()


def form_errors(page):
    return [text.strip() for text in page.locator(".error-message, .messages .error").all_inner_texts()]


def saved(page):
    return page.locator(".messages .success").count() > 0


@pytest.mark.django_db(transaction=True)
class TestUnchangedSave:
    def test_every_admin_form_keeps_its_dates_when_saved_unchanged(self, admin_page, live_server, dated_records):
        assert {record.label for record in dated_records} == set(ADMIN_DATE_FORMS)
        problems = []
        for record in dated_records:
            assert set(record.dates) == ADMIN_DATE_FORMS[record.label], record.label
            revision = record.revision_id()
            admin_page.goto(live_server.url + record.edit_url)
            save(admin_page)
            errors = form_errors(admin_page)
            stored = record.stored()
            changed = {
                name: (record.dates[name], value) for name, value in stored.items() if value != record.dates[name]
            }
            not_saved = not saved(admin_page) or (record.is_page and record.revision_id() == revision)
            if errors or changed or not_saved:
                problems.append(f"{record.label} #{record.obj.pk}: errors {errors}, (was, now) {changed}")
        assert not problems, "\n".join(problems)


def wait_for_picker(field, shown):
    """Wait until the field's own date picker (jQuery datetimepicker) is shown, or hidden."""
    field.page.wait_for_function(
        "([input, shown]) => jQuery(input).data('xdsoft_datetimepicker').is(':visible') === shown",
        arg=[field.element_handle(), shown],
    )


def type_into(page, selector, text):
    """Select what the field shows, type over it key by key, and leave it with Tab.

    On a loaded machine the picker can still be drawing when the first keys arrive and swallow them
    (25/12 became 01/12 once): then the field does not show what was typed, and it is typed again.
    What the server stores is checked against what the field showed, so a retry hides no parsing fault.
    """
    field = _type_once(page, selector, text)
    if field.input_value() != text:
        field = _type_once(page, selector, text)
    assert field.input_value() == text
    _TYPED.append((page.url, selector, text))
    return field


_TYPED = []  # (url, selector, text) typed since the last save(), checked again just before it


def _type_once(page, selector, text):
    field = page.locator(selector)
    # In the middle of the window the picker opens below the field, not over it.
    field.evaluate("element => element.scrollIntoView({block: 'center'})")
    # Tab from the field before may already have put the cursor here; clicking then would close the picker.
    if not field.evaluate("element => element === document.activeElement"):
        field.click()
    wait_for_picker(field, True)  # it opens a moment after the click; typing before that races it
    field.press("ControlOrMeta+a")
    field.press_sequentially(text)
    field.press("Tab")
    wait_for_picker(field, False)
    return field


def record_of(records, label):
    return next(record for record in records if record.label == label)


@pytest.mark.django_db(transaction=True)
class TestTypedDates:
    def test_dates_typed_into_each_kind_of_widget_are_stored_as_typed(self, admin_page, live_server, dated_records):
        page = admin_page
        nov_5, nov_25 = datetime.date(2026, 11, 5), datetime.date(2026, 11, 25)

        # Date widget (snippet).
        unit = record_of(dated_records, "policies.Unit")
        page.goto(live_server.url + unit.edit_url)
        type_into(page, "input[name=valid_from]", "05/11/2026")
        type_into(page, "input[name=valid_to]", "25/11/2026")
        save(page)
        assert form_errors(page) == [] and saved(page)
        assert unit.stored() == {"valid_from": nov_5, "valid_to": nov_25}

        # Date-time widget (snippet).
        session = record_of(dated_records, "outreach.TrainingSession")
        page.goto(live_server.url + session.edit_url)
        type_into(page, "input[name=starts_at]", "05/11/2026 08:30")
        type_into(page, "input[name=ends_at]", "25/11/2026 17:45")
        save(page)
        assert form_errors(page) == [] and saved(page)
        assert session.stored() == {"starts_at": at(nov_5, 8, 30), "ends_at": at(nov_25, 17, 45)}

        # The page scheduling dialog's date-time widgets.
        index = record_of(dated_records, "policies.DraftIndexPage")
        page.goto(live_server.url + index.edit_url)
        page.locator("[data-side-panel-toggle=status]").click()
        page.locator("[data-a11y-dialog-show=schedule-publishing-dialog]").first.click()
        type_into(page, "#schedule-publishing-dialog input[name=go_live_at]", "05/12/2026 08:00")
        type_into(page, "#schedule-publishing-dialog input[name=expire_at]", "25/12/2026 17:00")
        with page.expect_navigation():
            page.locator("#schedule-publishing-dialog button.action-save").click()
        assert form_errors(page) == [] and saved(page)
        assert index.stored() == {
            "go_live_at": at(datetime.date(2026, 12, 5), 8, 0),
            "expire_at": at(datetime.date(2026, 12, 25), 17, 0),
        }

        # The consultation window of a draft (page form, second tab): the 05/11–10/12/2026.
        draft = record_of(dated_records, "policies.DraftPage")
        page.goto(live_server.url + draft.edit_url)
        page.get_by_role("tab", name="Thời hạn, tiến trình").click()
        type_into(page, "input[name=consultation_opens]", "05/11/2026 08:00")
        type_into(page, "input[name=consultation_closes]", "10/12/2026 17:00")
        type_into(page, "input[name=submitted_on]", "25/12/2026")
        save(page)
        assert form_errors(page) == [] and saved(page)
        stored = draft.stored()
        assert (stored["consultation_opens"], stored["consultation_closes"], stored["submitted_on"]) == (
            at(nov_5, 8, 0),
            at(datetime.date(2026, 12, 10), 17, 0),
            datetime.date(2026, 12, 25),
        )

        # An off-line comment received on 05/11/2026 (snippet form).
        comment = record_of(dated_records, "policies.Comment")
        page.goto(live_server.url + comment.edit_url)
        type_into(page, "input[name=received_on]", "05/11/2026")
        save(page)
        assert form_errors(page) == [] and saved(page)
        assert comment.stored() == {"received_on": nov_5}


@pytest.fixture
def logged_unit(transactional_db):
    """A unit whose history has one entry on each of 3, 5, 25 and 27 November 2026."""
    from wagtail.models import ModelLogEntry

    from tests.factories import UnitFactory

    unit = UnitFactory()
    for day in (3, 5, 25, 27):
        ModelLogEntry.objects.log_action(unit, "wagtail.edit", timestamp=at(datetime.date(2026, 11, day), 10, 0))
    return unit


@pytest.mark.django_db(transaction=True)
class TestDateRangeFilter:
    def test_dates_typed_into_a_history_filter_are_read_day_first(self, admin_page, live_server, logged_unit):
        page = admin_page
        page.goto(live_server.url + reverse("wagtailsnippets_policies_unit:history", args=[logged_unit.pk]))
        page.locator("button.w-dropdown__toggle[data-w-dropdown-target=toggle]").click()
        page.locator("button[aria-controls=drilldown-id_timestamp]").click()
        type_into(page, "input[name=timestamp_from]", "05/11/2026")
        type_into(page, "input[name=timestamp_to]", "25/11/2026")
        page.wait_for_url(re.compile(r"timestamp_to="))
        rows = page.locator("#listing-results tbody tr")
        expect(rows).to_have_count(2)
        dates = rows.locator("[data-w-tooltip-content-value]")
        assert [date.get_attribute("data-w-tooltip-content-value") for date in dates.all()] == [
            "10:00 Ngày 25 tháng 11 năm 2026",
            "10:00 Ngày 05 tháng 11 năm 2026",
        ]
