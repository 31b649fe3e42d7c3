"""Admin for good practices and commendation proposals: scoped snippet viewsets, and the page that links a
practice to activity records.

Every choice is the user's scope (the one rule, outreach.permissions): units, practices, activities. The
activities are picked on their own page, by the practice's unit's records in a date range, a page at a time,
never from a select over every record.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from cms.http import parse_id
from cms.numbers import vn_number
from outreach.admin_listing import EscapingIndexView
from outreach.forms import offer_scoped_units
from outreach.models import CommendationProposal, GoodPractice
from outreach.permissions import activity_policy, practice_policy
from policies.admin_lookup import ScopedSnippetViewSet
from policies.naming import fold

PAGE_SIZE = 50
OUT_OF_REACH = gettext_lazy("Bạn chỉ ghi được cho đơn vị mình; hãy chọn một đơn vị trong danh sách.")


class GoodPracticeForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        offer_scoped_units(self, "unit", for_user, OUT_OF_REACH)

    def clean_unit(self):
        unit = self.cleaned_data["unit"]
        # The linked activities were chosen among the old unit's records.
        if self.instance.pk and unit.pk != self.instance.unit_id and self.instance.activities.exists():
            raise forms.ValidationError(
                _("Mô hình đã liên kết hoạt động của đơn vị cũ: hãy bỏ các liên kết đó trước khi đổi đơn vị.")
            )
        return unit


class CommendationForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        offer_scoped_units(self, "proposing_unit", for_user, OUT_OF_REACH)
        practices = self.fields["good_practice"]
        practices.queryset = practice_policy.scope_queryset(GoodPractice.objects.all(), for_user).order_by("title")
        practices.error_messages["invalid_choice"] = _(
            "Chỉ chọn được mô hình hay của đơn vị mình; hãy chọn lại trong danh sách."
        )


# ---------------------------------------------------------------- viewsets


def _yes_no(value):
    # A boolean icon tells screen readers "True"/"False" in English.
    return _("Có") if value else _("Không")


class GoodPracticeIndexView(EscapingIndexView):
    """Each practice the user may change gets a button to the page that links its activities."""

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if practice_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            buttons.insert(
                0,
                ListingButton(
                    _("Hoạt động liên kết"),
                    reverse("outreach_practice_activities", args=[instance.pk]),
                    icon_name="link",
                    attrs={"aria-label": _("Chọn hoạt động liên kết cho “%(title)s”") % {"title": instance.title}},
                ),
            )
        return buttons


class GoodPracticeViewSet(ScopedSnippetViewSet):
    model = GoodPractice
    icon = "pick"
    menu_label = gettext_lazy("Mô hình hay, cách làm hiệu quả")
    url_prefix = "outreach/mo-hinh-hay"
    copy_view_enabled = False
    index_view_class = GoodPracticeIndexView
    edit_handler = ObjectList(GoodPractice.panels, base_form_class=GoodPracticeForm)
    list_display = (
        "title",
        "unit",
        "recorded_on",
        Column("activity_count", label=gettext_lazy("Số hoạt động"), accessor=lambda p: vn_number(p.activity_count)),
        Column(
            "activity_participants",
            label=gettext_lazy("Lượt người tham dự"),
            accessor=lambda p: vn_number(p.activity_participants),
        ),
        Column("public", label=gettext_lazy("Công khai"), accessor=lambda p: _yes_no(p.public), sort_key="public"),
    )
    list_filter = ("unit", "public")
    list_export = ("title", "unit", "recorded_on", "description", "results", "activity_count", "activity_sessions",
                   "activity_participants", "public")  # fmt: skip
    export_headings = {
        "activity_count": gettext_lazy("Số hoạt động liên kết"),
        "activity_sessions": gettext_lazy("Số buổi/lượt"),
        "activity_participants": gettext_lazy("Số người tham dự"),
    }
    export_filename = "mo-hinh-hay"
    search_fields = ("title",)
    search_backend_name = None

    def get_queryset(self, request):
        return super().get_queryset(request).with_results().select_related("unit")


def status_label(proposal):
    return proposal.get_status_display()


class CommendationViewSet(ScopedSnippetViewSet):
    model = CommendationProposal
    icon = "success"
    menu_label = gettext_lazy("Đề nghị khen thưởng")
    url_prefix = "outreach/khen-thuong"
    index_view_class = EscapingIndexView
    edit_handler = ObjectList(CommendationProposal.panels, base_form_class=CommendationForm)
    list_display = (
        "nominee_name",
        "level",
        "proposing_unit",
        "proposed_on",
        Column("status", label=gettext_lazy("Trạng thái"), accessor=status_label, sort_key="status"),
        Column("decision", label=gettext_lazy("Quyết định"), accessor="decision_label"),
    )
    list_filter = ("status", "level", "proposing_unit")
    list_export = ("nominee_name", "get_nominee_kind_display", "nominee_position", "nominee_unit_name",
                   "get_level_display", "reason", "proposing_unit", "proposer_name", "proposer_title", "proposed_on",
                   "get_status_display", "decision_number", "decision_date", "public")  # fmt: skip
    export_headings = {
        "get_nominee_kind_display": gettext_lazy("Đối tượng"),
        "get_level_display": gettext_lazy("Hình thức khen thưởng"),
        "get_status_display": gettext_lazy("Trạng thái"),
    }
    export_filename = "de-nghi-khen-thuong"
    search_fields = ("nominee_name", "decision_number")
    search_backend_name = None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proposing_unit")


class RecognitionViewSetGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Mô hình hay, khen thưởng")
    menu_icon = "pick"
    menu_order = 260
    items = (GoodPracticeViewSet, CommendationViewSet)


# ---------------------------------------------------------------- linking activities


class ActivityRangeForm(forms.Form):
    """Which of the unit's records to list: a date range and words of the content (diacritics optional)."""

    tu_ngay = forms.DateField(
        label=gettext_lazy("Từ ngày"), widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    den_ngay = forms.DateField(
        label=gettext_lazy("Đến ngày"), widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"})
    )
    tim = forms.CharField(label=gettext_lazy("Nội dung có chữ"), required=False, max_length=100)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("tu_ngay"), cleaned.get("den_ngay")
        if start and end and end < start:
            self.add_error("den_ngay", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned


def _practice_for_change(request, pk):
    practice = get_object_or_404(GoodPractice.objects.select_related("unit"), pk=pk)
    if not practice_policy.user_has_permission_for_instance(request.user, "change", practice):
        raise PermissionDenied
    return practice


def linkable_activities(practice, user):
    """Records the practice may name (its unit's and below) that the user may see: the one scope rule."""
    return activity_policy.scope_queryset(practice.linkable_activities(), user)


def link_activities(practice, user, ids):
    """Link the records `ids`; every one must be linkable by this user to this practice, or nothing is linked."""
    ids = set(ids)
    found = set(linkable_activities(practice, user).filter(pk__in=ids).values_list("pk", flat=True))
    if found != ids:
        raise PermissionError
    practice.activities.add(*found)
    return len(found)


def _default_range(practice):
    # As the date fields read and show them: the practice's calendar year.
    year = practice.recorded_on.year
    return {"tu_ngay": f"01/01/{year}", "den_ngay": f"31/12/{year}"}


def _page(request, practice, range_form, error=None, status=200):
    offset = max(parse_id(request.GET.get("tu")) or 0, 0)
    candidates = []
    more = False
    if range_form.is_valid():
        data = range_form.cleaned_data
        rows = (
            linkable_activities(practice, request.user)
            .filter(date__gte=data["tu_ngay"], date__lte=data["den_ngay"])
            .exclude(pk__in=practice.activities.values("pk"))
        )
        for word in fold(data["tim"]).split():
            rows = rows.filter(search_text__contains=word)
        # One row more than a page tells whether there is a next page without counting a million rows.
        candidates = list(
            rows.select_related("unit", "commune", "form").order_by("-date", "-pk")[offset : offset + PAGE_SIZE + 1]
        )
        more = len(candidates) > PAGE_SIZE
        candidates = candidates[:PAGE_SIZE]
    query = request.GET.copy()
    query.pop("tu", None)
    context = {
        "practice": practice,
        "figures": practice.result_figures(),
        "linked": practice.activities.select_related("unit", "commune", "form").order_by("-date", "-pk"),
        "range_form": range_form,
        "candidates": candidates,
        "error": error,
        "next_offset": offset + PAGE_SIZE if more else None,
        "previous_offset": max(offset - PAGE_SIZE, 0) if offset else None,
        "query": query.urlencode(),
        "page_size": PAGE_SIZE,
    }
    return TemplateResponse(request, "outreach/admin/practice_activities.html", context, status=status)


def practice_activities_view(request, pk):
    """GET: linked activities and the unit's records in a date range. POST: link or unlink the ticked ones."""
    practice = _practice_for_change(request, pk)
    range_form = ActivityRangeForm(request.GET or _default_range(practice))
    if request.method != "POST":
        return _page(request, practice, range_form)
    ids = [parse_id(value) for value in request.POST.getlist("activities")]
    if not ids or None in ids:
        return _page(request, practice, range_form, _("Hãy đánh dấu ít nhất một hoạt động."), status=400)
    with transaction.atomic():
        if request.POST.get("action") == "unlink":
            removed = practice.activities.filter(pk__in=ids)
            count = removed.count()
            practice.activities.remove(*removed)
            message = _("Đã bỏ liên kết %(count)s hoạt động.")
        else:
            try:
                count = link_activities(practice, request.user, ids)
            except PermissionError:
                error = _(
                    "Chỉ liên kết được hoạt động của đơn vị %(unit)s (và các đơn vị trực thuộc) mà bạn được xem; "
                    "không hoạt động nào được liên kết. Hãy chọn lại trong danh sách."
                ) % {"unit": practice.unit.name}
                return _page(request, practice, range_form, error, status=400)
            message = _("Đã liên kết %(count)s hoạt động.")
        log(instance=practice, action="wagtail.edit", user=request.user)
    messages.success(request, message % {"count": vn_number(count)})
    url = reverse("outreach_practice_activities", args=[practice.pk])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
