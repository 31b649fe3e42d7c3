"""Forms for public comments, e-mail followers and staff-entered off-line comments."""

import os
import re
import unicodedata
import uuid
import warnings
import zipfile

from django import forms
from django.conf import settings
from django.core import signing
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm

from PIL import Image

from policies.models import Comment, CommentAttachment, DraftPage, Follower
from policies.naming import INVISIBLE_CHARACTERS, clean_text

CONSENT_NOTICE_VERSION = "2026-01"
COMMENT_MAX_LENGTH = 5000
FORM_STAMP_SALT = "policies.comment-form"
PHONE = re.compile(r"^\+?[0-9]{9,12}$")
# The part before "@" as people's addresses have it: EmailValidator also takes quoted text ("<svg …>"@…).
EMAIL_LOCAL_PART = re.compile(r"^[A-Za-z0-9._%+-]+\Z")


def consent_notice(draft):
    """The notice Law 91/2025 requires, naming who keeps the data (stored with each consent)."""
    keeper = draft.drafting_unit.name if draft and draft.drafting_unit_id else _("cơ quan chủ trì soạn thảo")
    return str(
        _(
            "Dữ liệu thu thập: nội dung góp ý và, nếu bạn tự nguyện cung cấp, họ tên, cơ quan hoặc xã, "
            "số điện thoại hoặc thư điện tử, tệp đính kèm. Mục đích: tiếp nhận, tổng hợp, tiếp thu và "
            "giải trình ý kiến góp ý dự thảo, liên hệ lại với bạn khi cần; không dùng vào việc khác. "
            "Đơn vị kiểm soát và lưu giữ: %(keeper)s, trong thời gian xây dựng văn bản và lưu trữ hồ sơ"
            " theo quy định. Số điện thoại, thư điện tử không bao giờ được công khai; họ tên chỉ công "
            "khai khi bạn chọn. Quyền của bạn: được biết, xem, chỉnh sửa, yêu cầu xóa dữ liệu, hạn chế "
            "xử lý và rút lại sự đồng ý theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15. Cách rút lại:"
            " gửi yêu cầu kèm số tiếp nhận tới %(keeper)s (trực tiếp, bằng thư hoặc thư điện tử); việc "
            "rút lại không ảnh hưởng đến việc xử lý đã thực hiện trước đó."
        )
        % {"keeper": keeper}
    )


def normalise_body(text):
    """NFC, no invisible or control characters, Unix line ends, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = INVISIBLE_CHARACTERS.sub("", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class CleanCharField(forms.CharField):
    """A one-line text field that normalises before validating (so NUL bytes never reach a validator)."""

    def to_python(self, value):
        return clean_text(value)


class CleanTextField(forms.CharField):
    widget = forms.Textarea

    def to_python(self, value):
        return normalise_body(value)


def validate_email_address(value):
    """An address people use: Django's checks, and a plain local part without quotes or brackets."""
    message = _("Thư điện tử không hợp lệ. Vui lòng kiểm tra lại, ví dụ: ten@example.vn.")
    EmailValidator(message=message)(value)
    if not EMAIL_LOCAL_PART.match(value.rpartition("@")[0]):
        raise forms.ValidationError(message, code="invalid")


def clean_contact(value):
    """Accept an e-mail address or a Vietnamese phone number; return it tidied."""
    if not value:
        return ""
    if "@" in value:
        validate_email_address(value)
        return value.lower() if value.isascii() else value
    digits = re.sub(r"[\s.\-()]", "", value)
    if not PHONE.match(digits):
        raise forms.ValidationError(
            _("Số điện thoại hoặc thư điện tử không hợp lệ. Ví dụ: 0912 345 678 hoặc ten@example.vn.")
        )
    return digits


