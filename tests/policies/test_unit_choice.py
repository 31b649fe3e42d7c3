"""A province's units (30 departments, 100 communes, merged ones) in every unit choice: grouped by parent and
kind, current ones first, merged ones named with their successor, each option's folded label in `data-folded`;
the same widget in the draft form, the activity form, the comment filter and the report; scope unchanged."""

import datetime
import random
import re
from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from bench.province import build_units
from outreach.wagtail_hooks import activity_admin
from policies import roles, scope
from policies.models import Unit
from policies.naming import fold
from policies.setup import setup_draft_editing
from policies.unit_choice import UnitChoiceField, UnitMultipleChoiceField, UnitSelect, UnitSelectMultiple
from tests.factories import ActivityRecordFactory, CommentFactory, ConsultationDraftFactory, draft_index

SCRIPT = "policies/js/unit-choice.js"
COMMUNES = "Tỉnh Quảng Ngãi – Xã, phường, thị trấn"
DEPARTMENTS = "Tỉnh Quảng Ngãi – Cơ quan chuyên môn"
MERGED = "(đã sáp nhập vào "


class Select:
    """One <select> as the page draws it: its attributes and its groups of options."""

    def __init__(self, attrs):
        self.attrs = attrs
        self.groups = []  # [(label or None, [option attrs with "text"])]

    @property
    def options(self):
        return [option for _label, options in self.groups for option in options]

    def group(self, label):
        return next(options for group_label, options in self.groups if group_label == label)

    def texts(self, label=None):
        options = self.options if label is None else self.group(label)
        return [option["text"] for option in options]


class SelectParser(HTMLParser):
    def __init__(self, name):
        super().__init__()
        self.name, self.select, self.option = name, None, None
        self.done = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.done:
            return
        if tag == "select" and attrs.get("name") == self.name:
            self.select = Select(attrs)
        elif self.select is None:
            return
        elif tag == "optgroup":
            self.select.groups.append((attrs.get("label"), []))
        elif tag == "option":
            if not self.select.groups or self.select.groups[-1][0] is None and self.select.groups[-1][1]:
                self.select.groups.append((None, []))
            self.option = {**attrs, "text": ""}
            self.select.groups[-1][1].append(self.option)

    def handle_endtag(self, tag):
        if self.select is None or self.done:
            return
        if tag == "option":
            self.option = None
        elif tag == "optgroup":
            self.select.groups.append((None, []))
        elif tag == "select":
            self.select.groups = [(label, options) for label, options in self.select.groups if options]
            self.done = True

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data.strip()


def select_named(html, name):
    parser = SelectParser(name)
    parser.feed(html)
    assert parser.select is not None, f"no <select name={name}>"
    return parser.select


@pytest.fixture
def province(db):
    departments, communes, predecessors = build_units(random.Random(2026), 1.0)
    return {
        "province": Unit.objects.get(code="pv-tinh"),
        "departments": departments,
        "communes": communes,
        "ia_toi": Unit.objects.get(name="Xã Ia Tơi"),
        "an_phu": Unit.objects.get(name="Phường An Phú"),
    }


@pytest.fixture
def justice(make_user):
    return make_user(role=roles.JUSTICE_OFFICE)


@pytest.fixture
def clerk(make_user, province):
    return make_user(role=roles.COMMUNE_STAFF, units=[province["ia_toi"]])


def page(client, user, url, params=None):
    client.force_login(user)
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def activity_add_url():
    return activity_admin.url_helper.get_action_url("create")


