"""The admin form of a draft page (DraftPage.base_form_class)."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from policies.slugs import free_slug


class DraftPageForm(WagtailAdminPageForm):
    """Editors pick only units they act for as the drafting agency; the code and, for a new draft whose
    slug is taken, the slug are the system's to give, never an error the editor has to solve."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from policies.scope import scoped_units

        # Both are unit choices (policies.unit_choice, through the admin's form field override).
        if self.for_user is not None and "drafting_unit" in self.fields:
            self.fields["drafting_unit"].queryset = scoped_units(self.for_user)
        if self.instance.pk is None and not self.instance.code:
            # Shown on the form (read-only); checked again, and replaced if taken meanwhile, on save.
            self.instance.propose_code()

    def clean(self):
        # A draft left behind by autosave (or a namesake) holds the slug the title gives: take the next free
        # one rather than stop the editor on a field they never typed.
        slug = self.cleaned_data.get("slug")
        if slug and self.instance.pk is None and self.parent_page is not None:
            self.cleaned_data["slug"] = free_slug(slug, self.parent_page)
        self.check_one_version_per_language()
        return super().clean()

    def check_one_version_per_language(self):
        """Two versions in one language would share one address: the second one kept gets the error."""
        formset = self.formsets.get("audience_versions")
        if formset is None or not formset.is_valid():
            return
        seen = set()
        for form in formset.forms:
            language = form.cleaned_data.get("language")
            if language is None or form.cleaned_data.get("DELETE"):
                continue
            if language.pk in seen:
                form.add_error(
                    "language",
                    _(
                        "Dự thảo đã có bản %(language)s. Mỗi ngôn ngữ chỉ một bản: "
                        "sửa bản đã có hoặc chọn ngôn ngữ khác."
                    )
                    % {"language": language},
                )
            seen.add(language.pk)

    def get_field_updates_for_resave(self):
        """After an autosave, put what the server chose (a free slug, derived anchors) into the still-open
        form, so its next save sends them back rather than the clashing slug or blank anchors."""
        updates = list(super().get_field_updates_for_resave())
        if "slug" in self.data and self.data["slug"] != self.instance.slug:
            updates.append(("slug", self.instance.slug))
        anchors = {
            block.id: block.value.get("anchor") for block in self.instance.sections if block.block_type == "section"
        }
        count = self.data.get("sections-count", "")
        for position in range(int(count) if count.isdigit() else 0):
            prefix = f"sections-{position}"
            anchor = anchors.get(self.data.get(f"{prefix}-id"))
            if anchor and self.data.get(f"{prefix}-value-anchor") != anchor:
                updates.append((f"{prefix}-value-anchor", anchor))
        return updates
