from django import template
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q

from policies.models import Comment

register = template.Library()

PER_PAGE = 20
PAGE_PARAM = "trang"


def numbered_public_comments(draft, page_number):
    """One page of approved public comments, anonymous ones numbered in order over the whole draft."""
    comments = draft.comments.public().order_by("created_at", "pk")
    paginator = Paginator(comments, PER_PAGE)
    try:
        page = paginator.page(page_number or 1)
    except (EmptyPage, PageNotAnInteger):
        page = paginator.page(1)
    anonymous_ids = list(
        comments.filter(Q(publish_as=Comment.PublishAs.ANONYMOUS) | Q(name="")).values_list("pk", flat=True)
    )
    numbers = {pk: index for index, pk in enumerate(anonymous_ids, start=1)}
    items = []
    for comment in page.object_list:
        anonymous = comment.publish_as == Comment.PublishAs.ANONYMOUS or not comment.name
        items.append(
            {
                "comment": comment,
                "author": comment.public_author(numbers.get(comment.pk) if anonymous else None),
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
