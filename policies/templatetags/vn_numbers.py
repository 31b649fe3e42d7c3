"""Numbers as Vietnamese readers write them: 1.200.000 and 12,5."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def vn_number(value):
    if isinstance(value, bool) or value is None or value == "":
        return value
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float | Decimal):
        whole, _dot, fraction = f"{value:,.1f}".partition(".")
        whole = whole.replace(",", ".")
        return whole if fraction == "0" else f"{whole},{fraction}"
    return value
