"""The scheme's reviews as a Decree 30 document (DOCX) and a workbook (XLSX).

The layout helpers, the issuer and the cell escaping are the periodic report's (reports.documents,
cms.documents); only the sections differ: results with the per-year tables, limitations and causes,
lessons, proposals.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from docx.enum.text import WD_ALIGN_PARAGRAPH

from cms import documents as d30
from cms.numbers import vn_number, vn_percent
from reports import documents
from reports.reviews import review_tables
from reports.tables import format_number, unit_label

# The label column is wider; the year columns share the rest of the 165 mm text width.
LABEL_WIDTH_MM = 50


def review_title(review):
    return _("Kết quả truyền thông chính sách trong xây dựng văn bản quy phạm pháp luật – %(title)s") % {
        "title": review.title.lower()
    }


def _widths(count):
    rest = (d30.TEXT_WIDTH_MM - LABEL_WIDTH_MM) / (count - 1)
    return [LABEL_WIDTH_MM, *([rest] * (count - 1))]


def _kpi_sentences(review):
    lines = []
    for point in review.kpi_points():
        if not point["started"]:
            text = _("Năm %(year)s: chưa đến kỳ báo cáo (chỉ tiêu %(target)s %%).")
        elif point["share"] is None:
            text = _("Năm %(year)s: không có dự thảo thuộc phạm vi Đề án (chỉ tiêu %(target)s %%).")
        else:
            text = _(
                "Năm %(year)s: %(communicated)s/%(in_scope)s dự thảo thuộc phạm vi được truyền thông, "
                "đạt %(share)s (chỉ tiêu %(target)s %%, %(verdict)s)."
            )
        lines.append(
            text
            % {
                "year": point["code"],
                "communicated": vn_number(point["communicated"]),
                "in_scope": vn_number(point["in_scope"]),
                "share": vn_percent(point["share"]) if point["share"] is not None else "",
                "target": point["target"],
                "verdict": _("đạt chỉ tiêu") if point["met"] else _("chưa đạt chỉ tiêu"),
            }
        )
    return lines


def docx_document(review, narrative=None):
    document, head = documents.new_report_document(review, narrative, review_title(review))
    d30.paragraph(
        document,
        _("Đơn vị: %(unit)s. Số liệu từ ngày %(start)s đến hết ngày %(end)s, theo kỳ báo cáo năm.")
        % {
            "unit": unit_label(review),
            "start": review.columns[0].period.start.strftime("%d/%m/%Y"),
            "end": review.columns[-1].period.end.strftime("%d/%m/%Y"),
        },
        align=WD_ALIGN_PARAGRAPH.CENTER,
        italic=True,
    )
    documents._section_heading(document, _("I. KẾT QUẢ ĐẠT ĐƯỢC"))
    documents._paragraphs(document, getattr(narrative, "results", ""))
    for line in _kpi_sentences(review):
        d30.paragraph(document, line, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for number, table in enumerate(review_tables(review), 1):
        d30.paragraph(document, f"{number}. {table.title}", bold=True, italic=True)
        if table.rows:
            d30.add_table(
                document,
                table.headings,
                [[format_number(value) for value in row] for row in table.rows],
                widths_mm=_widths(len(table.headings)),
            )
        else:
            d30.paragraph(document, _("Không có số liệu."), italic=True)
    sections = (
        (_("II. HẠN CHẾ VÀ NGUYÊN NHÂN"), "difficulties"),
        (_("III. BÀI HỌC KINH NGHIỆM"), "lessons"),
        (_("IV. ĐỀ XUẤT, KIẾN NGHỊ"), "proposals"),
    )
    for heading, field in sections:
        documents._section_heading(document, heading)
        if not documents._paragraphs(document, getattr(narrative, field, "")):
            d30.paragraph(document, "…")
    recipients = [line.strip() for line in (getattr(narrative, "recipients", "") or "").splitlines() if line.strip()]
    d30.add_closing(
        document,
        recipients=recipients or ["- Sở Tư pháp;", "- Lưu: VT."],
        signer_title=head["signer_title"],
        signer_name=head["signer_name"],
    )
    return document


def docx_bytes(review, narrative=None):
    return d30.docx_bytes(docx_document(review, narrative))


def write_xlsx(review, target, narrative=None):
    """One sheet of general information and the KPI's trend, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    cell = documents._cell
    workbook = Workbook()
    used = set()
    bold = Font(bold=True)
    summary = workbook.active
    summary.title = documents._sheet_title(_("Thông tin chung"), used)
    summary.append([cell(_("Báo cáo")), cell(review_title(review))])
    summary.append([cell(_("Đơn vị")), cell(unit_label(review))])
    summary.append([cell(_("Từ ngày")), review.columns[0].period.start])
    summary.append([cell(_("Đến hết ngày")), review.columns[-1].period.end])
    summary.append([cell(_("Lập lúc")), cell(timezone.localtime().strftime("%d/%m/%Y %H:%M"))])
    summary.append([])
    summary.append([cell(_("Năm")), cell(_("Tỷ lệ (%)")), cell(_("Chỉ tiêu (%)")), cell(_("Đánh giá"))])
    for point in review.kpi_points():
        if not point["started"]:
            verdict = _("Chưa đến kỳ")
        else:
            verdict = "" if point["share"] is None else (_("Đạt") if point["met"] else _("Chưa đạt"))
        summary.append([int(point["code"]), cell(point["share"]), point["target"], cell(verdict)])
    for label, field in (
        (_("Kết quả đạt được"), "results"),
        (_("Hạn chế và nguyên nhân"), "difficulties"),
        (_("Bài học kinh nghiệm"), "lessons"),
        (_("Đề xuất, kiến nghị"), "proposals"),
    ):
        summary.append([cell(label), cell(getattr(narrative, field, "") or "")])
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 60
    for table in review_tables(review):
        sheet = workbook.create_sheet(documents._sheet_title(table.title, used))
        sheet.column_dimensions["A"].width = 45
        sheet.append([cell(heading) for heading in table.headings])
        for item in sheet[1]:
            item.font = bold
        for row in table.rows:
            sheet.append([cell(value) for value in row])
    workbook.save(target)


def file_name(review, extension):
    unit = review.unit.code if review.unit is not None else "toan-bo"
    return f"bao-cao-{review.period.code}-{unit}.{extension}"
