"""Receipt lookup at /gop-y/tra-cuu/?so=GY-…: what became of one comment, in plain words.

The receipt number is the only key (random, see policies.models.comments.new_receipt),
so the page shows nothing personal: no name, no contact, no moderator's note. The
comment's own words appear only once they are public on the draft page, and how it
was handled only once the synthesis that shows it is published. Lookups count
against a per-client limit like the comment form; the page is never cached.
"""

import re
import unicodedata

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cms import ratelimit
from cms.http import client_ip
from policies.models import Comment, Synthesis
from policies.naming import fold
from policies.views.synthesis import handling_text, row_answer, row_key

TEMPLATE = "policies/receipt_lookup.html"
RECEIPT_PATTERN = re.compile(r"GY(?:-[A-Z0-9]+)+")
# What people type instead of the hyphen: spaces, dashes from phone keyboards, dots, slashes.
SEPARATORS = re.compile(r"[\s\u2010-\u2015\u2212_./]+")

# A moderator's reason is free text and may name people: the public sees only its category.
# First match wins, so "xúc phạm cá nhân" is offensive language, not personal data.
REASON_CATEGORIES = (
    (
        ("xuc pham", "tho tuc", "lang ma", "bia dat", "vu khong", "kich dong", "loi le", "chui", "de doa", "tuc tiu"),
        gettext_lazy("Có lời lẽ xúc phạm, thô tục hoặc thiếu văn hóa."),
    ),
    (
        ("thong tin ca nhan", "du lieu ca nhan", "so dien thoai", "can cuoc", "dia chi nha", "doi tu"),
        gettext_lazy("Có thông tin cá nhân của bạn hoặc của người khác."),
    ),
    (
        ("quang cao", "rao vat", "mua ban", "kinh doanh"),
        gettext_lazy("Có nội dung quảng cáo, mua bán."),
    ),
    (
        ("trung lap", "trung noi dung", "trung voi", "gui lai", "gui nhieu lan", "lap lai"),
        gettext_lazy("Trùng với góp ý đã gửi."),
    ),
    (
        ("khong lien quan", "ngoai pham vi", "khac chu de", "khong thuoc noi dung"),
        gettext_lazy("Không liên quan đến nội dung dự thảo."),
    ),
    (
        ("vi pham phap luat", "sai su that", "bi mat nha nuoc", "xuyen tac"),
        gettext_lazy("Có nội dung sai sự thật hoặc vi phạm pháp luật."),
    ),
)
OTHER_REASON = gettext_lazy("Không phù hợp với quy định đăng tải ý kiến góp ý trên cổng thông tin.")


def normalise_receipt(raw):
    """The receipt as stored (`GY-2026-ACDE347`) from what a person typed, or None when it
    cannot be one: any case, spaces or other dashes for hyphens, the hyphens left out."""
    text = unicodedata.normalize("NFKC", str(raw or ""))[:60].strip().upper()
    text = SEPARATORS.sub("-", text).strip("-")
    text = re.sub(r"-{2,}", "-", text)
    compact = re.fullmatch(r"GY-?(\d{4})-?([A-Z0-9]{7})", text)
    if compact:
        text = f"GY-{compact[1]}-{compact[2]}"
    if len(text) > Comment._meta.get_field("receipt").max_length or not RECEIPT_PATTERN.fullmatch(text):
        return None
    return text


def reason_category(reason):
    """A plain category for a moderator's free-text reason for hiding a comment."""
    folded = fold(reason)
    for needles, label in REASON_CATEGORIES:
        if any(needle in folded for needle in needles):
            return label
    return OTHER_REASON


def _published_handling(comment):
    """The decision and answer the published synthesis prints for this comment's row (its rule, not a copy)."""
    candidates = comment.draft.comments.filter(
        state=Comment.State.APPROVED, section=comment.section, text_fingerprint=comment.text_fingerprint
    ).order_by("created_at", "pk")
    answered = row_answer([other for other in candidates if row_key(other) == row_key(comment)])
    return {
        "decision": answered.get_handling_display() if answered.handling else _("Chưa xử lý"),
        "response": answered.response if answered.handling else "",
        "text": handling_text(answered),
    }


