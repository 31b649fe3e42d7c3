"""The open data API's records (home/open_data.py): each an explicit allow-list of public fields.

Nothing here follows a model's relations or lists a model's fields: a field reaches the API only by being
written below. A synthesis row keeps its comment count and channels but not the names the synthesis page
prints for people who agreed to be named: a bulk download is a different use than reading one page.
"""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from wagtail.rich_text import expand_db_html

from policies.models import Comment
from policies.views.synthesis import HEADINGS

TEXT_PARTS = ("necessity", "purpose", "scope_and_subjects", "basic_content", "other_information")
# The flat fields of a draft, in order: the list's JSON records and the CSV columns alike.
DRAFT_FIELDS = (
    "code",
    "title",
    "summary",
    "url",
    "api_url",
    "document_type",
    "drafting_unit_code",
    "drafting_unit",
    "coordinating_units",
    "policy_fields",
    "stage",
    "stage_label",
    "in_scheme_scope",
    "consultation_status",
    "consultation_status_label",
    "consultation_opens",
    "consultation_closes",
    "original_closes",
    "extension_reason",
    "days_left",
    "proposal_opens",
    "proposal_closes",
    "submitted_on",
    "adopted_on",
    "adopted_reference",
    "withdrawn_on",
    "withdrawal_reason",
    "first_published_at",
    "last_published_at",
    "synthesis_published",
    "synthesis_api_url",
    "audience_languages",
)
SYNTHESIS_ROW_FIELDS = ("section", "commenters", "comment", "handling", "comment_count")
FIGURE_FIELDS = ("table_key", "table_title", "row_label", "column", "value")


def iso(value):
    """ISO 8601; date-times in Vietnam's time with their offset."""
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def plain(value):
    """A figure as JSON writes it: lazy text as text, decimals as numbers."""
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def absolute(request, name, *args):
    return request.build_absolute_uri(reverse(name, args=args))


def published_synthesis(draft):
    synthesis = getattr(draft, "synthesis", None)  # a draft without one raises AttributeError: None
    return synthesis if synthesis is not None and synthesis.published else None


def draft_record(request, draft, now):
    status = draft.consultation_status(now)
    has_synthesis = published_synthesis(draft) is not None
    return {
        "code": draft.code,
        "title": draft.title,
        "summary": draft.summary,
        "url": draft.get_full_url(request),
        "api_url": absolute(request, "open_data_draft", draft.code),
        "document_type": draft.document_type.name if draft.document_type else None,
        "drafting_unit_code": draft.drafting_unit.code,
        "drafting_unit": draft.drafting_unit.name,
        "coordinating_units": [unit.name for unit in draft.coordinating_units.all()],
        "policy_fields": [field.name for field in draft.policy_fields.all()],
        "stage": draft.stage,
        "stage_label": draft.get_stage_display(),
        "in_scheme_scope": draft.in_scheme_scope,
        "consultation_status": status.value,
        "consultation_status_label": str(status.label),
        "consultation_opens": iso(draft.consultation_opens),
        "consultation_closes": iso(draft.consultation_closes),
        "original_closes": iso(draft.original_closes) if draft.is_extended else None,
        "extension_reason": draft.extension_reason if draft.is_extended else "",
        "days_left": draft.days_left(now),
        "proposal_opens": iso(draft.proposal_opens),
        "proposal_closes": iso(draft.proposal_closes),
        "submitted_on": iso(draft.submitted_on),
        "adopted_on": iso(draft.adopted_on),
        "adopted_reference": draft.adopted_reference,
        "withdrawn_on": iso(draft.withdrawn_on),
        "withdrawal_reason": draft.withdrawal_reason,
        "first_published_at": iso(draft.first_published_at),
        "last_published_at": iso(draft.last_published_at),
        "synthesis_published": has_synthesis,
        "synthesis_api_url": absolute(request, "open_data_synthesis", draft.code) if has_synthesis else None,
        # The BCP 47 codes of the published versions for an audience; their texts' addresses are in the detail.
        "audience_languages": [version.language.code for version in draft.audience_version_list],
    }