class TestProvinceSizedChoice:
    """The activity form's unit, as the Justice Office sees it: every unit of the province."""

    def test_units_are_grouped_by_parent_and_kind(self, client, justice, province):
        select = select_named(page(client, justice, activity_add_url()), "unit")
        labels = [label for label, _options in select.groups]
        assert labels[0] is None and select.texts()[0].startswith("---")  # the empty choice, outside any group
        assert "Tỉnh, thành phố" in labels and COMMUNES in labels and DEPARTMENTS in labels
        assert "Tỉnh Quảng Ngãi" in select.texts("Tỉnh, thành phố")
        assert len(select.group(DEPARTMENTS)) == 30
        assert "Xã Ia Tơi" in select.texts(COMMUNES) and "Sở Tư pháp" in select.texts(DEPARTMENTS)
        # Every unit once, none lost to the grouping.
        assert len(select.options) == Unit.objects.count() + 1

    def test_current_units_come_first_and_merged_ones_name_their_successor(self, client, justice, province):
        select = select_named(page(client, justice, activity_add_url()), "unit")
        communes = select.texts(COMMUNES)
        merged = [index for index, text in enumerate(communes) if MERGED in text]
        current = [index for index, text in enumerate(communes) if MERGED not in text]
        assert len(current) == 100 and len(merged) > 30
        assert max(current) < min(merged)
        assert "Xã Ia Tơi cũ 1 (đã sáp nhập vào Xã Ia Tơi)" in communes

    def test_each_option_carries_its_folded_label(self, client, justice, province):
        select = select_named(page(client, justice, activity_add_url()), "unit")
        assert "data-unit-choice" in select.attrs
        assert select.attrs["data-unit-filter-label"] == "Lọc danh sách đơn vị (gõ tên, không cần dấu)"
        ia_toi = next(option for option in select.options if option["text"] == "Xã Ia Tơi")
        assert ia_toi["data-folded"] == "xa ia toi"
        assert ia_toi["value"] == str(province["ia_toi"].pk)
        for option in select.options[1:]:
            assert option["data-folded"] == fold(option["text"])

    def test_groups_of_a_former_parent_come_after_todays(self, client, justice, province):
        old_district = Unit.objects.create(
            name="Huyện Ấp Cũ", code="huyen-ap-cu", kind=Unit.Kind.DISTRICT, valid_to=datetime.date(2025, 6, 30)
        )
        Unit.objects.create(name="Xã Ấp Một", code="xa-ap-mot", kind=Unit.Kind.COMMUNE, parent=old_district)
        select = select_named(page(client, justice, activity_add_url()), "unit")
        labels = [label for label, _options in select.groups if label]
        assert labels.index("Huyện Ấp Cũ – Xã, phường, thị trấn") > labels.index(COMMUNES)
        assert labels.index("Huyện Ấp Cũ – Xã, phường, thị trấn") > labels.index(DEPARTMENTS)

    def test_the_page_loads_the_filter_script(self, client, justice, province):
        assert SCRIPT in page(client, justice, activity_add_url())

    def test_drawing_the_choice_costs_the_same_queries_for_any_number_of_units(self, province):
        field = UnitChoiceField(Unit.objects.all())
        with CaptureQueriesContext(connection) as queries:
            html = field.widget.render("unit", None)
        assert html.count("<option") == Unit.objects.count() + 1
        assert len(queries) == 1


