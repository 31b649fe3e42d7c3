"""Numbers as Vietnamese readers write them: thousands with ".", decimals with ",", a space before "%".

One helper for every screen, report and document: `vn_number(1500000)` → "1.500.000",
`vn_percent(33.333)` → "33,3 %". Templates load the same functions as filters: `{% load vn_numbers %}`
then `{{ cost|vn_number }}`, `{{ share|vn_percent }}`.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()


def vn_number(value, decimals=0):
    """`value` rounded to `decimals` places (trailing zeros dropped), thousands "." and decimal ","; "" for None."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        number = Decimal(str(value))
        places = int(decimals)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if places >= 0 else number
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    if sign and grouped == "0" and not fraction:
        sign = ""
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def vn_percent(value, decimals=1):
    """A percentage: `33.333` → "33,3 %"; "" for None."""
    text = vn_number(value, decimals)
    return f"{text} %" if text else ""


register.filter("vn_number", vn_number, is_safe=True)
register.filter("vn_percent", vn_percent, is_safe=True)


def number_column(name, label=None, decimals=0, **kwargs):
    """A Wagtail listing column showing a number as `vn_number` writes it (Wagtail unlocalises numbers)."""
    from wagtail.admin.ui.tables import Column

    class NumberColumn(Column):
        def get_cell_context_data(self, instance, parent_context):
            context = super().get_cell_context_data(instance, parent_context)
            context["value"] = vn_number(context["raw_value"], decimals)
            return context

    return NumberColumn(name, label=label, sort_key=name, **kwargs)
