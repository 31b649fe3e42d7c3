"""Admin dates are read as they are shown (issue 8): day first, in every admin language, in every admin form.

Wagtail's widgets show WAGTAIL_DATE_FORMAT / WAGTAIL_DATETIME_FORMAT; Django parses what comes back with the
active language's input formats. Django's `vi` defines none, so `05/11/2026` was read as 11 May.
The browser round trip of every form is tests/browser/test_admin_dates.py.
"""

import csv
import datetime
import inspect
import io
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import formats, translation

from wagtail.admin.views.mixins import ExcelDateFormatter
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, get_page_models
from wagtail_modeladmin.options import ModelAdmin

import openpyxl
import pytest

from cms import formats as project_formats
from tests.browser.test_admin_dates import ADMIN_DATE_FORMS
from tests.browser.test_report_dates import REPORT_DATE_FORMS

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN_LANGUAGES = sorted({code for code, _ in [*settings.LANGUAGES, *settings.WAGTAILADMIN_PERMITTED_LANGUAGES]})
WIDGET_FORMATS = [
    ("WAGTAIL_DATE_FORMAT", "DATE_INPUT_FORMATS"),
    ("WAGTAIL_DATETIME_FORMAT", "DATETIME_INPUT_FORMATS"),
    ("WAGTAIL_TIME_FORMAT", "TIME_INPUT_FORMATS"),
]


@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
class TestInputFormats:
    def test_the_format_each_widget_shows_is_read_first_and_iso_after_it(self, language):
        for widget_setting, input_setting in WIDGET_FORMATS:
            assert formats.get_format(input_setting, lang=language)[0] == getattr(settings, widget_setting)
        with translation.override(language):
            assert forms.DateField().clean("2026-11-05") == datetime.date(2026, 11, 5)
            assert forms.DateTimeField().clean("2026-11-05 08:30") == datetime.datetime(
                2026, 11, 5, 8, 30, tzinfo=LOCAL
            )

    def test_no_input_format_reads_the_month_first(self, language):
        for input_setting, text in (
            ("DATE_INPUT_FORMATS", "05/11/2026"),
            ("DATETIME_INPUT_FORMATS", "05/11/2026 08:30"),
        ):
            for input_format in formats.get_format(input_setting, lang=language):
                try:
                    parsed = datetime.datetime.strptime(text, input_format)
                except ValueError:
                    continue
                assert (parsed.day, parsed.month) == (5, 11), input_format

    def test_what_a_widget_shows_reads_back_as_the_same_date(self, language):
        day = datetime.date(2026, 2, 3)
        moment = datetime.datetime(2026, 2, 3, 8, 30, tzinfo=LOCAL)
        with translation.override(language):
            shown_day = AdminDateInput().format_value(day)
            shown_moment = AdminDateTimeInput().format_value(moment.astimezone(LOCAL).replace(tzinfo=None))
            assert (shown_day, shown_moment) == ("03/02/2026", "03/02/2026 08:30")
            assert forms.DateField().clean(shown_day) == day
            assert forms.DateTimeField().clean(shown_moment) == moment

    def test_exported_date_times_are_formatted_day_first(self, language):
        with translation.override(language):
            assert formats.get_format("SHORT_DATE_FORMAT") == "d/m/Y"
            assert ExcelDateFormatter().get() == "dd/mm/yyyy hh:mm"


def test_wagtail_widget_settings_come_from_the_format_module():
    assert (settings.WAGTAIL_DATE_FORMAT, settings.WAGTAIL_DATETIME_FORMAT, settings.WAGTAIL_TIME_FORMAT) == (
        project_formats.DATE,
        project_formats.DATETIME,
        project_formats.TIME,
    )


