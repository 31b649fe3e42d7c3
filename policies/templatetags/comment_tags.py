from django import template
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber

from cms.http import parse_id
from policies.models import Comment

register = template.Library()

PER_PAGE = 20
PAGE_PARAM = "trang"


def page_of_comments(comments, number):
    """One page of `comments` in one query: the total and each anonymous comment's number over the whole
    draft come with the rows (window functions run before LIMIT). Returns (rows, total), rows empty past the end."""
    anonymous = Case(
        When(Q(publish_as=Comment.PublishAs.ANONYMOUS) | Q(name=""), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    order = [F("created_at").asc(), F("pk").asc()]
    rows = list(
        comments.annotate(
            total=Window(Count("pk")),
            anonymous=anonymous,
            anonymous_number=Window(RowNumber(), partition_by=[anonymous], order_by=order),
        ).order_by(*order)[(number - 1) * PER_PAGE : number * PER_PAGE]
    )
    return rows, (rows[0].total if rows else 0)


# Beyond any real draft's comments (20,000 at 20 a page); keeps the offset small and the cached copies few.
MAX_COMMENT_PAGE = 1000


def comment_page_is_canonical(value):
    """Whether a ?trang= value is absent or a page number as the pager writes it, within MAX_COMMENT_PAGE."""
    number = parse_id(value)
    return value is None or (number is not None and str(number) == value and 1 <= number <= MAX_COMMENT_PAGE)


def numbered_public_comments(draft, page_number):
    """One page of approved public comments, anonymous ones numbered in order over the whole draft."""
    comments = draft.comments.public()
    # ASCII digits short enough for the SQL offset: "99999999999999999999999" is the first page, not a 500.
    number = max(1, min(parse_id(page_number) or 1, MAX_COMMENT_PAGE))
    rows, total = page_of_comments(comments, number)
    if not rows and number > 1:  # past the last page: the first, as Paginator.get_page would not
        number = 1
        rows, total = page_of_comments(comments, number)
    paginator = Paginator([], PER_PAGE)
    paginator.count = total  # known from the rows: no COUNT query
    page = Page(rows, number, paginator)
    items = []
    for comment in rows:
        items.append(
            {
                "comment": comment,
                "author": comment.public_author(comment.anonymous_number if comment.anonymous else None),
                "response": comment.response if comment.handling else "",
            }
        )
    return page, items


@register.inclusion_tag("policies/includes/draft_comments.html", takes_context=True)
def draft_comments(context, draft):
    """Approved public comments under a draft, 20 a page (?trang=), with the follow form."""
    request = context.get("request")
    page_number = request.GET.get(PAGE_PARAM) if request else None
    page, items = numbered_public_comments(draft, page_number)
    sections = dict(getattr(draft, "section_choices", lambda: [])() or [])
    for item in items:
        item["section"] = sections.get(item["comment"].section, item["comment"].section)
    return {
        "draft": draft,
        "request": request,
        "page_obj": page,
        "items": items,
        "accepts_comments": draft.accepts_comments(),
        "page_param": PAGE_PARAM,
    }
