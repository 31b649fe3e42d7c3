"""StreamField blocks for the text of a draft, split into sections a comment can point at."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

ANCHOR_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,48}$")


class DraftSectionBlock(blocks.StructBlock):
    """A chapter, section or article of the draft text, with a stable anchor."""

    kind = blocks.ChoiceBlock(
        choices=[("chapter", _("Chương")), ("section", _("Mục")), ("article", _("Điều"))],
        default="article",
        label=_("loại"),
    )
    number = blocks.CharBlock(label=_("số hiệu"), max_length=40, help_text=_("Ví dụ: Chương I, Điều 3."))
    heading = blocks.CharBlock(label=_("tên"), max_length=255)
    anchor = blocks.CharBlock(
        label=_("mã neo"),
        max_length=50,
        help_text=_(
            "Chữ thường không dấu, số và gạch nối, ví dụ: dieu-3. Giữ nguyên khi sửa nội dung để góp ý "
            "đã gửi vẫn chỉ đúng chỗ."
        ),
    )
    body = blocks.RichTextBlock(label=_("nội dung"), required=False, features=["bold", "italic", "ol", "ul", "link"])

    class Meta:
        icon = "doc-full"
        label = _("Chương, mục, điều")
        template = "blocks/draft_section.html"

    def clean(self, value):
        value = super().clean(value)
        if not ANCHOR_RE.match(value.get("anchor") or ""):
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