@pytest.mark.django_db
class TestAdminFormPost:
    """The admin edit views, posted as the browser posts them: the text the widget shows."""

    @pytest.fixture
    def superuser(self, client, django_user_model):
        user = django_user_model.objects.create_superuser("quantri", "quantri@example.invalid", "x")
        client.force_login(user)
        return user

    def test_05_11_2026_posted_to_a_date_field_is_5_november(self, client, superuser):
        from reports.models import ReportPeriod

        period = ReportPeriod.objects.create(kind=ReportPeriod.Kind.ANNUAL, year=2026)
        url = reverse("wagtailsnippets_reports_reportperiod:edit", args=[period.pk])
        response = client.post(url, {"kind": "annual", "year": "2026", "start": "05/11/2026", "end": "25/11/2026"})
        assert response.status_code == 302, response.context["form"].errors
        period.refresh_from_db()
        assert (period.start, period.end) == (datetime.date(2026, 11, 5), datetime.date(2026, 11, 25))

    def test_05_11_2026_08_30_posted_to_a_date_time_field_is_5_november_at_08_30(self, client, superuser):
        from wagtail.test.utils.form_data import inline_formset, nested_form_data

        from outreach.models import TrainingSession
        from tests.factories import TrainingSessionFactory

        session = TrainingSessionFactory()
        url = reverse("wagtailsnippets_outreach_trainingsession:edit", args=[session.pk])
        data = nested_form_data(
            {
                "title": session.title,
                "starts_at": "05/11/2026 08:30",
                "ends_at": "05/11/2026 11:30",
                "place": session.place,
                "organising_unit": session.organising_unit_id,
                "state": "planned",
                "attendances": inline_formset([]),
                "materials": inline_formset([]),
            }
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        session = TrainingSession.objects.get(pk=session.pk)
        assert session.starts_at == datetime.datetime(2026, 11, 5, 8, 30, tzinfo=LOCAL)
        assert session.ends_at == datetime.datetime(2026, 11, 5, 11, 30, tzinfo=LOCAL)


# --- Exports show dates as the admin does -------------------------------------------------------------------------


def download(client, url, file_format):
    response = client.get(f"{url}?export={file_format}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if file_format == "csv":
        return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows())
    headings = [cell.value for cell in rows[0]]
    return [dict(zip(headings, row, strict=True)) for row in rows[1:]]


@pytest.mark.django_db
class TestExportedDates:
    """Listing exports (Wagtail's export mixin): dd/mm/yyyy, and date-times on Vietnam's clock, not UTC."""

    @pytest.fixture
    def staff_client(self, client, django_user_model):
        client.force_login(django_user_model.objects.create_superuser("quantri", "quantri@example.invalid", "x"))
        return client

    def test_training_session_times_are_day_first_and_local(self, staff_client):
        from tests.factories import TrainingSessionFactory

        TrainingSessionFactory(
            starts_at=datetime.datetime(2026, 2, 3, 8, 30, tzinfo=LOCAL),
            ends_at=datetime.datetime(2026, 11, 25, 17, 45, tzinfo=LOCAL),
        )
        url = reverse("wagtailsnippets_outreach_trainingsession:list")
        [row] = download(staff_client, url, "csv")
        assert (row["Bắt đầu"], row["Kết thúc"]) == ("03/02/2026 08:30", "25/11/2026 17:45")
        [row] = download(staff_client, url, "xlsx")
        assert (row["Bắt đầu"].value, row["Bắt đầu"].number_format) == (
            datetime.datetime(2026, 2, 3, 8, 30),
            "dd/mm/yyyy hh:mm",
        )
        assert row["Kết thúc"].value == datetime.datetime(2026, 11, 25, 17, 45)

    def test_roster_decision_date_is_day_first(self, staff_client):
        from tests.factories import RosterMemberFactory

        RosterMemberFactory(decision_date=datetime.date(2026, 2, 3))
        url = reverse("wagtailsnippets_outreach_rostermember:list")
        [row] = download(staff_client, url, "csv")
        assert row["Ngày quyết định"] == "03/02/2026"
        [row] = download(staff_client, url, "xlsx")
        cell = row["Ngày quyết định"]
        assert (cell.value, cell.number_format) == (datetime.date(2026, 2, 3), "dd/mm/yyyy")

    def test_comment_received_on_is_day_first(self, staff_client):
        from tests.factories import CommentFactory

        CommentFactory(received_on=datetime.date(2026, 11, 5))
        [row] = download(staff_client, "/admin/policies/comment/", "csv")
        assert row["Ngày nhận"] == "05/11/2026"
        [row] = download(staff_client, "/admin/policies/comment/", "xlsx")
        cell = row["Ngày nhận"]
        assert (cell.value, cell.number_format) == (datetime.date(2026, 11, 5), "dd/mm/yyyy")


# --- Inventory: every admin form with a date is in the browser test --------------------------------------------

DATE_FIELD_TYPES = (forms.DateField, forms.DateTimeField, forms.TimeField, forms.SplitDateTimeField)


def date_fields(form_class, prefix=""):
    """Names of the date, date-time and time fields of a form and of its inline formsets' forms."""
    names = {prefix + name for name, field in form_class.base_fields.items() if isinstance(field, DATE_FIELD_TYPES)}
    for formset_name, formset in getattr(form_class, "formsets", {}).items():
        names |= date_fields(formset.form, prefix=f"{formset_name}-")
    return names


def url_patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns)
        else:
            yield pattern


def form_name(form_class):
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    return model._meta.label if model is not None else f"{form_class.__module__}.{form_class.__qualname__}"


def admin_forms():
    """Every form class an admin URL edits with: snippets and model viewsets, wagtail-modeladmin,
    pages (the publishing schedule included), settings, and any view with a `form_class`."""
    found = set()
    for pattern in url_patterns(get_resolver().url_patterns):
        view = inspect.unwrap(pattern.callback)
        owner = getattr(view, "__self__", None)
        if isinstance(owner, ModelAdmin):
            found.add(owner.get_edit_handler().bind_to_model(owner.model).get_form_class())
        form_class = (getattr(view, "view_initkwargs", None) or {}).get("form_class") or getattr(
            getattr(view, "view_class", None), "form_class", None
        )
        if isinstance(form_class, type) and issubclass(form_class, forms.BaseForm):
            found.add(form_class)
    for model in get_page_models():
        if model is not Page:
            found.add(model.get_edit_handler().get_form_class())
    for model in settings_registry:
        from wagtail.contrib.settings.views import get_setting_edit_handler

        found.add(get_setting_edit_handler(model).get_form_class())
    return found


def project_forms():
    """Plain forms defined in the project's apps (a custom admin screen may use one without a `form_class`)."""
    apps = ("cms", "home", "policies", "outreach", "reports")
    pending, found = [forms.BaseForm], set()
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in apps:
                found.add(subclass)
    return found


def test_every_admin_form_with_a_date_is_in_the_browser_round_trip():
    in_admin = {}
    for form_class in admin_forms() | project_forms():
        names = date_fields(form_class)
        if names:
            in_admin.setdefault(form_name(form_class), set()).update(names)
    assert in_admin == ADMIN_DATE_FORMS | REPORT_DATE_FORMS
