"""The filters of the moderators' comment list.

Every choice comes from the user's scope (drafts and sections of comments they may see), so a value typed
into the address that is not offered is a form error ("Hãy chọn một giá trị hợp lệ…"), never a 500 and never
another unit's rows.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import WagtailFilterSet

import django_filters

from cms.http import parse_id
from policies import scope
from policies.admin_lookup import visible_to
from policies.models import Comment, DraftPage, Unit
from policies.models.draft_sections import section_choices_of
from policies.unit_choice import UnitChoiceFilter

# The handling "not yet decided" is stored as "", which a filter reads as "no filter".
NOT_HANDLED = "none"


class DraftChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # Only a well-formed id reaches the database: SQLite overflows on a 23-digit number.
        if value not in self.empty_values and parse_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, draft):
        return draft.coded_title


class DraftFilter(django_filters.ModelChoiceFilter):
    field_class = DraftChoiceField


def section_choices(user):
    """Sections commented on, named as their drafts name them (an anchor shared by drafts lists each title).

    One query for the pairs and one for their drafts, whatever the number of comments."""
    pairs = set(
        visible_to(user, Comment.objects.exclude(section="")).order_by().values_list("draft_id", "section").distinct()
    )
    drafts = DraftPage.objects.filter(pk__in={draft_id for draft_id, _section in pairs}).values_list("pk", "sections")
    labels = {pk: dict(section_choices_of(sections)) for pk, sections in drafts}
    titles = {}
    for draft_id, section in pairs:
        titles.setdefault(section, set()).add(labels.get(draft_id, {}).get(section, section))
    return [(section, " / ".join(sorted(titles[section]))) for section in sorted(titles)[:100]]


class CommentFilterSet(WagtailFilterSet):
    draft = DraftFilter(label=_("Dự thảo"), queryset=DraftPage.objects.none(), empty_label=_("Tất cả"))
    unit = UnitChoiceFilter(
        label=_("Cơ quan chủ trì soạn thảo"),
        field_name="draft__drafting_unit",
        queryset=Unit.objects.none(),
        empty_label=_("Tất cả"),
    )
    state = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Comment.State.choices, empty_label=_("Tất cả"))
    source = django_filters.ChoiceFilter(label=_("Nguồn"), choices=Comment.Source.choices, empty_label=_("Tất cả"))
    section = django_filters.ChoiceFilter(label=_("Chương, điều"), choices=(), empty_label=_("Tất cả"))
    trung = django_filters.ChoiceFilter(
        label=_("Trùng nội dung"),
        choices=[("1", _("Chỉ góp ý có nội dung trùng")), ("0", _("Chỉ góp ý không trùng"))],
        empty_label=_("Tất cả"),
        method="filter_duplicates",
    )
    handling = django_filters.ChoiceFilter(
        label=_("Xử lý"),
        choices=[(NOT_HANDLED, Comment.Handling.NONE.label)]
        + [choice for choice in Comment.Handling.choices if choice[0]],
        empty_label=_("Tất cả"),
        method="filter_handling",
    )

    class Meta:
        model = Comment
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        self.filters["draft"].queryset = DraftPage.objects.choosable_by(user)
        self.form.fields["draft"].queryset = self.filters["draft"].queryset
        # The units whose drafts the user may moderate: the one scope rule, as for the drafts above.
        self.filters["unit"].queryset = scope.scoped_units(user)
        self.form.fields["unit"].queryset = self.filters["unit"].queryset
        self.form.fields["section"].choices = section_choices(user)

    def filter_duplicates(self, queryset, name, value):
        # duplicate_count is annotated by the viewset's queryset.
        if value == "1":
            return queryset.filter(duplicate_count__gt=1)
        return queryset.filter(duplicate_count=1)

    def filter_handling(self, queryset, name, value):
        return queryset.filter(handling="" if value == NOT_HANDLED else value)
