"""Mapping a name the importer did not know to an entry, from the preview: who may map to what, and saving it.

A clerk maps only to entries they may use in their own records (forms: the whole catalogue; units and
communes: their scope; drafts: the ones they may link), and the alias serves their unit's imports
only. The Justice Office's aliases serve every unit. Every mapping goes to Wagtail's audit log.
"""

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.log_actions import LogFormatter, log

from outreach.models import CommunicationForm, ImportAlias
from policies import scope
from policies.models import DraftPage, Unit, UnitMembership
from policies.naming import clean_text, name_key
from policies.unit_choice import UnitChoiceField

LOG_MAP = "outreach.import_alias"
MAPPABLE = ("unit", "commune", "draft", "form")


def candidates(user, kind):
    """The entries `user` may map a name of column `kind` to, in the order a select lists them."""
    if kind == "form":
        return CommunicationForm.objects.all()
    if kind == "draft":
        return DraftPage.objects.linkable_for(user).order_by("title")
    units = scope.scoped_units(user).valid_on(timezone.localdate())
    if kind == "commune":
        units = units.filter(kind=Unit.Kind.COMMUNE)
    return units.order_by("name")


def owner_unit(user):
    """The unit a user's alias serves: none (all units) for the Justice Office, else the user's own unit."""
    if scope.sees_all_units(user):
        return None
    membership = UnitMembership.objects.filter(user=user).select_related("unit").order_by("unit__name").first()
    if membership is None:
        raise PermissionError(_("Bạn chưa được gán đơn vị nào nên chưa ghi nhớ được tên gọi."))
    return membership.unit


class MappingForm(forms.Form):
    """One unknown name and the entry it means; the choices are only what the user may map to."""

    kind = forms.ChoiceField(choices=[(kind, kind) for kind in MAPPABLE], widget=forms.HiddenInput)
    text = forms.CharField(max_length=255, widget=forms.HiddenInput)
    target = forms.ModelChoiceField(
        queryset=CommunicationForm.objects.none(),
        label=gettext_lazy("là"),
        empty_label=gettext_lazy("— chọn mục trong danh mục —"),
        error_messages={
            "invalid_choice": gettext_lazy("Mục đã chọn không có hoặc bạn không được dùng; hãy chọn lại.")
        },
    )

    def __init__(self, user, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        kind = kind or self.data.get("kind") or self.initial.get("kind")
        if kind in ("unit", "commune"):
            target = self.fields["target"]
            self.fields["target"] = UnitChoiceField(
                candidates(user, kind),
                label=target.label,
                empty_label=target.empty_label,
                error_messages=target.error_messages,
            )
        elif kind in MAPPABLE:
            self.fields["target"].queryset = candidates(user, kind)

    def clean_text(self):
        text = clean_text(self.cleaned_data["text"])
        if not name_key(text):
            raise forms.ValidationError(_("Tên gọi trống."))
        return text

    def save(self):
        """Save (or re-point) the alias for the user's unit, and log it."""
        kind, text, target = self.cleaned_data["kind"], self.cleaned_data["text"], self.cleaned_data["target"]
        unit = owner_unit(self.user)
        field = ImportAlias.target_field(kind)
        try:
            with transaction.atomic():
                alias, created = ImportAlias.objects.update_or_create(
                    kind=kind,
                    key=name_key(text),
                    unit=unit,
                    defaults={"text": text, field: target, "created_by": self.user},
                )
        except IntegrityError:  # two clicks at once: the other one saved it
            alias = ImportAlias.objects.get(kind=kind, key=name_key(text), unit=unit)
            created = False
        log(
            instance=alias,
            action=LOG_MAP,
            user=self.user,
            data={
                "kind": kind,
                "text": text,
                "target": str(target),
                "target_id": target.pk,
                "unit": unit.name if unit else "",
                "created": created,
            },
        )
        return alias


def register_log_actions(actions):
    @actions.register_action(LOG_MAP)
    class MappingLogFormatter(LogFormatter):
        label = gettext_lazy("Ghi nhớ tên gọi khi nhập bảng tính")

        def format_message(self, log_entry):
            data = log_entry.data
            unit = data.get("unit") or _("mọi đơn vị")
            return _("“%(text)s” (%(kind)s) là “%(target)s”, dùng cho %(unit)s") % {
                "text": data.get("text", ""),
                "kind": dict(ImportAlias.Kind.choices).get(data.get("kind"), data.get("kind", "")),
                "target": data.get("target", ""),
                "unit": unit,
            }
