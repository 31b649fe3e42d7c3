"""The snippet listing every outreach viewset uses: day-first dates and formula-safe exports."""

from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from cms.exports import DayFirstExportMixin
from outreach.spreadsheets import escape_formula


class EscapingIndexView(DayFirstExportMixin, SnippetIndexView):
    """Snippet listing whose XLSX/CSV export escapes formula triggers in every cell."""

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        return type(row)((field, escape_formula(value)) for field, value in row.items())