def sniff_kind(uploaded):
    """The file's real type from its first bytes (and a DOCX's zip contents), or None."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return CommentAttachment.Kind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return CommentAttachment.Kind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return CommentAttachment.Kind.JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
                expanded = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            uploaded.seek(0)
        if "word/document.xml" in names and "[Content_Types].xml" in names and expanded < 50 * 1024 * 1024:
            return CommentAttachment.Kind.DOCX
    return None


def shortened_name(name, limit):
    """`name` cut to `limit` characters, keeping its extension (the staff's viewer goes by it)."""
    if len(name) <= limit:
        return name
    stem, extension = os.path.splitext(name)
    return stem[: limit - len(extension)] + extension


EXTENSIONS = {
    CommentAttachment.Kind.PDF: {".pdf"},
    CommentAttachment.Kind.DOCX: {".docx"},
    CommentAttachment.Kind.JPEG: {".jpg", ".jpeg"},
    CommentAttachment.Kind.PNG: {".png"},
}


IMAGE_KINDS = {CommentAttachment.Kind.JPEG, CommentAttachment.Kind.PNG}
ORIGINAL_NAME_LENGTH = CommentAttachment._meta.get_field("original_name").max_length


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        limit = settings.COMMENT_MAX_ATTACHMENTS
        if len(files) > limit:
            raise forms.ValidationError(_("Chỉ được đính kèm tối đa %(limit)s tệp.") % {"limit": limit})
        cleaned = []
        for uploaded in files:
            uploaded = super().clean(uploaded, initial)
            if uploaded.size > settings.COMMENT_ATTACHMENT_MAX_BYTES:
                raise forms.ValidationError(
                    _("Tệp “%(name)s” quá lớn: mỗi tệp tối đa %(size)s MB.")
                    % {"name": uploaded.name, "size": settings.COMMENT_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
                )
            kind = sniff_kind(uploaded)
            extension = "." + uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
            if kind is None or extension not in EXTENSIONS[kind]:
                raise forms.ValidationError(
                    _("Tệp “%(name)s” không phải PDF, DOCX, JPEG hay PNG thật. Vui lòng chọn tệp khác.")
                    % {"name": uploaded.name}
                )
            if kind in IMAGE_KINDS:
                self.check_pixels(uploaded)
            uploaded.sniffed_kind = kind
            uploaded.name = shortened_name(uploaded.name, ORIGINAL_NAME_LENGTH)
            cleaned.append(uploaded)
        return cleaned

    @staticmethod
    def check_pixels(uploaded):
        """A small file can hold a huge picture (1.2 MB of PNG for 20000 × 20000): count pixels from the
        header, never decoding it. Pillow's own bomb limit is global (Wagtail's images share it), so the
        comment limit is a setting of its own."""
        limit = settings.COMMENT_IMAGE_MAX_PIXELS
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(uploaded) as image:
                    too_large = image.width * image.height > limit
        except Image.DecompressionBombError:
            too_large = True
        except (OSError, SyntaxError, ValueError) as error:
            raise forms.ValidationError(
                _("Tệp “%(name)s” không phải PDF, DOCX, JPEG hay PNG thật. Vui lòng chọn tệp khác.")
                % {"name": uploaded.name}
            ) from error
        finally:
            uploaded.seek(0)
        if too_large:
            raise forms.ValidationError(
                _(
                    "Ảnh “%(name)s” quá lớn: tối đa %(limit)s triệu điểm ảnh. Vui lòng thu nhỏ ảnh "
                    "(chụp lại với độ phân giải thấp hơn hoặc lưu ở kích thước nhỏ hơn) rồi đính kèm lại."
                )
                % {"name": uploaded.name, "limit": limit // 1_000_000}
            )


def form_stamp(draft, token, now=None):
    """The signed time the form was served, bound to its draft and its token: one stamp, one comment."""
    now = now or timezone.now()
    return signing.dumps({"d": draft.pk, "t": now.timestamp(), "k": str(token)}, salt=FORM_STAMP_SALT)


def read_form_stamp(value, draft, token):
    """Seconds since the form was served, or None when the stamp is missing, forged, stale or not
    the one served with `token` for this draft."""
    try:
        data = signing.loads(value or "", salt=FORM_STAMP_SALT, max_age=settings.COMMENT_STAMP_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("d") != draft.pk or data.get("k") != str(token or ""):
        return None
    return timezone.now().timestamp() - float(data.get("t", 0))


class CommentForm(forms.Form):
    body = CleanTextField(
        label=_("Nội dung góp ý"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": COMMENT_MAX_LENGTH}),
        help_text=_("Bắt buộc, tối đa 5.000 ký tự."),
        error_messages={
            "required": _("Vui lòng nhập nội dung góp ý."),
            "max_length": _(
                "Nội dung góp ý dài quá %(limit_value)d ký tự (hiện có %(show_value)d). Vui lòng rút gọn."
            ),
        },
    )
    section = forms.ChoiceField(label=_("Góp ý cho chương, điều"), required=False)
    name = CleanCharField(label=_("Họ và tên"), max_length=120, required=False)
    organisation = CleanCharField(label=_("Cơ quan, tổ chức hoặc xã, thôn"), max_length=200, required=False)
    contact = CleanCharField(
        label=_("Điện thoại hoặc thư điện tử"),
        max_length=200,
        required=False,
        help_text=_("Không bắt buộc, không bao giờ công khai. Nếu là thư điện tử, bạn sẽ nhận số tiếp nhận qua thư."),
    )
    publish_as = forms.ChoiceField(
        label=_("Cách công khai góp ý"),
        choices=Comment.PublishAs.choices,
        initial=Comment.PublishAs.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    attachments = MultipleFileField(
        label=_("Tệp đính kèm"),
        required=False,
        help_text=_("Không bắt buộc. PDF, DOCX, JPEG hoặc PNG; tối đa 3 tệp, mỗi tệp tối đa 5 MB."),
    )
    consent = forms.BooleanField(
        label=_("Tôi đã đọc thông báo trên và đồng ý để dữ liệu của tôi được xử lý như đã nêu."),
        required=True,
        error_messages={"required": _("Vui lòng đánh dấu ô đồng ý xử lý dữ liệu cá nhân để gửi góp ý.")},
    )
    # Left empty by people (hidden from them); bots fill every field.
    website = forms.CharField(label=_("Để trống ô này"), required=False)
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, draft, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        sections = draft.section_choices()
        if sections:
            self.fields["section"].choices = [("", _("— Toàn bộ dự thảo —")), *sections]
        else:
            del self.fields["section"]
        if not self.is_bound:
            token = uuid.uuid4()
            self.initial.update({"stamp": form_stamp(draft, token), "token": token})

    def clean_contact(self):
        return clean_contact(self.cleaned_data.get("contact", ""))

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body:
            raise forms.ValidationError(_("Vui lòng nhập nội dung góp ý."))
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("publish_as") == Comment.PublishAs.NAME and not cleaned.get("name"):
            self.add_error("name", _("Bạn chọn công khai kèm họ tên: vui lòng nhập họ tên, hoặc chọn ẩn danh."))
        return cleaned

    def error_summary(self):
        """(anchor, message) for each error in the order the fields are shown, so the summary at the top of
        the form links each message to its field; the anchor is empty for an error of the whole form."""
        entries = [("", message) for message in self.non_field_errors()]
        for name in self.fields:
            bound = self[name]
            if bound.is_hidden:
                continue
            # A radio group has no single input: its first choice is where a keyboard user lands.
            anchor = f"{bound.auto_id}_0" if bound.field.widget.use_fieldset else bound.auto_id
            entries.extend((anchor, message) for message in bound.errors)
        return entries

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def seconds_since_served(self):
        return read_form_stamp(self.data.get("stamp"), self.draft, self.data.get("token"))


def frequency_field(required=True):
    message = _("Vui lòng chọn cách nhận tin: mỗi khi có tin hoặc tóm tắt hằng tuần.")
    return forms.ChoiceField(
        label=_("Nhận tin"),
        choices=Follower.Frequency.choices,
        initial=Follower.Frequency.EACH,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Thư điện tử của bạn"),
        max_length=200,
        error_messages={
            "required": _("Vui lòng nhập thư điện tử."),
            "invalid": _("Thư điện tử không hợp lệ. Ví dụ: ten@example.vn."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan soạn thảo dùng thư điện tử này chỉ để báo tin về dự thảo; "
            "có thể hủy bất cứ lúc nào bằng liên kết trong mỗi thư."
        ),
        error_messages={"required": _("Vui lòng đánh dấu ô đồng ý để nhận tin qua thư điện tử.")},
    )
    # Optional here: a form posted without it (an old page in a browser's cache) means "each".
    frequency = frequency_field(required=False)
    website = forms.CharField(required=False)

    def clean_email(self):
        email = clean_text(self.cleaned_data["email"]).lower()
        validate_email_address(email)
        return email

    def clean_frequency(self):
        return self.cleaned_data["frequency"] or Follower.Frequency.EACH


class FrequencyForm(forms.Form):
    """How often one address hears about every draft it follows (link in each message)."""

    frequency = frequency_field()


class CommentAdminForm(WagtailAdminModelForm):
    """Staff form: off-line comments are entered whole; an online comment's words are the visitor's."""

    VISITOR_FIELDS = ("body", "name", "organisation", "contact", "publish_as", "source", "received_on", "draft")

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "draft" in self.fields:
            self.fields["draft"].queryset = DraftPage.objects.choosable_by(for_user)
        if "source" in self.fields:
            self.fields["source"].choices = [
                choice for choice in self.fields["source"].choices if choice[0] != Comment.Source.ONLINE
            ]
        if not self.instance.pk and "source" in self.fields:
            self.initial.setdefault("source", Comment.Source.MEETING)
        if self.instance.pk and not self.instance.is_offline:
            for name in self.VISITOR_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    if name == "source":
                        self.fields[name].choices = Comment.Source.choices
        draft = self.instance.draft if self.instance.draft_id else None
        sections = draft.section_choices() if draft else []
        if sections and "section" in self.fields:
            self.fields["section"].widget = forms.Select(choices=[("", "—"), *sections])

    def clean_body(self):
        body = normalise_body(self.cleaned_data.get("body"))
        if not body:
            raise forms.ValidationError(_("Vui lòng nhập nội dung góp ý."))
        return body

    def clean_contact(self):
        return clean_contact(clean_text(self.cleaned_data.get("contact", "")))

    def clean_response(self):
        return normalise_body(self.cleaned_data.get("response"))
