"""Links to the public list of drafts, for templates that are not the list itself (the site header)."""

from django import template

from policies.models import DraftIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def drafts_index_url(context):
    """The list's address; "" without a request (the 500 and 503 pages must not touch the database)."""
    request = context.get("request")
    return (DraftIndexPage.url_for(request) or "") if request else ""
