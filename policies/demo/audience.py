"""Demo versions of drafts for an audience, and the languages each demo unit's communes need.

The languages themselves come from `setup_portal` (policies.setup.AUDIENCE_LANGUAGES). The Jrai and Bahnar
versions are placeholders a translator replaces: the portal never machine-translates, and nothing here
pretends to be a real translation, so each says so in its first words.
"""

from dataclasses import dataclass

from policies.models import AudienceLanguage, AudienceVersion, DraftPage, Unit

SAMPLE_MARK = "Bản mẫu — cần người dịch kiểm tra."

# Unit code → language codes its people need (a district office serves all its communes' languages).
UNIT_LANGUAGES = {
    "phong-gd-dt": ("vi", "jra", "bdq"),
    "phong-tu-phap": ("vi", "jra", "bdq"),
    "ia-toi": ("vi", "jra"),
    "ia-dal": ("vi", "bdq"),
}


@dataclass(frozen=True)
class Version:
    draft: str  # draft code
    language: str  # language code (BCP 47)
    summary: str
    changes: tuple[str, ...] = ()
    loudspeaker_script: str = ""
    notice_text: str = ""


def _placeholder(language_name, part):
    return f"{SAMPLE_MARK} Người dịch viết {part} bằng {language_name[0].lower()}{language_name[1:]} vào đây."


VERSIONS = [
    Version(
        draft="DT-2026-01",
        language="vi",
        summary=(
            "Con em đồng bào dân tộc thiểu số ở thôn, làng xa trường, phải ở lại trường trong tuần, "
            "sẽ được hỗ trợ nhiều hơn: thêm tiền ăn, tiền thuê chỗ ở và gạo."
        ),
        changes=(
            "Tiền ăn mỗi tháng tăng thêm khoảng 234.000 đồng cho mỗi em.",
            "Nhà cách trường từ 3 km là được hỗ trợ (trước đây phải từ 4 km).",
            "Mỗi em được 15 kg gạo mỗi tháng, tối đa 9 tháng một năm học.",
        ),
        loudspeaker_script=(
            "Kính thưa bà con!\n\n"
            "Huyện đang hỏi ý kiến bà con về việc hỗ trợ học sinh dân tộc thiểu số ở lại trường.\n\n"
            "Nếu nhà cách trường từ 3 cây số trở lên, các em được thêm tiền ăn, tiền thuê chỗ ở và 15 cân gạo "
            "mỗi tháng.\n\n"
            "Bà con có ý kiến thì nói với trưởng thôn, đến Ủy ban nhân dân xã, hoặc quét mã QR trên bảng tin.\n\n"
            "Xin cảm ơn bà con đã lắng nghe!"
        ),
        notice_text=(
            "Học sinh dân tộc thiểu số ở thôn, làng xa trường (từ 3 km) được thêm tiền ăn, tiền thuê chỗ ở "
            "và 15 kg gạo mỗi tháng. Bà con cho ý kiến: có đồng ý không, mức hỗ trợ đã đủ chưa?"
        ),
    ),
    Version(
        draft="DT-2026-01",
        language="jra",
        summary=_placeholder("Tiếng Jrai", "tóm tắt"),
        changes=(_placeholder("Tiếng Jrai", "từng điểm thay đổi"),),
        loudspeaker_script=_placeholder("Tiếng Jrai", "bài đọc trên loa"),
        notice_text=_placeholder("Tiếng Jrai", "nội dung thông báo"),
    ),
    Version(
        draft="DT-2026-03",
        language="vi",
        summary=(
            "Xã Ia Tơi định sắp xếp lại chợ trung tâm xã: chia khu bán hàng, chợ họp từ 5 giờ sáng đến 6 giờ "
            "chiều, không bày hàng dưới lòng đường. Xã muốn nghe ý kiến bà con trước khi làm dự thảo."
        ),
        changes=(
            "Không được bày bán hàng dưới lòng đường quanh chợ.",
            "Chợ chia thành từng khu, mỗi người bán có chỗ ngồi ổn định.",
        ),
        notice_text=(
            "Xã Ia Tơi hỏi ý kiến bà con về giờ họp chợ và chỗ bán hàng. "
            "Bà con nói với trưởng thôn hoặc quét mã QR để góp ý."
        ),
    ),
    Version(
        draft="DT-2026-03",
        language="bdq",
        summary=_placeholder("Tiếng Ba Na", "tóm tắt"),
        loudspeaker_script=_placeholder("Tiếng Ba Na", "bài đọc trên loa"),
    ),
]


def seed_audience():
    """Give demo units their languages and demo drafts their versions, adding only what is missing;
    a draft that gains versions is published again (versions go public with the page)."""
    languages = {language.code: language for language in AudienceLanguage.objects.all()}
    for unit in Unit.objects.filter(code__in=UNIT_LANGUAGES):
        unit.audience_languages.add(*(languages[code] for code in UNIT_LANGUAGES[unit.code]))
    for code in dict.fromkeys(version.draft for version in VERSIONS):
        draft = DraftPage.objects.filter(code=code).first()
        if draft is None:
            continue
        draft = draft.get_latest_revision_as_object()
        have = {version.language.code for version in draft.audience_versions.all()}
        new = [
            AudienceVersion(
                language=languages[record.language],
                summary=record.summary,
                changes="\n".join(record.changes),
                loudspeaker_script=record.loudspeaker_script,
                notice_text=record.notice_text,
            )
            for record in VERSIONS
            if record.draft == code and record.language not in have
        ]
        if new:
            draft.audience_versions.add(*new)
            draft.save_revision().publish()
