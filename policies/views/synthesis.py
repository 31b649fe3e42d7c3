"""The synthesis of comments at /du-thao/<slug>/tong-hop/ (page, XLSX, DOCX).

Public only once staff mark it published; until then the drafting unit's
staff see a preview and everyone else a short "not yet published" page.
Totals count every comment except spam, online and off-line alike. The table
lists approved comments, identical texts grouped with their count; a
commenter who asked not to be published is counted and answered, but their
words and name stay out of every public surface.
"""

from dataclasses import dataclass, field

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

from cms import documents
from policies.models import Comment, ConsultationStatus, OrganisationIdentity, Synthesis
from policies.naming import fold
from policies.scope import may_act_for_unit

HEADINGS = ("Vấn đề, điều khoản", "Cơ quan, tổ chức, cá nhân góp ý", "Nội dung góp ý", "Tiếp thu, giải trình")
PRIVATE_TEXT = "(Nội dung không công khai theo đề nghị của người góp ý)"


@dataclass
class Row:
    section: str
    who: list = field(default_factory=list)
    said: str = ""
    handling: str = ""
    count: int = 0
    # The row's comments, for callers that describe them without names (the open data API).
    comments: list = field(default_factory=list, repr=False)

    @property
    def who_text(self):
        names = "; ".join(self.who)
        if self.count > 1:
            return _("%(count)s ý kiến trùng nội dung: %(names)s") % {"count": self.count, "names": names}
        return names

    def as_list(self):
        return [self.section, self.who_text, self.said, self.handling]


def _who(comment):
    if comment.publish_as == Comment.PublishAs.NAME and comment.name:
        label = comment.public_author()
    elif comment.publish_as == Comment.PublishAs.PRIVATE:
        label = _("Người góp ý không công khai")
    else:
        label = _("Người góp ý ẩn danh")
    if comment.is_offline:
        label = f"{label} – {comment.get_source_display()}"
    return label


def row_key(comment):
    """Approved comments with the same section, text and privacy share one row of the synthesis."""
    return comment.section, comment.text_fingerprint, comment.publish_as == Comment.PublishAs.PRIVATE


def row_answer(row_comments):
    """The comment whose handling a row prints: the last one handled, in the order they came; else the first."""
    handled = [comment for comment in row_comments if comment.handling]
    return handled[-1] if handled else row_comments[0]


def handling_text(comment):
    if not comment.handling:
        return _("Chưa xử lý")
    text = comment.get_handling_display()
    if not comment.response:
        return text
    # Officers often begin the answer with the decision itself ("Tiếp thu, đã sửa Điều 3"): say it once.
    if fold(comment.response).startswith(fold(text)):
        return comment.response
    return f"{text}: {comment.response}"


def synthesis_data(draft):
    counted = draft.comments.counted()
    comments = list(counted.order_by("created_at", "pk"))
    by_source = {value: 0 for value, _label in Comment.Source.choices}
    bodies, people = set(), set()
    for comment in comments:
        by_source[comment.source] += 1
        # A named person is an individual even when they give their commune or body;
        # a comment signed only by a body (or in the body's name) counts for that body.
        if comment.organisation and (not comment.name or fold(comment.name) == fold(comment.organisation)):
            bodies.add(fold(comment.organisation))
        else:
            people.add(fold(comment.name) or comment.contact or f"#{comment.pk}")
    sections = draft.section_choices()
    order = {anchor: index for index, (anchor, _label) in enumerate(sections)}
    labels = dict(sections)
    rows, members = {}, {}
    for comment in comments:
        if comment.state != Comment.State.APPROVED:
            continue
        key = row_key(comment)
        row = rows.get(key)
        if row is None:
            section = labels.get(comment.section, comment.section) or _("Toàn bộ dự thảo")
            row = rows[key] = Row(section=section, said=PRIVATE_TEXT if key[2] else comment.body)
            members[key] = []
        members[key].append(comment)
        row.comments.append(comment)
        row.count += 1
        who = _who(comment)
        if who not in row.who:
            row.who.append(who)
    for key, row in rows.items():
        row.handling = handling_text(row_answer(members[key]))
    ordered = sorted(rows.items(), key=lambda item: (order.get(item[0][0], len(order)), item[0][0] == ""))
    return {
        "total": len(comments),
        "approved": sum(1 for c in comments if c.state == Comment.State.APPROVED),
        "hidden": sum(1 for c in comments if c.state == Comment.State.HIDDEN),
        "pending": sum(1 for c in comments if c.state == Comment.State.PENDING),
        "online": by_source[Comment.Source.ONLINE],
        "offline": len(comments) - by_source[Comment.Source.ONLINE],
        "by_source": [(label, by_source[value]) for value, label in Comment.Source.choices],
        "bodies_commenting": len(bodies),
        "people_commenting": len(people),
        "rows": [row for _key, row in ordered],
    }


