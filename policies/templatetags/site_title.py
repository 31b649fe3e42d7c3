"""The page <title>: one pattern on every public page, "Page – Site name", the site name said once."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

SEPARATOR = " – "
# What people put between a title and a site name they typed into it ("X – Site", "Site | X", "X - Site").
MARKS = "–—-|·:"
JOINERS = " " + MARKS


def set_apart(rest, end):
    """True when `rest`, the title beside the site name, is empty or meets it at a separator mark."""
    rest = rest.strip(" ")
    return not rest or rest[end] in MARKS


def strip_site_name(title, site_name):
    """`title` without copies of `site_name` at either end, nor the separators that joined them."""
    title = " ".join(title.split()).strip(JOINERS)
    while site_name:
        # Only a whole copy, set apart by a separator: "Cổng … năm 2026" is a title of its own.
        if title.endswith(site_name) and set_apart(title[: -len(site_name)], -1):
            title = title[: -len(site_name)].strip(JOINERS)
        elif title.startswith(site_name) and set_apart(title[len(site_name) :], 0):
            title = title[len(site_name) :].strip(JOINERS)
        else:
            break
    return title


@register.filter(needs_autoescape=True)
def with_site_name(title, site_name, autoescape=True):
    """`title – site name`; the site name alone where the title is empty or only the site name (the home
    page), and never twice where an editor's SEO title already carries it."""
    escape = conditional_escape if autoescape else str
    name = " ".join(str(escape(site_name or "")).split())
    # The title comes rendered (already escaped) from the template's title block.
    title = strip_site_name(str(title), name)
    if not title:
        return mark_safe(name)  # noqa: S308 - escaped above
    return mark_safe(f"{title}{SEPARATOR}{name}" if name else title)  # noqa: S308 - both parts escaped


@register.filter
def without_site_name(title, site_name):
    """`title` without a copy of the site name an editor typed into it (for og:title, beside og:site_name)."""
    return strip_site_name(str(title or ""), " ".join(str(site_name or "").split())) or title