def draft_details(request, draft):
    """What the draft page shows beyond the list's fields: criteria, texts (HTML), changes, sections, files."""
    page_url = draft.get_full_url(request)
    return {
        "scope_criteria": [{"label": str(label), "met": met} for label, met in draft.scope_criteria()],
        **{name: expand_db_html(getattr(draft, name) or "") for name in TEXT_PARTS},
        "changes": [
            {
                "change": item["change"],
                "title": item["title"],
                "explanation": item.get("explanation") or "",
                "current_rule": item.get("current_rule") or "",
                "contested": bool(item.get("contested")),
            }
            for item in draft.change_items()
        ],
        "sections": [
            {
                "anchor": block.value["anchor"],
                "kind": block.value["kind"],
                "number": block.value["number"],
                "heading": block.value["heading"],
                "url": f"{page_url}#{block.value['anchor']}",
                "body": expand_db_html(block.value["body"].source) if block.value.get("body") else "",
            }
            for block in draft.sections
            if block.block_type == "section"
        ],
        "audience_versions": [
            {
                "language": version.language.code,
                "language_name": version.language.name,
                "url": request.build_absolute_uri(
                    draft.subpage_url("audience_version", request, args=[version.language.slug])
                ),
            }
            for version in draft.audience_version_list
        ],
        "attachments": [
            {
                "kind": attachment.kind,
                "kind_label": attachment.get_kind_display(),
                "title": attachment.document.title,
                "url": request.build_absolute_uri(attachment.document.url),
            }
            for attachment in draft.attachment_list
        ],
    }


def commenters(row):
    """The synthesis' second column without names: how many comments, through which channels."""
    sources = list(dict.fromkeys(comment.get_source_display() for comment in row.comments))
    return _("%(count)s ý kiến (%(sources)s)") % {"count": row.count, "sources": "; ".join(sources)}


def synthesis_rows(data):
    """The four-column table, the second column without names."""
    return [
        {
            "section": row.section,
            "commenters": commenters(row),
            "comment": row.said,
            "handling": row.handling,
            "comment_count": row.count,
        }
        for row in data["rows"]
    ]


def synthesis_record(request, draft, record, data):
    return {
        "draft_code": draft.code,
        "draft_title": draft.title,
        "url": draft.get_full_url(request) + draft.reverse_subpage("synthesis"),
        "draft_api_url": absolute(request, "open_data_draft", draft.code),
        "number_symbol": record.number_symbol,
        "issued_on": iso(record.issued_on),
        "published_at": iso(record.published_at),
        "introduction": record.introduction,
        "bodies_consulted": record.bodies_consulted,
        "people_consulted": record.people_consulted,
        "comments_total": data["total"],
        "comments_online": data["online"],
        "comments_offline": data["offline"],
        "comments_by_source": [
            {"source": source, "label": str(label), "count": count}
            for source, (label, count) in zip(Comment.Source.values, data["by_source"], strict=True)
        ],
        "bodies_commenting": data["bodies_commenting"],
        "people_commenting": data["people_commenting"],
        "columns": list(HEADINGS),
        "rows": synthesis_rows(data),
    }


def figures_record(request, year, period, result, tables):
    return {
        "year": year,
        "period_start": iso(period.start),
        "period_end": iso(period.end),
        "url": request.build_absolute_uri(f"{reverse('transparency')}?nam={year}"),
        "in_scope": result.in_scope,
        "communicated": result.communicated,
        "share_percent": plain(result.share),
        "tables": [
            {
                "key": table.key,
                "title": str(table.title),
                "columns": [str(heading) for heading in table.headings],
                "rows": [[plain(value) for value in row] for row in table.rows],
            }
            for table in tables
        ],
    }


def figure_rows(tables):
    """A year's figures for CSV: one row per number, named by its table, row and column."""
    return (
        [table.key, str(table.title), plain(row[0]), str(heading), value]
        for table in tables
        for row in table.rows
        for heading, value in zip(table.headings[1:], row[1:], strict=True)
    )
