"""StreamField blocks for the text of a draft, split into sections a comment can point at."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from policies.naming import fold
from policies.slugs import ascii_slug

ANCHOR_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,48}$")
# The word each kind of section is numbered with, folded: "Điều 3" → dieu-3, "Chương I" → chuong-i.
KIND_WORDS = {"chapter": "chuong", "section": "muc", "article": "dieu"}
# Room left under the anchor's 49 characters for a "-12" suffix on duplicates.
ANCHOR_BASE_LENGTH = 44


def derive_anchor(kind, number, heading):
    """The anchor a section gets when none was typed: from its number (and kind), else from its heading.

    `("article", "Điều 3")` and `("article", "3")` → `dieu-3`; `("chapter", "Chương I")` → `chuong-i`;
    no number: the heading's slug (`"Phạm vi điều chỉnh"` → `pham-vi-dieu-chinh`).
    """
    kind_word = KIND_WORDS.get(kind, "dieu")
    folded_number = fold(number or "")
    if folded_number:
        if folded_number.split()[0] not in KIND_WORDS.values():
            folded_number = f"{kind_word} {folded_number}"
        return ascii_slug(folded_number, ANCHOR_BASE_LENGTH)
    return ascii_slug(heading or "", ANCHOR_BASE_LENGTH) or kind_word


def fill_anchors(sections, kept=None):
    """Give every section typed without an anchor one of its own, unique within the draft.

    `sections` are (block id, value) pairs whose value is a mutable mapping with kind, number, heading and
    anchor. A typed anchor stays as typed. A blank one takes, in order: the anchor the same block had before
    (`kept`: block id → anchor, so comments pointing at it still find it), else one derived from the number
    or heading, with -2, -3… when another section already has it.
    """
    kept = kept or {}
    taken = {value.get("anchor") for _block_id, value in sections if value.get("anchor")}
    for block_id, value in sections:
        if value.get("anchor"):
            continue
        previous = kept.get(block_id)
        if previous and previous not in taken:
            anchor = previous
        else:
            base = derive_anchor(value.get("kind"), value.get("number"), value.get("heading"))
            anchor, suffix = base, 2
            while anchor in taken:
                anchor, suffix = f"{base}-{suffix}", suffix + 1
        value["anchor"] = anchor
        taken.add(anchor)
    return sections


class DraftSectionBlock(blocks.StructBlock):
    """A chapter, section or article of the draft text, with a stable anchor."""

    kind = blocks.ChoiceBlock(
        choices=[("chapter", _("Chương")), ("section", _("Mục")), ("article", _("Điều"))],
        default="article",
        label=_("loại"),
    )
    number = blocks.CharBlock(
        label=_("số hiệu"),
        max_length=40,
        required=False,
        help_text=_("Ví dụ: Chương I, Điều 3. Để trống nếu phần này không đánh số."),
    )
    heading = blocks.CharBlock(label=_("tên"), max_length=255)
    anchor = blocks.CharBlock(
        label=_("mã neo"),
        max_length=50,
        required=False,
        help_text=_(
            "Có thể để trống: khi lưu, hệ thống tự đặt theo số hiệu (Điều 3 → dieu-3) hoặc theo tên. "
            "Nếu tự nhập: chữ thường không dấu, số và gạch nối. Mã neo đã có giữ nguyên khi sửa nội dung "
            "để góp ý đã gửi vẫn chỉ đúng chỗ."
        ),
    )
    body = blocks.RichTextBlock(label=_("nội dung"), required=False, features=["bold", "italic", "ol", "ul", "link"])

    class Meta:
        icon = "doc-full"
        label = _("Chương, mục, điều")
        template = "blocks/draft_section.html"

    def clean(self, value):
        value = super().clean(value)
        # Blank is filled in when the draft is saved (DraftPage.clean), where the other sections are known.
        if value.get("anchor") and not ANCHOR_RE.match(value["anchor"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError(
                        _("Mã neo chỉ gồm chữ thường không dấu, số và gạch nối, bắt đầu bằng chữ hoặc số.")
                    )
                }
            )
        return value


class DraftTextBlock(blocks.StreamBlock):
    """The shared base stream of a draft's text."""

    section = DraftSectionBlock()

    class Meta:
        block_counts = {}


class ChangeItemBlock(blocks.StructBlock):
    """One point that is new, amended or repealed compared with current rules."""

    change = blocks.ChoiceBlock(
        choices=[("new", _("Mới")), ("amended", _("Sửa đổi")), ("repealed", _("Bãi bỏ"))],
        default="new",
        label=_("loại thay đổi"),
    )
    title = blocks.CharBlock(label=_("nội dung thay đổi"), max_length=255)
    explanation = blocks.TextBlock(label=_("giải thích cho người dân"), required=False)
    current_rule = blocks.CharBlock(
        label=_("quy định hiện hành"), required=False, max_length=255, help_text=_("Văn bản, điều khoản đang áp dụng.")
    )
    contested = blocks.BooleanBlock(
        label=_("còn ý kiến khác nhau"), required=False, help_text=_("Đánh dấu điểm còn tranh luận để nhấn mạnh.")
    )

    class Meta:
        icon = "edit"
        label = _("Điểm mới, sửa đổi, bãi bỏ")
        template = "blocks/change_item.html"


class ChangesBlock(blocks.StreamBlock):
    item = ChangeItemBlock()
