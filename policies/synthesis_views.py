"""The synthesis of comments in the Wagtail admin: a snippet viewset scoped by unit, like the comments."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column

from policies.admin_lookup import ScopedSnippetViewSet
from policies.models import DraftPage, Synthesis
from policies.views.synthesis import publish_warnings


class SynthesisAdminForm(WagtailAdminModelForm):
    """Only drafts of the user's own units can be chosen.

    Publishing while the consultation is still open or comments still lack a handling asks for
    confirmation: the form comes back saying what is missing, with a box to tick to publish anyway.
    The box is only shown then (a field absent from the form hides its panel).
    """

    confirm_publish = forms.BooleanField(
        label=gettext_lazy("Vẫn công bố"),
        required=False,
        help_text=gettext_lazy("Đánh dấu để công bố bản tổng hợp dù còn những điều nêu ở trên."),
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.was_published = bool(self.instance.pk and self.instance.published)
        if "draft" in self.fields:
            self.fields["draft"].queryset = DraftPage.objects.choosable_by(for_user)
        if not self.is_bound:
            del self.fields["confirm_publish"]

    def clean(self):
        cleaned = super().clean()
        draft = cleaned.get("draft") or (self.instance.draft if self.instance.draft_id else None)
        if not cleaned.get("published") or self.was_published or draft is None:
            return cleaned
        warnings = publish_warnings(draft)
        if warnings and not cleaned.get("confirm_publish"):
            self.add_error(
                "confirm_publish",
                " ".join(warnings)
                + " "
                + _("Đánh dấu ô “Vẫn công bố” rồi lưu lại nếu muốn công bố ngay, hoặc bỏ dấu “công bố công khai”."),
            )
        return cleaned


def published_label(synthesis):
    # A boolean icon tells screen readers "True"/"False" in English.
    return _("Đã công bố") if synthesis.published else _("Chưa công bố")


class SynthesisViewSet(ScopedSnippetViewSet):
    model = Synthesis
    icon = "doc-full"
    menu_label = gettext_lazy("Tổng hợp ý kiến")
    menu_order = 200
    url_prefix = "policies/synthesis"
    copy_view_enabled = False
    list_display = (
        "draft",
        "number_symbol",
        Column("published", label=gettext_lazy("Công bố công khai"), accessor=published_label, sort_key="published"),
        "published_at",
    )
    list_filter = ("published",)
    search_fields = ("number_symbol", "draft__title", "draft__code")
    search_backend_name = None
    edit_handler = ObjectList(
        [
            # A select of the user's own drafts (the form narrows it), not the page chooser, which lists every draft.
            FieldPanel("draft", widget=forms.Select),
            FieldRowPanel([FieldPanel("number_symbol"), FieldPanel("place"), FieldPanel("issued_on")]),
            FieldRowPanel([FieldPanel("bodies_consulted"), FieldPanel("people_consulted")]),
            FieldPanel("introduction"),
            FieldRowPanel([FieldPanel("signer_title"), FieldPanel("signer_name")]),
            FieldPanel("recipients"),
            FieldPanel("published"),
            FieldPanel("confirm_publish"),
        ],
        base_form_class=SynthesisAdminForm,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("draft")
