import io

import pytest
from docx import Document
from docx.shared import Pt
from openpyxl import load_workbook

from cms import documents
from policies import roles
from policies.views.synthesis import HEADINGS, PRIVATE_TEXT, synthesis_data
from tests.factories import CommentFactory, ConsultationDraftFactory, SynthesisFactory
from tests.policies.comment_fixtures import *  # noqa: F403


def url(draft, export=None):
    return draft.url + "tong-hop/" + (f"?tai={export}" if export else "")


@pytest.fixture
def draft(db, monkeypatch):
    from policies.models import DraftPage

    monkeypatch.setattr(
        DraftPage,
        "section_choices",
        lambda self: [("dieu-1", "Điều 1. Phạm vi"), ("dieu-2", "Điều 2. Mức hỗ trợ")],
        raising=False,
    )
    draft = ConsultationDraftFactory()
    make = CommentFactory
    make(
        draft=draft,
        section="dieu-2",
        body="Tăng mức hỗ trợ lên 2 triệu đồng.",
        name="Hồ Văn Nam",
        organisation="Hội Nông dân xã",
        state="approved",
        handling="taken_in",
        response="Đã sửa Điều 2.",
    )
    make(
        draft=draft,
        section="dieu-2",
        body="tang muc ho tro len 2 trieu dong",
        name="Trần Thị Bé",
        publish_as="anonymous",
        state="approved",
    )
    make(
        draft=draft,
        section="dieu-1",
        body="Mở rộng phạm vi cho thôn xa.",
        name="Y Phương",
        state="approved",
        source="meeting",
        handling="explained",
        response="Phạm vi đã bao gồm.",
    )
    make(
        draft=draft,
        section="",
        body="Lời riêng không công khai.",
        name="Kín Tên",
        publish_as="private",
        state="approved",
        handling="not_taken",
        response="Không phù hợp.",
    )
    make(draft=draft, body="Chờ duyệt", state="pending", name="", organisation="Trường Tiểu học Ia Tơi")
    make(draft=draft, body="Công văn", state="pending", name="UBND xã Ia Tơi", organisation="UBND xã Ia Tơi")
    make(draft=draft, body="Bị ẩn", state="hidden", source="letter")
    make(draft=draft, body="Quảng cáo", state="spam")
    return draft


@pytest.mark.django_db
class TestSynthesisData:
    def test_totals_count_every_comment_but_spam(self, draft):
        data = synthesis_data(draft)
        assert data["total"] == 7
        assert (data["approved"], data["pending"], data["hidden"]) == (4, 2, 1)
        assert (data["online"], data["offline"]) == (5, 2)
        assert dict(data["by_source"])["Hội nghị, đối thoại"] == 1
        assert dict(data["by_source"])["Thư, công văn"] == 1
        assert data["bodies_commenting"] == 2  # the school and the commune committee
        assert data["people_commenting"] == 5  # named people count as people, whatever body they name

    def test_table_follows_the_drafts_sections_and_groups_identical_texts(self, draft):
        rows = [row.as_list() for row in synthesis_data(draft)["rows"]]
        assert [row[0] for row in rows] == ["Điều 1. Phạm vi", "Điều 2. Mức hỗ trợ", "Toàn bộ dự thảo"]
        article_2 = rows[1]
        assert article_2[1] == "2 ý kiến trùng nội dung: Hồ Văn Nam (Hội Nông dân xã); Người góp ý ẩn danh"
        assert article_2[2] == "Tăng mức hỗ trợ lên 2 triệu đồng."
        assert article_2[3] == "Tiếp thu: Đã sửa Điều 2."
        assert rows[0][1] == "Y Phương – Hội nghị, đối thoại"
        assert rows[2] == [
            "Toàn bộ dự thảo",
            "Người góp ý không công khai",
            PRIVATE_TEXT,
            "Không tiếp thu: Không phù hợp.",
        ]

    def test_an_answer_that_begins_with_its_decision_says_it_once(self, draft):
        from policies.views.synthesis import handling_text

        said = CommentFactory.build(handling="taken_in", response="Tiếp thu, đã sửa Điều 2.")
        assert handling_text(said) == "Tiếp thu, đã sửa Điều 2."
        refused = CommentFactory.build(handling="not_taken", response="Tiếp thu không được vì trái luật.")
        assert handling_text(refused) == "Không tiếp thu: Tiếp thu không được vì trái luật."