class TestSameWidgetEverywhere:
    def test_draft_form_drafting_and_coordinating_units(self, client, make_user, province):
        index = draft_index()
        setup_draft_editing(index)
        editor = make_user(role=roles.EDITOR, units=[province["province"]])
        html = page(client, editor, reverse("wagtailadmin_pages:add", args=["policies", "draftpage", index.pk]))
        drafting = select_named(html, "drafting_unit")
        coordinating = select_named(html, "coordinating_units")
        assert "multiple" in coordinating.attrs
        for select in (drafting, coordinating):
            assert "data-unit-choice" in select.attrs
            assert COMMUNES in [label for label, _options in select.groups]
        assert SCRIPT in html

    def test_activity_form_unit_and_commune(self, client, justice, province):
        html = page(client, justice, activity_add_url())
        commune = select_named(html, "commune")
        assert "data-unit-choice" in commune.attrs
        assert [label for label, _options in commune.groups if label] == [COMMUNES]

    def test_comment_filter(self, client, justice, province):
        ConsultationDraftFactory(drafting_unit=province["ia_toi"])
        html = page(client, justice, reverse("wagtailsnippets_policies_comment:list"))
        select = select_named(html, "unit")
        assert "data-unit-choice" in select.attrs
        assert "Xã Ia Tơi" in select.texts(COMMUNES)
        assert SCRIPT in html

    def test_comment_filter_by_unit_keeps_that_units_drafts(self, client, justice, province):
        own = ConsultationDraftFactory(drafting_unit=province["ia_toi"], title="Dự thảo của Ia Tơi")
        ConsultationDraftFactory(drafting_unit=province["an_phu"], title="Dự thảo của An Phú")
        CommentFactory(draft=own, body="Góp ý cho Ia Tơi")
        CommentFactory(draft=ConsultationDraftFactory(drafting_unit=province["an_phu"]), body="Góp ý cho An Phú")
        html = page(client, justice, reverse("wagtailsnippets_policies_comment:list"), {"unit": province["ia_toi"].pk})
        assert "Góp ý cho Ia Tơi" in html and "Góp ý cho An Phú" not in html

    @pytest.mark.parametrize("value", ["abc", "99999999999999999999999", "1\x00", "²"])
    def test_comment_filter_refuses_a_malformed_unit_in_vietnamese(self, client, justice, province, value):
        client.force_login(justice)
        response = client.get(reverse("wagtailsnippets_policies_comment:list"), {"unit": value})
        assert response.status_code == 200
        assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()

    def test_report_unit_choice(self, client, justice, province):
        html = page(client, justice, reverse("reports_report"), {"period": "2026-H1"})
        select = select_named(html, "unit")
        assert "data-unit-choice" in select.attrs
        assert select.texts()[0] == "Toàn bộ các đơn vị"
        assert COMMUNES in [label for label, _options in select.groups]
        assert SCRIPT in html

    def test_roster_list_filter(self, client, justice, province):
        html = page(client, justice, reverse("wagtailsnippets_outreach_rostermember:list"))
        assert "data-unit-choice" in select_named(html, "unit").attrs

    def test_activity_listing_filter_is_a_unit_choice_keeping_the_other_filters(self, client, justice, province):
        ActivityRecordFactory(unit=province["ia_toi"])
        ActivityRecordFactory(unit=province["an_phu"])
        index = activity_admin.url_helper.index_url
        html = page(client, justice, index, {"entry_method": "manual", "p": "1"})
        select = select_named(html, "unit__id__exact")
        assert "data-unit-choice" in select.attrs and COMMUNES in [label for label, _options in select.groups]
        assert '<input type="hidden" name="entry_method" value="manual">' in html and 'name="p"' not in html
        assert SCRIPT in html
        html = page(client, justice, index, {"unit__id__exact": province["ia_toi"].pk})
        chosen = next(option for option in select_named(html, "unit__id__exact").options if "selected" in option)
        assert chosen["text"] == "Xã Ia Tơi"
        cells = re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", html)
        assert "Xã Ia Tơi" in cells and "Phường An Phú" not in cells

    def test_public_listing_groups_the_drafting_units_without_the_script(self, client, province):
        ConsultationDraftFactory(drafting_unit=province["ia_toi"])
        ConsultationDraftFactory(drafting_unit=province["departments"][0])
        html = client.get("/du-thao/").content.decode()
        select = select_named(html, "co_quan")
        assert [label for label, _options in select.groups] == [None, DEPARTMENTS, COMMUNES]
        assert SCRIPT not in html  # the public page stays light; the grouped select is enough for a few units

    def test_plain_form_fields(self):
        assert isinstance(UnitChoiceField().widget, UnitSelect)
        assert isinstance(UnitMultipleChoiceField().widget, UnitSelectMultiple)


class TestScopeUnchanged:
    """The choice changes how units are shown, not which: a commune clerk still gets only their own."""

    def scope_ids(self, user):
        return set(scope.scoped_units(user).values_list("pk", flat=True))

    def test_clerk_activity_form_offers_their_commune_and_its_predecessors(self, client, clerk, province):
        select = select_named(page(client, clerk, activity_add_url()), "unit")
        offered = {int(option["value"]) for option in select.options if option["value"]}
        assert offered == self.scope_ids(clerk)
        assert {Unit.objects.get(pk=pk).name for pk in offered} >= {"Xã Ia Tơi", "Xã Ia Tơi cũ 1", "Xã Ia Tơi cũ 2"}
        assert select.texts(COMMUNES)[0] == "Xã Ia Tơi"  # the current one first

    def test_clerk_report_offers_only_their_units(self, client, clerk, province):
        select = select_named(page(client, clerk, reverse("reports_report"), {"period": "2026-H1"}), "unit")
        assert {int(option["value"]) for option in select.options} == self.scope_ids(clerk)
        assert "Toàn bộ các đơn vị" not in select.texts()

    def test_clerk_posting_another_units_id_is_a_form_error(self, client, clerk, province):
        client.force_login(clerk)
        response = client.post(activity_add_url(), {"unit": province["an_phu"].pk, "date": "01/03/2026"})
        assert response.status_code == 200
        assert "Bạn chỉ ghi được hoạt động của đơn vị mình" in response.content.decode()

    def test_moderator_comment_filter_offers_their_units_only(self, client, make_user, province):
        department = province["departments"][1]
        moderator = make_user(role=roles.MODERATOR, units=[department])
        select = select_named(page(client, moderator, reverse("wagtailsnippets_policies_comment:list")), "unit")
        assert [option["text"] for option in select.options if option["value"]] == [department.name]
