from django import template

register = template.Library()


@register.inclusion_tag("policies/includes/draft_comments.html", takes_context=True)
def draft_comments(context, draft):
    """Approved public comments under a draft (to be built: issue 3, comments)."""
    return {"draft": draft, "request": context.get("request")}