def publish_warnings(draft, now=None):
    """What a person should know before publishing the synthesis of `draft`, as sentences (empty: nothing).

    The consultation window may still be open, and comments not hidden as off-topic may still lack a
    handling (taken in, explained, not taken in): both make the published synthesis incomplete.
    """
    warnings = []
    status = draft.consultation_status(now)
    if status in (ConsultationStatus.OPEN, ConsultationStatus.UPCOMING):
        closes = timezone.localtime(draft.consultation_closes)
        warnings.append(
            _("Thời hạn lấy ý kiến chưa kết thúc (hết hạn lúc %(time)s ngày %(day)s): vẫn có thể có góp ý mới.")
            % {"time": closes.strftime("%H:%M"), "day": closes.strftime("%d/%m/%Y")}
        )
    waiting = draft.comments.counted().exclude(state=Comment.State.HIDDEN).filter(handling=Comment.Handling.NONE)
    unhandled = waiting.count()
    if unhandled:
        pending = waiting.filter(state=Comment.State.PENDING).count()
        text = _("Còn %(count)s góp ý chưa có cách xử lý (tiếp thu, giải trình hoặc không tiếp thu)") % {
            "count": unhandled
        }
        if pending:
            text += _(", trong đó %(pending)s góp ý còn chờ duyệt") % {"pending": pending}
        warnings.append(text + ".")
    return warnings


def staff_may_preview(user, draft):
    return bool(
        user.is_authenticated
        and user.has_perm("policies.view_comment")
        and may_act_for_unit(user, draft.drafting_unit_id)
    )


def synthesis_title(draft):
    return f"Bản tổng hợp, tiếp thu, giải trình ý kiến góp ý dự thảo {draft.title}"


def as_docx(draft, record, data):
    identity = OrganisationIdentity.load()
    document = documents.new_document()
    # Decree 30 names the issuing body in full: the drafting unit and its parent.
    parent_body, issuing_body = identity.issuer_for(draft.drafting_unit)
    documents.add_heading_block(
        document,
        parent_body=parent_body,
        issuing_body=issuing_body,
        number_symbol=record.number_symbol,
        place=record.place or identity.place_for(draft.drafting_unit),
        day=record.issued_on,
    )
    documents.add_title(document, "Bản tổng hợp", f"Ý kiến góp ý, tiếp thu, giải trình dự thảo {draft.title}")
    if record.introduction:
        documents.paragraph(document, record.introduction)
    documents.paragraph(
        document,
        f"Số cơ quan, tổ chức được lấy ý kiến: {record.bodies_consulted}; số cá nhân được lấy ý kiến: "
        f"{record.people_consulted}. Tổng số ý kiến nhận được: {data['total']} (từ {data['bodies_commenting']} "
        f"cơ quan, tổ chức và {data['people_commenting']} cá nhân), trong đó: "
        + "; ".join(f"{label}: {count}" for label, count in data["by_source"])
        + ".",
    )
    documents.add_table(document, HEADINGS, [row.as_list() for row in data["rows"]], widths_mm=(30, 35, 55, 45))
    documents.add_closing(
        document,
        recipients=[line for line in record.recipients.splitlines() if line.strip()],
        signer_title=record.signer_title,
        signer_name=record.signer_name,
    )
    return documents.docx_bytes(document)


def as_xlsx(draft, record, data):
    preamble = [
        [synthesis_title(draft)],
        [f"Mã dự thảo: {draft.code}"],
        [f"Tổng số ý kiến: {data['total']}"],
        *[[label, count] for label, count in data["by_source"]],
        [],
    ]
    return documents.xlsx_bytes("Tong hop", HEADINGS, [row.as_list() for row in data["rows"]], preamble=preamble)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def synthesis(request, draft):
    record = Synthesis.objects.filter(draft=draft).first()
    published = bool(record and record.published)
    preview = not published and record is not None and staff_may_preview(request.user, draft)
    if not (published or preview):
        response = render(request, "policies/synthesis_pending.html", {"page": draft, "draft": draft})
        patch_vary_headers(response, ["Cookie"])
        return response
    data = synthesis_data(draft)
    export = request.GET.get("tai")
    stamp = timezone.localdate().strftime("%Y%m%d")
    if export == "xlsx":
        response = _download(
            as_xlsx(draft, record, data), documents.XLSX_CONTENT_TYPE, f"tong-hop-{draft.slug}-{stamp}.xlsx"
        )
    elif export == "docx":
        response = _download(
            as_docx(draft, record, data), documents.DOCX_CONTENT_TYPE, f"tong-hop-{draft.slug}-{stamp}.docx"
        )
    else:
        context = {
            "page": draft,
            "draft": draft,
            "record": record,
            "data": data,
            "preview": preview,
            "headings": HEADINGS,
        }
        response = render(request, "policies/synthesis.html", context)
    patch_vary_headers(response, ["Cookie"])
    if preview:
        add_never_cache_headers(response)
    return response