@pytest.mark.django_db
class TestSynthesisPage:
    def test_unpublished_synthesis_is_not_public(self, client, draft):
        SynthesisFactory(draft=draft, published=False)
        for export in (None, "xlsx", "docx"):
            response = client.get(url(draft, export))
            html = response.content.decode()
            assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
            assert "chưa công bố" in html
            assert "Tăng mức hỗ trợ" not in html

    def test_no_synthesis_at_all_is_not_a_500(self, client, draft):
        assert "chưa công bố" in client.get(url(draft)).content.decode()

    def test_drafting_unit_staff_preview_before_publishing(self, client, draft, make_user, other_unit):
        SynthesisFactory(draft=draft, published=False)
        client.force_login(make_user(role=roles.EDITOR, units=[other_unit]))
        assert "Tăng mức hỗ trợ" not in client.get(url(draft)).content.decode()
        client.force_login(make_user(role=roles.EDITOR, units=[draft.drafting_unit]))
        response = client.get(url(draft))
        assert "BẢN XEM TRƯỚC" in response.content.decode() and "Tăng mức hỗ trợ" in response.content.decode()
        assert "no-store" in response["Cache-Control"]

    def test_published_synthesis_shows_totals_and_the_four_columns(self, client, draft):
        SynthesisFactory(draft=draft, bodies_consulted=15, people_consulted=120)
        html = client.get(url(draft)).content.decode()
        for heading in HEADINGS:
            assert heading in html
        assert '<dd class="total-comments">7</dd>' in html
        assert "<dd>15</dd>" in html and "<dd>120</dd>" in html
        assert "Lời riêng không công khai" not in html and "Kín Tên" not in html
        assert "Chờ duyệt" not in html and "Bị ẩn" not in html and "Quảng cáo" not in html

    def test_xlsx_export_cell_by_cell(self, client, draft):
        CommentFactory(draft=draft, section="dieu-1", body="=1+2", name="-Âm", state="approved")
        SynthesisFactory(draft=draft)
        response = client.get(url(draft, "xlsx"))
        assert response["Content-Type"] == documents.XLSX_CONTENT_TYPE
        assert "attachment" in response["Content-Disposition"]
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header_index = rows.index(list(HEADINGS))
        body = rows[header_index + 1 :]
        assert body[0] == [
            "Điều 1. Phạm vi",
            "Y Phương – Hội nghị, đối thoại",
            "Mở rộng phạm vi cho thôn xa.",
            "Giải trình: Phạm vi đã bao gồm.",
        ]
        assert body[1] == ["Điều 1. Phạm vi", "'-Âm", "'=1+2", "Chưa xử lý"]
        assert ["Tổng số ý kiến: 8", None, None, None] in rows
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    def test_docx_export_follows_decree_30(self, client, draft):
        SynthesisFactory(
            draft=draft,
            number_symbol="12/BC-PGDĐT",
            place="Ia H'Drai",
            signer_title="Trưởng phòng",
            signer_name="Trần Văn Bình",
            recipients="- UBND huyện;\n- Lưu: VT.",
        )
        response = client.get(url(draft, "docx"))
        assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
        document = Document(io.BytesIO(response.content))
        section = document.sections[0]
        sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin)
        sides = (section.left_margin, section.right_margin)
        assert [round(value.mm) for value in (*sizes, *sides)] == [210, 297, 20, 20, 30, 15]
        head = document.tables[0]
        left, right = head.rows[0].cells
        assert draft.drafting_unit.short_name.upper() in left.text
        assert "Số: 12/BC-PGDĐT" in left.text
        motto = [p for p in right.paragraphs if p.text]
        assert motto[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and motto[0].runs[0].bold
        assert motto[1].text == "Độc lập - Tự do - Hạnh phúc" and motto[1].runs[0].bold
        assert motto[-1].text.startswith("Ia H'Drai, ngày ") and motto[-1].runs[0].italic
        title = next(p for p in document.paragraphs if p.text == "BẢN TỔNG HỢP")
        assert title.runs[0].bold and title.runs[0].font.size == Pt(14)
        table = document.tables[1]
        assert [cell.text for cell in table.rows[0].cells] == list(HEADINGS)
        assert len(table.rows) == 1 + 3
        closing = document.tables[2].rows[0].cells
        assert closing[0].paragraphs[0].text == "Nơi nhận:" and closing[0].paragraphs[0].runs[0].italic
        assert "- UBND huyện;" in closing[0].text
        assert "TRƯỞNG PHÒNG" in closing[1].text and "Trần Văn Bình" in closing[1].text
        fonts = {run.font.name for p in document.paragraphs for run in p.runs}
        assert fonts == {"Times New Roman"}


class TestDocumentHelpers:
    @pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-1", "@x", "\tx", "\rx"])
    def test_formula_triggers_are_escaped(self, value):
        assert documents.safe_cell(value) == "'" + value

    def test_plain_values_pass(self):
        assert documents.safe_cell("Thuế") == "Thuế"
        assert documents.safe_cell(3) == 3
        assert documents.safe_cell(None) == ""
        assert documents.safe_cell("a\x00b") == "ab"
