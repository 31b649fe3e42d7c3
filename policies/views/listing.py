"""The public list of drafts at /du-thao/: open consultations first, filters, pagination.

The number of queries is the same for 3 drafts or 3,000: units, document types
and fields come with the page of drafts (select_related / prefetch_related).
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies.cache import LISTING_QUERY, mark_draft_list
from policies.models import AudienceLanguage, ConsultationStatus, DraftPage, PolicyField, Unit
from policies.unit_choice import UnitChoiceField

PER_PAGE = 10


class DraftFilterForm(forms.Form):
    trang_thai = forms.ChoiceField(
        label=_("Tình trạng lấy ý kiến"),
        required=False,
        choices=[("", _("Tất cả"))] + [(s.value, s.label) for s in ConsultationStatus if s != ConsultationStatus.NONE],
    )
    # Grouped and marked as in the admin (policies.unit_choice); no search script here: the public page stays light.
    co_quan = UnitChoiceField(
        label=_("Cơ quan chủ trì soạn thảo"), required=False, queryset=Unit.objects.none(), empty_label=_("Tất cả")
    )
    linh_vuc = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        required=False,
        queryset=PolicyField.objects.all(),
        to_field_name="slug",
        empty_label=_("Tất cả"),
    )
    nam = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None, choices=[])
    ngon_ngu = forms.ModelChoiceField(
        label=_("Có bản cho đối tượng"),
        required=False,
        queryset=AudienceLanguage.objects.all(),
        to_field_name="slug",
        empty_label=_("Tất cả"),
    )

    def __init__(self, data, drafts, years):
        super().__init__(data)
        self.fields["co_quan"].queryset = Unit.objects.filter(pk__in=drafts.values("drafting_unit_id"))
        self.fields["nam"].choices = [("", _("Tất cả"))] + [(year, year) for year in years]


def with_year(queryset):
    return queryset.annotate(year=ExtractYear(Coalesce(F("consultation_opens"), F("first_published_at"))))


def ordered(queryset, now):
    """Open consultations first (soonest deadline first), then upcoming, then the rest newest first."""
    rank = Case(
        When(status_now=ConsultationStatus.OPEN, then=Value(0)),
        When(status_now=ConsultationStatus.UPCOMING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        queryset.with_status(now)
        .annotate(rank=rank)
        .order_by(
            "rank",
            Case(When(rank=0, then=F("consultation_closes"))).asc(nulls_last=True),
            Case(When(rank=1, then=F("consultation_opens"))).asc(nulls_last=True),
            F("first_published_at").desc(nulls_last=True),
            "pk",
        )
    )


def filter_form(drafts, data):
    """The public filter form over `drafts` (the years offered are those the drafts have)."""
    years = sorted({year for year in with_year(drafts).values_list("year", flat=True) if year}, reverse=True)
    return DraftFilterForm(data, drafts, years)


def apply_filters(drafts, data, now):
    """`drafts` narrowed by a valid filter form's cleaned data: the one filtering of the list and the open data."""
    if data["trang_thai"]:
        drafts = drafts.with_status_of(data["trang_thai"], now)
    if data["co_quan"]:
        drafts = drafts.filter(drafting_unit=data["co_quan"])
    if data["linh_vuc"]:
        drafts = drafts.filter(policy_fields=data["linh_vuc"])
    if data["nam"]:
        drafts = with_year(drafts).filter(year=data["nam"])
    if data["ngon_ngu"]:
        # One version per language per draft: the join adds no duplicate rows.
        drafts = drafts.filter(audience_versions__language=data["ngon_ngu"])
    return drafts


def draft_listing_context(index, request):
    now = timezone.now()
    drafts = DraftPage.objects.child_of(index).live().public()
    form = filter_form(drafts, request.GET or None)
    if form.is_bound and form.is_valid():
        drafts = apply_filters(drafts, form.cleaned_data, now)
    drafts = ordered(drafts, now).select_related("drafting_unit", "document_type").prefetch_related("policy_fields")
    paginator = Paginator(drafts, PER_PAGE)
    page = paginator.get_page(request.GET.get("trang"))
    if not (form.is_bound and not form.is_valid()) and request.GET.get("trang", "1") == str(page.number):
        # A valid filter and the page number it resolves to: a bounded set of addresses worth keeping.
        mark_draft_list(request, LISTING_QUERY, now)
    for draft in page:
        # The status the database ordered by, as the choice the template shows the label of.
        draft.status_now = ConsultationStatus(draft.status_now)
        draft.days_left_now = draft.days_left(now)
    query = request.GET.copy()
    query.pop("trang", None)
    return {
        "filter_form": form,
        "drafts": page,
        "paginator": paginator,
        "filter_query": query.urlencode(),
        "now": now,
        "filtered": bool(form.is_bound and any(form.data.get(name) for name in form.fields)),
    }
