"""Demo guidance materials: one central, one provincial (both public), one commune's staff-only, each with a
DOCX file; the held demo training session used the two public ones.

Idempotent: a material is found by its title and left alone when it exists.
"""

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

from cms.documents import add_title, docx_bytes, new_document, paragraph
from outreach.models import GuidanceFile, GuidanceMaterial
from outreach.models.guidance import GuidanceAudience as A
from outreach.models.guidance import IssuerLevel as L


@dataclass(frozen=True)
class Material:
    title: str
    issuer_level: str
    issuer: str
    unit: str
    issued_on: datetime.date
    audiences: tuple
    topics: str
    summary: str
    file_name: str
    public: bool = True


MATERIALS = [
    Material(
        title="Hướng dẫn truyền thông dự thảo chính sách có tác động lớn đến xã hội",
        issuer_level=L.CENTRAL,
        issuer="Bộ Tư pháp",
        unit="phong-tu-phap",
        issued_on=datetime.date(2026, 1, 15),
        audiences=(A.REPORTERS, A.PROPAGANDISTS, A.JOURNALISTS),
        topics="Nội dung cần truyền thông, Thời điểm truyền thông, Hình thức phù hợp từng đối tượng",
        summary="Các bước truyền thông một dự thảo chính sách từ khi đề xuất đến khi thông qua.",
        file_name="huong-dan-truyen-thong-du-thao-chinh-sach.docx",
    ),
    Material(
        title="Hướng dẫn tổ chức đối thoại với Nhân dân về dự thảo nghị quyết của Hội đồng nhân dân tỉnh",
        issuer_level=L.PROVINCE,
        issuer="Sở Tư pháp tỉnh Quảng Ngãi",
        unit="phong-tu-phap",
        issued_on=datetime.date(2026, 2, 20),
        audiences=(A.COUNCIL_STAFF, A.REPORTERS, A.COMMUNE_OFFICIALS),
        topics="Đối thoại trực tiếp, Ghi nhận và phản hồi ý kiến",
        summary="Chuẩn bị, điều hành và ghi biên bản một buổi đối thoại về dự thảo chính sách.",
        file_name="huong-dan-doi-thoai-voi-nhan-dan.docx",
    ),
    Material(
        title="Mẫu bài phát thanh về dự thảo chính sách trên loa truyền thanh xã",
        issuer_level=L.LOCAL,
        issuer="UBND xã Ia Tơi",
        unit="ia-toi",
        issued_on=datetime.date(2026, 3, 2),
        audiences=(A.PROPAGANDISTS, A.VILLAGE_HEADS),
        topics="Loa truyền thanh, Tiếng Jrai",
        summary="Bài mẫu dùng nội bộ cho tuyên truyền viên và trưởng thôn trước khi phát.",
        file_name="mau-bai-phat-thanh-loa-xa.docx",
        public=False,
    ),
]


def demo_file(record):
    document = new_document()
    add_title(document, record.title)
    paragraph(document, f"{record.issuer}, ngày {record.issued_on:%d/%m/%Y}.")
    paragraph(document, record.summary)
    return ContentFile(docx_bytes(document), name=record.file_name)


def seed_guidance(units, session=None):
    """The materials; `session` (the held demo training) gets the public ones as the materials it used."""
    materials = []
    for record in MATERIALS:
        material = GuidanceMaterial.objects.filter(title=record.title).first()
        if material is None:
            material = GuidanceMaterial.objects.create(
                title=record.title,
                issuer_level=record.issuer_level,
                issuer=record.issuer,
                owning_unit=units[record.unit],
                issued_on=record.issued_on,
                audiences=list(record.audiences),
                topics=record.topics,
                summary=record.summary,
                public=record.public,
            )
            document = get_document_model()(title=record.title, file=demo_file(record))
            document._set_document_file_metadata()  # size and hash, as Wagtail's upload form sets them
            document.save()
            GuidanceFile.objects.create(material=material, document=document)
        materials.append(material)
    if session is not None and not session.guidance_materials.exists():
        session.guidance_materials.set([material for material in materials if material.public])
        session.save()
    return materials
