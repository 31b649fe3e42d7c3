"""Admin forms whose choices are the user's scope, so a tampered id is a form error."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from outreach.models import GuidanceMaterial, RosterMember
from outreach.models.guidance import GuidanceAudience
from outreach.models.training import AudienceType
from outreach.permissions import guidance_policy, roster_policy, trainable_roster
from policies import scope
from policies.models import DraftPage, Unit


def roster_in_scope(user):
    return roster_policy.scope_queryset(RosterMember.objects.all(), user)


def visible_guidance(user):
    """Guidance materials a session may name: the ones the user may see (their units' and public ones)."""
    return guidance_policy.scope_queryset(GuidanceMaterial.objects.all(), user).order_by("-issued_on", "title")


def linkable_drafts(user):
    """Drafts a session or record may name (see DraftPageQuerySet.linkable_for), by title."""
    return DraftPage.objects.linkable_for(user).order_by("title").only("id", "title", "code")


class ActivityRecordForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        user = for_user
        self.fields["unit"].queryset = scope.scoped_units(user)
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Bạn chỉ ghi được hoạt động của đơn vị mình; hãy chọn một đơn vị trong danh sách."
        )
        self.fields["commune"].queryset = Unit.objects.filter(kind=Unit.Kind.COMMUNE)
        self.fields["reporters"].queryset = roster_in_scope(user)
        self.fields["draft"].queryset = linkable_drafts(user)
        if self.instance.pk is None and not self.initial.get("unit"):
            today = timezone.localdate()
            current = [unit for unit in self.fields["unit"].queryset if unit.valid_on(today)]
            if len(current) == 1:  # a commune clerk reports for one unit: preselect it
                self.initial["unit"] = current[0].pk

    def save(self, commit=True):
        record = super().save(commit=False)
        if record.pk is None:
            record.entry_method = record.EntryMethod.MANUAL
        if commit:
            record.save()
            self.save_m2m()
        return record


def roster_label(member):
    # Two people may share a name; the unit tells them apart.
    return f"{member.full_name} – {member.unit.short_name or member.unit.name}"


def offer_trainable_roster(field, user, message):
    field.queryset = trainable_roster(user).select_related("unit").order_by("full_name", "pk")
    field.label_from_instance = roster_label
    field.error_messages["invalid_choice"] = message


ATTENDEE_OUT_OF_REACH = _(
    "Chỉ chọn được người trong danh sách báo cáo viên, tuyên truyền viên trên địa bàn bạn phụ trách; "
    "hãy chọn lại hoặc ghi họ tên."
)


class TrainingAttendanceForm(WagtailAdminModelForm):
    """One attendee row: the roster offered is the one the signed-in user may train."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "member" in self.fields:
            offer_trainable_roster(self.fields["member"], self.for_user, ATTENDEE_OUT_OF_REACH)


class TrainingSessionForm(WagtailAdminModelForm):
    """Every choice is the user's scope: organising units; trainers and attendees from the roster the user
    may train (outreach.permissions.trainable_roster); drafts of the user's units or published ones.
    An id outside it, posted by hand, is a form error."""

    audience_types = forms.MultipleChoiceField(
        label=_("Đối tượng tham dự"),
        choices=AudienceType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["organising_unit"].queryset = scope.scoped_units(for_user)
        offer_trainable_roster(
            self.fields["trainers"],
            for_user,
            _(
                "Chỉ chọn được giảng viên trong danh sách báo cáo viên, tuyên truyền viên trên địa bàn bạn phụ trách; "
                "hãy chọn lại."
            ),
        )
        drafts = self.fields["related_drafts"]
        drafts.queryset = linkable_drafts(for_user)
        drafts.label_from_instance = lambda draft: draft.title  # a live page's title is its published title
        drafts.error_messages["invalid_choice"] = _(
            "Chỉ liên kết được dự thảo của đơn vị mình hoặc dự thảo đã công bố; hãy chọn lại."
        )
        if "guidance_materials" in self.fields:
            materials = self.fields["guidance_materials"]
            materials.queryset = visible_guidance(for_user)
            materials.error_messages["invalid_choice"] = _(
                "Chỉ chọn được tài liệu hướng dẫn công khai hoặc của đơn vị mình; hãy chọn lại."
            )

    def clean_guidance_materials(self):
        """Links to materials the user may not see (made by the Justice Office) are kept, not dropped unseen."""
        chosen = self.cleaned_data["guidance_materials"]
        if self.instance.pk is None:
            return chosen
        offered = self.fields["guidance_materials"].queryset
        kept = (
            GuidanceMaterial.objects.filter(training_sessions=self.instance.pk)
            .exclude(pk__in=offered.values("pk"))
            .values("pk")
        )
        return GuidanceMaterial.objects.filter(Q(pk__in=chosen.values("pk")) | Q(pk__in=kept))

    def save(self, commit=True):
        if self.instance.pk is None and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)


def offer_scoped_units(form, field_name, user, out_of_reach):
    """A unit choice of the user's scope; a clerk of one unit finds it chosen."""
    field = form.fields[field_name]
    field.queryset = scope.scoped_units(user)  # a unit choice (policies.unit_choice): grouped, current first
    field.error_messages["invalid_choice"] = out_of_reach
    if form.instance.pk is None and not form.initial.get(field_name):
        today = timezone.localdate()
        current = [unit for unit in field.queryset if unit.valid_on(today)]
        if len(current) == 1:
            form.initial[field_name] = current[0].pk


class GuidanceMaterialForm(WagtailAdminModelForm):
    """The owning unit is one of the user's; the audiences are ticked from the fixed list."""

    audiences = forms.MultipleChoiceField(
        label=_("Đối tượng sử dụng"),
        choices=GuidanceAudience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        offer_scoped_units(
            self,
            "owning_unit",
            for_user,
            _("Bạn chỉ đưa lên được tài liệu của đơn vị mình; hãy chọn một đơn vị trong danh sách."),
        )

    def is_valid(self):
        """A file row may not name another unit's staff-only file by a typed id: listed by a public material,
        it would become downloadable by anyone."""
        from outreach.guidance.views import hidden_documents

        valid = super().is_valid()
        hidden = set(hidden_documents(self.for_user).values_list("document", flat=True))
        for form in self.formsets["files"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            document = data.get("document")
            if document is not None and document.pk in hidden and not data.get("DELETE"):
                form.add_error("document", _("Tệp này thuộc tài liệu nội bộ của đơn vị khác; hãy chọn tệp khác."))
                valid = False
        return valid


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Bảng tính hoạt động"),
        help_text=_("Tệp Excel (.xlsx) hoặc CSV (UTF-8), tối đa 10 MB, theo mẫu hoặc theo bảng tổng hợp của huyện."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{20,64}$", widget=forms.HiddenInput)