def describe(comment):
    """What the lookup page may say about a comment: state, reason category, words, handling."""
    draft = comment.draft
    shown = draft.live and not draft.get_view_restrictions().exists()
    state = comment.state
    result = {
        "receipt": comment.receipt,
        "received_on": comment.received_on,
        "draft": draft if shown else None,
        "state": state,
        "published": False,
        "reason": "",
        "section": "",
        "body": "",
        "handling": None,
        "synthesis_published": False,
    }
    if state == Comment.State.PENDING:
        result["title"] = _("Đã tiếp nhận, đang chờ kiểm duyệt")
        result["explanation"] = _(
            "Góp ý của bạn đã được ghi nhận. Cán bộ sẽ kiểm duyệt trước khi công khai theo cách bạn đã chọn."
        )
    elif state == Comment.State.APPROVED and comment.publish_as != Comment.PublishAs.PRIVATE:
        result["title"] = _("Đã đăng công khai")
        result["explanation"] = _("Góp ý đã được duyệt và đăng dưới dự thảo theo cách bạn đã chọn.")
        result["published"] = True
        result["body"] = comment.body
        sections = dict(draft.section_choices())
        result["section"] = sections.get(comment.section, comment.section)
    elif state == Comment.State.APPROVED:
        result["title"] = _("Đã tiếp nhận, không đăng công khai theo đề nghị của bạn")
        result["explanation"] = _(
            "Cơ quan soạn thảo đã xem xét góp ý và tính vào bản tổng hợp, nhưng không công khai nội dung "
            "và tên người góp ý."
        )
    elif state == Comment.State.HIDDEN:
        result["title"] = _("Không được đăng công khai")
        result["explanation"] = _(
            "Góp ý được ghi nhận nhưng không đăng công khai vì lý do nêu trên. Bạn có thể gửi lại góp ý "
            "với nội dung, lời lẽ phù hợp trong thời hạn lấy ý kiến."
        )
        result["reason"] = reason_category(comment.hidden_reason)
    else:
        result["title"] = _("Không được đăng")
        result["explanation"] = ""
    if shown:
        synthesis = Synthesis.objects.filter(draft=draft, published=True).first()
        result["synthesis_published"] = synthesis is not None
        if synthesis is not None and state == Comment.State.APPROVED:
            result["handling"] = _published_handling(comment)
    return result


@require_safe
@never_cache
def receipt_lookup(request):
    raw = request.GET.get("so", "")
    context = {"typed": raw[:60]}
    if not raw.strip():
        return render(request, TEMPLATE, context)
    ip = client_ip(request)
    if not ratelimit.take("receipt", ip):
        context["refusal"] = _(
            "Bạn đã tra cứu nhiều lần trong thời gian ngắn. Vui lòng đợi khoảng 10 phút rồi thử lại."
        )
        return render(request, TEMPLATE, context, status=429)
    receipt = normalise_receipt(raw)
    if receipt is None:
        context["refusal"] = _(
            "Số tiếp nhận không đúng dạng. Số tiếp nhận bắt đầu bằng GY, ví dụ GY-2026-ACDE347; "
            "vui lòng xem lại trang xác nhận hoặc thư điện tử đã nhận."
        )
        return render(request, TEMPLATE, context, status=400)
    context["typed"] = receipt
    comment = Comment.objects.select_related("draft").filter(receipt=receipt).first()
    if comment is None:
        context["refusal"] = _(
            "Không tìm thấy góp ý có số tiếp nhận %(receipt)s. Vui lòng kiểm tra lại từng ký tự, "
            "hoặc mở liên kết tra cứu trong thư điện tử xác nhận."
        ) % {"receipt": receipt}
        return render(request, TEMPLATE, context, status=404)
    context["result"] = describe(comment)
    return render(request, TEMPLATE, context)
