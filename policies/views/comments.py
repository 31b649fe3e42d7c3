"""Public comment intake at /du-thao/<slug>/gop-y/.

Refusals store nothing. Bots (a filled honeypot) get the same neutral thank-you
page a person would, without a receipt, and nothing is stored: they learn
nothing and the moderators' queue stays clean. So does a form stamp sent again
from another address: a stamp is signed with its form's token, and the token is
unique among comments, so one stamp gives one comment (the same client sending
again gets its receipt). A form sent faster than a human could fill it is shown
again with a plain message, so a real person who was quick only has to press
"Gửi" once more. The rate limit counts a comment before it is stored, so posts
sent at once never pass it.

Nothing a visitor typed is lost when a comment cannot be taken: a form refused
for its size, its rate or the closing of the window shows the text back, and so
do the CSRF failure and database outage pages (policies.recovery), whose small
form brings the text back here to reopen this form filled in.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms import ratelimit
from cms.http import client_ip
from policies.forms import CONSENT_NOTICE_VERSION, CommentForm, consent_notice, form_stamp, read_form_stamp
from policies.models import Comment, CommentAttachment, ConsentRecord, DraftIndexPage, OrganisationIdentity
from policies.recovery import (
    RESTORE_FIELD,
    TOO_LARGE,
    UNREADABLE_FORM,
    declared_length,
    read_problem,
    typed_fields,
)
from policies.tasks import send_comment_receipt

logger = logging.getLogger(__name__)
TEMPLATE = "policies/comment_form.html"


def _render(request, draft, status=200, **context):
    context.update({"page": draft, "draft": draft, "notice": consent_notice(draft)})
    response = render(request, TEMPLATE, context, status=status)
    patch_vary_headers(response, ["Cookie"])
    return response


def _refuse(request, draft, message, status):
    typed = typed_fields(request) if request.method == "POST" else {}
    return _render(request, draft, status=status, refusal=message, typed=typed)


def _show_back(request, draft, message, status, error=True):
    """The form again, filled in with what the visitor typed (files cannot be refilled), and why."""
    typed = typed_fields(request)
    form = CommentForm(initial=dict(typed), draft=draft)  # the form adds its own stamp and token to it
    if request.POST.get(RESTORE_FIELD):
        # Reopened from the recovery page: its text came through a failed CSRF check, so the form keeps the fresh
        # stamp and token it made rather than any sent along (another site's token could hide this comment).
        typed.pop("stamp", None)
        typed.pop("token", None)
    # A valid stamp and its token keep their age and make a repeated send idempotent.
    if read_form_stamp(typed.get("stamp"), draft, typed.get("token")) is not None:
        form.initial.update(stamp=typed["stamp"], token=typed["token"])
    if typed.get("publish_as") not in Comment.PublishAs.values:
        form.initial["publish_as"] = Comment.PublishAs.ANONYMOUS
    return _render(request, draft, status=status, form=form, recovery=message, recovery_error=error)


def _closed_message(draft):
    if not draft.live:
        return _("Dự thảo này chưa được công bố nên chưa nhận góp ý.")
    status = draft.consultation_status()
    if status == "upcoming":
        return _("Dự thảo chưa đến thời hạn lấy ý kiến. Vui lòng quay lại từ %(date)s.") % {
            "date": timezone.localtime(draft.consultation_opens).strftime("%H:%M ngày %d/%m/%Y")
        }
    if status == "closed":
        return _("Đã hết thời hạn lấy ý kiến dự thảo này (hạn cuối %(date)s). Góp ý không được nhận thêm.") % {
            "date": timezone.localtime(draft.consultation_closes).strftime("%H:%M ngày %d/%m/%Y")
        }
    return _("Dự thảo này hiện không lấy ý kiến qua cổng thông tin.")


def _too_large_message():
    sizes = {
        "total": filesizeformat(settings.COMMENT_MAX_REQUEST_BYTES),
        "each": filesizeformat(settings.COMMENT_ATTACHMENT_MAX_BYTES),
        "count": settings.COMMENT_MAX_ATTACHMENTS,
    }
    return (
        _(
            "Chưa gửi được góp ý: tệp đính kèm quá lớn (cả góp ý và tệp gửi lên tối đa %(total)s; "
            "tối đa %(count)s tệp, mỗi tệp tối đa %(each)s). Nội dung bạn đã nhập vẫn còn dưới đây: "
            "vui lòng chọn tệp nhỏ hơn hoặc bỏ bớt tệp rồi gửi lại."
        )
        % sizes
    )


def _existing_for_token(draft, raw_token):
    try:
        token = uuid.UUID(str(raw_token))
    except (TypeError, ValueError):
        return None
    return Comment.objects.filter(draft=draft, submission_token=token).first()


def _claim(token, ip):
    """True for the first client to send the form with `token`, and for that same client again (a double
    click); False for anyone else: a stamp copied to other addresses is a replay.

    The cache's add() is atomic, so of two senders at the same moment only one claims the token; the
    unique submission token keeps it to one comment even where the cache is not shared.
    """
    key = f"comment-token:{token}"
    sender = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return cache.add(key, sender, timeout=settings.COMMENT_STAMP_MAX_AGE) or cache.get(key) == sender


def _neutral(request, draft, reason):
    """The thank-you a person would see, without a receipt: bots and replays learn nothing."""
    logger.info("Comment on draft %s not stored: %s", draft.pk, reason)
    return _render(request, draft, quarantined=True)


@never_cache
def comment_form(request, draft):
    if not draft.accepts_comments():
        status = 200 if request.method in ("GET", "HEAD") else 403
        return _refuse(request, draft, _closed_message(draft), status)
    if request.method != "POST":
        return _render(request, draft, form=CommentForm(draft=draft))

    # policies.recovery has read the form already, before the CSRF check: files skipped when too large, and
    # text over Django's limits kept only as far as it was read.
    if declared_length(request) > settings.COMMENT_MAX_REQUEST_BYTES:
        return _show_back(request, draft, _too_large_message(), 413)
    problem = read_problem(request)
    if problem == TOO_LARGE:
        return _show_back(
            request,
            draft,
            _(
                "Chưa gửi được góp ý: nội dung gửi lên quá lớn (góp ý tối đa 5.000 ký tự). Phần đầu nội dung "
                "bạn đã nhập vẫn còn dưới đây. Vui lòng rút gọn rồi gửi lại."
            ),
            413,
        )
    if problem == UNREADABLE_FORM:
        return _refuse(request, draft, _("Không đọc được biểu mẫu đã gửi. Vui lòng tải lại trang và gửi lại."), 400)
    data, files = request.POST, request.FILES

    if data.get(RESTORE_FIELD):
        return _show_back(
            request,
            draft,
            _(
                "Nội dung bạn đã nhập đã được điền lại. Vui lòng kiểm tra, chọn lại tệp đính kèm nếu có, "
                "đánh dấu ô đồng ý rồi bấm “Gửi góp ý”."
            ),
            200,
            error=False,
        )

    form = CommentForm(data, files, draft=draft)
    if form.is_bot:
        return _neutral(request, draft, "honeypot filled")

    ip = client_ip(request)
    age = form.seconds_since_served()
    if age is not None:  # the stamp is good and names this token: was its comment stored already?
        existing = _existing_for_token(draft, data.get("token"))
        if existing is not None:
            if _claim(existing.submission_token, ip):
                return _render(request, draft, comment=existing)
            return _neutral(request, draft, "form stamp replayed from another address")

    if not form.is_valid():
        return _render(request, draft, form=form, status=400)
    if age is None or age < settings.COMMENT_MIN_SECONDS:
        fresh = data.copy()
        # A form sent too fast keeps its token; a stale or foreign stamp gets a new pair.
        token = data["token"] if age is not None else uuid.uuid4()
        fresh["stamp"], fresh["token"] = form_stamp(draft, token), str(token)
        form = CommentForm(fresh, files, draft=draft)
        form.full_clean()
        if age is None:
            message = _("Biểu mẫu đã quá hạn hoặc không hợp lệ. Vui lòng xem lại nội dung và bấm “Gửi góp ý” lần nữa.")
        else:
            message = _("Biểu mẫu được gửi quá nhanh. Vui lòng xem lại nội dung và bấm “Gửi góp ý” lần nữa.")
        form.add_error(None, message)
        return _render(request, draft, form=form, status=400)

    if not _claim(form.cleaned_data["token"], ip):
        return _neutral(request, draft, "form stamp sent from two addresses at once")
    if not ratelimit.take("comment", ip):
        return _show_back(
            request,
            draft,
            _("Bạn đã gửi nhiều góp ý trong thời gian ngắn. Vui lòng đợi khoảng 10 phút rồi gửi tiếp."),
            429,
        )
    # The receipt page reads the site identity and the drafts list's address: read them while the database
    # still answers, so a comment once stored always gets its receipt (an outage after the commit must not 503).
    OrganisationIdentity.load(request_or_site=request)
    DraftIndexPage.url_for(request)
    comment = _store(draft, form)
    return _render(request, draft, comment=comment)


def _store(draft, form):
    data = form.cleaned_data
    comment = Comment(
        draft=draft,
        submission_token=data["token"],  # bound to the stamp: one stamp, one comment
        body=data["body"],
        name=data.get("name", ""),
        organisation=data.get("organisation", ""),
        contact=data.get("contact", ""),
        section=data.get("section", "") or "",
        publish_as=data["publish_as"],
        source=Comment.Source.ONLINE,
        received_on=timezone.localdate(),
    )
    try:
        with transaction.atomic():
            comment.save()
            ConsentRecord.objects.create(
                comment=comment, notice_version=CONSENT_NOTICE_VERSION, notice_text=consent_notice(draft)
            )
            for uploaded in data.get("attachments") or []:
                CommentAttachment.objects.create(
                    comment=comment,
                    file=uploaded,
                    original_name=uploaded.name,  # shortened by the form, extension kept
                    kind=uploaded.sniffed_kind,
                    size=uploaded.size,
                )
            if comment.email:
                # Queued in the same transaction: the e-mail is promised only for a stored comment.
                send_comment_receipt.enqueue(comment.pk)
    except IntegrityError:
        # The same form arrived twice at once: the first one won.
        existing = Comment.objects.filter(submission_token=comment.submission_token, draft=draft).first()
        if existing is None:
            raise
        return existing
    return comment
