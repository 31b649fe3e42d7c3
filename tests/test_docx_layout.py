"""Every DOCX prints as Decree 30 asks, checked as a reader sees it: LibreOffice converts the
generated report and synthesis to PDF, and the PDF's text shows the national title on one
line and page numbers centred at the top from page 2 (none on page 1)."""

import io
import os
import shutil
import subprocess
import zipfile

from django.core.management import call_command

import pytest
from docx import Document
from lxml import etree

from policies.models import OrganisationIdentity, Unit
from tests.factories import (
    CommentFactory,
    ConsultationDraftFactory,
    SynthesisFactory,
    UnitFactory,
)
from tests.reports.fixtures import make_activities, make_tree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_docx(db, tmp_path):
    OrganisationIdentity.objects.update_or_create(
        defaults={"parent_body": "UBND tỉnh Bắc Nam", "issuing_body": "Phòng Tư pháp", "place": "Bắc Nam"}
    )
    make_activities(make_tree())
    target = tmp_path / "bao-cao.docx"
    call_command("export_report", "--period", "2026-H1", "--format", "docx", "-o", str(target), stdout=io.StringIO())
    return target


@pytest.fixture
def synthesis_docx(db, client, tmp_path):
    province = UnitFactory(name="Tỉnh Bắc Nam", kind=Unit.Kind.PROVINCE)
    office = UnitFactory(name="Sở Nông nghiệp và Môi trường tỉnh Bắc Nam", parent=province)
    draft = ConsultationDraftFactory(drafting_unit=office)
    for number in range(14):  # enough rows for a second page
        CommentFactory(
            draft=draft,
            state="approved",
            body=f"Ý kiến số {number}: đề nghị làm rõ đối tượng được hỗ trợ, mức hỗ trợ và thủ tục đăng ký " * 2,
            handling="explained",
            response="Cơ quan soạn thảo giải trình: nội dung đã được quy định tại dự thảo.",
        )
    SynthesisFactory(draft=draft, place="Bắc Nam", recipients="- Sở Tư pháp;\n- Lưu: VT.")
    target = tmp_path / "tong-hop.docx"
    target.write_bytes(client.get(draft.url + "tong-hop/?tai=docx").content)
    return target


def tables_xml(path):
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return root.iter(f"{W}tbl")


def twips(element):
    return int(element.get(f"{W}w"))


@pytest.mark.parametrize("fixture", ["report_docx", "synthesis_docx"])
def test_every_table_has_a_fixed_grid_its_cells_agree_with(request, fixture):
    path = request.getfixturevalue(fixture)
    tables = list(tables_xml(path))
    assert len(tables) >= 3
    for table in tables:
        assert table.find(f"{W}tblPr/{W}tblLayout").get(f"{W}type") == "fixed"
        grid = [twips(column) for column in table.findall(f"{W}tblGrid/{W}gridCol")]
        assert table.find(f"{W}tblPr/{W}tblW").get(f"{W}type") == "dxa"
        assert abs(twips(table.find(f"{W}tblPr/{W}tblW")) - sum(grid)) <= len(grid)
        assert sum(grid) <= 9356  # 165 mm of text width
        for row in table.findall(f"{W}tr"):
            cells = [twips(cell.find(f"{W}tcPr/{W}tcW")) for cell in row.findall(f"{W}tc")]
            assert cells == grid


@pytest.mark.parametrize("fixture", ["report_docx", "synthesis_docx"])
def test_page_number_field_in_the_header_from_page_two(request, fixture):
    section = Document(str(request.getfixturevalue(fixture))).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in "".join(section.header._element.itertext())
    assert not "".join(section.first_page_header._element.itertext()).strip()


def pdf_pages(docx_path):
    """The PDF LibreOffice makes of the document, as the text of each page (layout kept)."""
    if LIBREOFFICE is None or PDFTOTEXT is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice and pdftotext are required in CI to check the printed layout.")
        pytest.skip("LibreOffice or pdftotext is not installed (apt-get install libreoffice-writer poppler-utils).")
    out = docx_path.parent
    # A profile of its own: parallel LibreOffice runs sharing one profile block each other.
    profile = (out / "lo-profile").as_uri()
    subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [
            LIBREOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            out,
            docx_path,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = docx_path.with_suffix(".pdf")
    text = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [PDFTOTEXT, "-layout", pdf, "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    return pages, pdf


def first_word_centres(pdf):
    """Horizontal centre, in points, of the first word printed on each page."""
    html = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [PDFTOTEXT, "-bbox", pdf, "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    root = etree.fromstring(html.encode(), etree.HTMLParser())
    centres = []
    for page in root.iter("page"):
        word = next(page.iter("word"))
        centres.append((float(word.get("xmin")) + float(word.get("xmax"))) / 2)
    return centres


# The text area runs from the 30 mm left margin to 15 mm before the right edge: its centre, in points.
TEXT_CENTRE_PT = (30 + (210 - 15)) / 2 * 72 / 25.4


@pytest.mark.parametrize("fixture", ["report_docx", "synthesis_docx"])
def test_printed_title_block_on_one_line_and_pages_numbered(request, fixture):
    pages, pdf = pdf_pages(request.getfixturevalue(fixture))
    assert len(pages) >= 2, "the test needs a document of more than one page"
    first = [line.strip() for line in pages[0].splitlines() if line.strip()]
    assert any(line.endswith(NATION) for line in first[:3]), "\n".join(first[:6])
    assert any(line.endswith(MOTTO) for line in first[:4]), "\n".join(first[:6])
    assert first[0] != "1"  # Decree 30: no number on the first page
    centres = first_word_centres(pdf)
    for number, page in enumerate(pages[1:], 2):
        lines = [line for line in page.splitlines() if line.strip()]
        assert lines[0].strip() == str(number), lines[:2]
        # Centred over the text area, as printed (within 5 mm).
        assert abs(centres[number - 1] - TEXT_CENTRE_PT) <= 5 * 72 / 25.4, (number, centres[number - 1])
