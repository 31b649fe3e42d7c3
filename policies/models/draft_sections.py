"""A draft's sections (chapters, articles) and their anchors: the ids comments and links point at."""

from policies.blocks import fill_anchors


class DraftSectionsMixin:
    """Mixed into DraftPage: anchors that stay put across edits, and the sections as comment-form choices."""

    def fill_section_anchors(self):
        """Give sections saved without an anchor one (blocks.fill_anchors); returns every section's anchor."""
        sections = [(block.id, block.value) for block in self.sections if block.block_type == "section"]
        if any(not value.get("anchor") for _block_id, value in sections):
            fill_anchors(sections, kept=self.stored_anchors())
        return [value["anchor"] for _block_id, value in sections]

    def stored_anchors(self):
        """Block id → anchor of the sections as last saved (page row, then latest revision): an anchor
        someone cleared by mistake comes back, since comments already sent point at it."""
        if not self.pk:
            return {}
        stored = type(self).objects.filter(pk=self.pk).first()
        if stored is None:
            return {}
        anchors = {}
        for version in (stored, stored.get_latest_revision_as_object()):
            for block in version.sections:
                if block.block_type == "section" and block.value.get("anchor"):
                    anchors[block.id] = block.value["anchor"]
        return anchors

    def section_choices(self):
        """The draft's chapters, sections and articles as (anchor, label) pairs, in order.

        The anchor is the stable id typed or derived on save (also the HTML id
        on the draft page, so `#dieu-3` links to it); the label reads like
        "Điều 3. Mức hỗ trợ". Comment forms use these as the "section" choices.
        """
        return section_choices_of(self.sections)


def section_choices_of(sections):
    """(anchor, label) pairs of a draft's `sections` stream, read from its stored JSON: lists naming the sections
    of thousands of drafts need no block objects."""
    choices = []
    for item in sections.raw_data:
        if item.get("type") != "section":
            continue
        value = item.get("value") or {}
        number, heading = value.get("number"), value.get("heading", "")
        choices.append((value.get("anchor", ""), f"{number}. {heading}" if number else heading))
    return choices
