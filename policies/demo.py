"""Demo data for the seed plan's district (Ia H'Drai) and today's map.

Every function is idempotent: objects are looked up by a natural key and left
alone when they exist, so a second `seed_demo` changes nothing.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model

from policies import roles
from policies.models import OrganisationIdentity, Unit, UnitMembership
from policies.setup import setup_catalogues

REFORM_DAY = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = REFORM_DAY - datetime.timedelta(days=1)
DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - printed for local development only, never set in production

K = Unit.Kind
# code, name, short name, kind, parent code, aliases, valid_from, valid_to, successor code
UNITS = [
    ("quang-ngai", "Tỉnh Quảng Ngãi", "Quảng Ngãi", K.PROVINCE, None, "UBND tỉnh Quảng Ngãi", REFORM_DAY, None, None),
    (
        "kon-tum",
        "Tỉnh Kon Tum",
        "Kon Tum",
        K.PROVINCE,
        None,
        "UBND tỉnh Kon Tum",
        None,
        LAST_DAY_BEFORE_REFORM,
        "quang-ngai",
    ),
    (
        "ia-hdrai",
        "Huyện Ia H'Drai",
        "Ia H'Drai",
        K.DISTRICT,
        "kon-tum",
        "UBND huyện Ia H'Drai\nỦy ban nhân dân huyện\nUBND huyện",
        None,
        LAST_DAY_BEFORE_REFORM,
        None,
    ),
    (
        "phong-tu-phap",
        "Phòng Tư pháp huyện Ia H'Drai",
        "Phòng Tư pháp",
        K.OFFICE,
        "ia-hdrai",
        "Phòng Tư pháp\nPTP",
        None,
        None,
        None,
    ),
    (
        "phong-gd-dt",
        "Phòng Giáo dục và Đào tạo",
        "Phòng GD&ĐT",
        K.OFFICE,
        "ia-hdrai",
        "Phòng Giáo dục\nPhòng GDĐT",
        None,
        None,
        None,
    ),
    (
        "trung-tam-vh",
        "Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông huyện",
        "Trung tâm VH-TT-DL&TT",
        K.OFFICE,
        "ia-hdrai",
        "Trung tâm Văn hóa\nTrung tâm VHTTDL&TT",
        None,
        None,
        None,
    ),
    (
        "phong-tc-kh",
        "Phòng Tài chính - Kế hoạch",
        "Phòng TC-KH",
        K.OFFICE,
        "ia-hdrai",
        "Phòng Tài chính",
        None,
        None,
        None,
    ),
    ("phong-noi-vu", "Phòng Nội vụ", "Phòng Nội vụ", K.OFFICE, "ia-hdrai", "Phòng Tổ chức - Nội vụ", None, None, None),
    (
        "mttq-huyen",
        "Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
        "Ủy ban MTTQ huyện",
        K.MASS_ORGANISATION,
        "ia-hdrai",
        "MTTQ huyện\nỦy ban MTTQVN huyện",
        None,
        None,
        None,
    ),
    ("toa-an-huyen", "Tòa án nhân dân huyện", "TAND huyện", K.COURT, "ia-hdrai", "", None, None, None),
    ("vks-huyen", "Viện Kiểm sát nhân dân huyện", "VKSND huyện", K.PROCURACY, "ia-hdrai", "", None, None, None),
    ("ban-tuyen-giao", "Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo", K.OTHER, "ia-hdrai", "", None, None, None),
    (
        "hd-pbgdpl",
        "Hội đồng phối hợp phổ biến, giáo dục pháp luật huyện",
        "Hội đồng PBGDPL huyện",
        K.COUNCIL,
        "ia-hdrai",
        "Hội đồng PBGDPL",
        None,
        LAST_DAY_BEFORE_REFORM,
        None,
    ),
    # Today's communes come first so the seed's communes can name them as successors.
    (
        "ia-toi",
        "Xã Ia Tơi",
        "Ia Tơi",
        K.COMMUNE,
        "quang-ngai",
        "UBND xã Ia Tơi\nỦy ban nhân dân xã Ia Tơi",
        REFORM_DAY,
        None,
        None,
    ),
    (
        "ia-dal",
        "Xã Ia Đal",
        "Ia Đal",
        K.COMMUNE,
        "quang-ngai",
        "UBND xã Ia Đal\nỦy ban nhân dân xã Ia Đal",
        REFORM_DAY,
        None,
        None,
    ),
    (
        "ia-toi-cu",
        "Xã Ia Tơi (trước 01/7/2025)",
        "Ia Tơi",
        K.COMMUNE,
        "ia-hdrai",
        "UBND xã Ia Tơi",
        None,
        LAST_DAY_BEFORE_REFORM,
        "ia-toi",
    ),
    (
        "ia-dom",
        "Xã Ia Dom",
        "Ia Dom",
        K.COMMUNE,
        "ia-hdrai",
        "UBND xã Ia Dom\nỦy ban nhân dân xã Ia Dom",
        None,
        LAST_DAY_BEFORE_REFORM,
        "ia-toi",
    ),
    (
        "ia-dal-cu",
        "Xã Ia Đal (trước 01/7/2025)",
        "Ia Đal",
        K.COMMUNE,
        "ia-hdrai",
        "UBND xã Ia Đal",
        None,
        LAST_DAY_BEFORE_REFORM,
        "ia-dal",
    ),
]

# The organisation the demo portal speaks for: today's province, the Justice Office.
IDENTITY = {
    "issuing_body": "Phòng Tư pháp",
    "parent_body": "UBND tỉnh Quảng Ngãi",
    "abbreviation": "PTP",
    "place": "Quảng Ngãi",
    "hotline": "0260 3 800 000",
    "signer_title": "Trưởng phòng",
    "signer_name": "Nguyễn Thị Hoa",
}

# username, role (None: superuser), unit code, full name
PEOPLE = [
    ("admin", None, None, "Quản trị hệ thống"),
    ("tuphap", roles.JUSTICE_OFFICE, "phong-tu-phap", "Nguyễn Thị Hoa"),
    ("bientap", roles.EDITOR, "phong-gd-dt", "Trần Văn Bình"),
    ("kiemduyet", roles.MODERATOR, "phong-gd-dt", "Lê Thị Mai"),
    ("xaiatoi", roles.COMMUNE_STAFF, "ia-toi", "Y Sơn"),
    ("taphuan", roles.TRAINER, "phong-noi-vu", "Phạm Minh Đức"),
]


def seed_identity():
    """Fill the identity settings with the demo's values, leaving any field an administrator filled."""
    identity = OrganisationIdentity.load()
    blank = {name: value for name, value in IDENTITY.items() if not getattr(identity, name)}
    if blank:
        for name, value in blank.items():
            setattr(identity, name, value)
        identity.save(update_fields=list(blank))
    return identity


def seed_units():
    by_code = {}
    for code, name, short_name, kind, parent, aliases, valid_from, valid_to, successor in UNITS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            unit = Unit.objects.create(
                code=code,
                name=name,
                short_name=short_name,
                kind=kind,
                parent=by_code.get(parent) or Unit.objects.filter(code=parent).first(),
                aliases=aliases,
                valid_from=valid_from,
                valid_to=valid_to,
                successor=by_code.get(successor) or Unit.objects.filter(code=successor).first(),
            )
        by_code[code] = unit
    return by_code


def seed_people(units):
    """Create one demo account per role. Returns (username, role label, unit, password or None)."""
    user_model = get_user_model()
    accounts = []
    for username, role, unit_code, full_name in PEOPLE:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            # Vietnamese names put the family name first; Django joins first + last,
            # so the whole name goes in first_name and reads right everywhere.
            user = user_model(
                username=username,
                first_name=full_name,
                email=f"{username}@example.invalid",
                is_staff=role is None,
                is_superuser=role is None,
            )
            if settings.DEBUG:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        if role is not None:
            user.groups.add(roles.role_group(role))
        if unit_code:
            UnitMembership.objects.get_or_create(user=user, unit=units[unit_code])
        label = roles.group_name(role) if role else "Quản trị viên (superuser)"
        accounts.append((username, label, units[unit_code].display_name if unit_code else "—"))
    return accounts


# --- Comments (issue 3) -------------------------------------------------------
# receipt suffix, state, publish_as, source, name, organisation, section index, body, handling, response, reason
DEMO_COMMENTS = [
    (
        "01",
        "pending",
        "name",
        "online",
        "Nguyễn Văn Hùng",
        "Thôn 1, xã Ia Tơi",
        0,
        "Đề nghị nói rõ hộ nào được hỗ trợ, thủ tục đăng ký ở đâu và trong bao lâu.",
        "",
        "",
        "",
    ),
    (
        "02",
        "pending",
        "anonymous",
        "online",
        "",
        "",
        None,
        "Nên thông báo bằng tiếng Ba Na và tiếng Gia Rai trên loa của thôn.",
        "",
        "",
        "",
    ),
    (
        "03",
        "approved",
        "name",
        "online",
        "Rơ Châm Thị H'Lan",
        "Hội Liên hiệp Phụ nữ xã Ia Đal",
        1,
        "Đồng ý với dự thảo, đề nghị ưu tiên phụ nữ làm chủ hộ.",
        "taken_in",
        "Cơ quan soạn thảo tiếp thu, bổ sung đối tượng ưu tiên tại Điều 2.",
        "",
    ),
    (
        "04",
        "approved",
        "anonymous",
        "online",
        "",
        "",
        None,
        "Mức hỗ trợ còn thấp so với giá cả hiện nay.",
        "explained",
        "Mức hỗ trợ được tính theo khả năng cân đối ngân sách năm 2026; sẽ xem xét điều chỉnh hằng năm.",
        "",
    ),
    ("05", "approved", "anonymous", "online", "", "", None, "Mức hỗ trợ còn thấp so với giá cả hiện nay!", "", "", ""),
    (
        "06",
        "approved",
        "private",
        "online",
        "Trần Thị Lựu",
        "",
        None,
        "Gia đình tôi thuộc diện cận nghèo nhưng chưa được rà soát.",
        "not_taken",
        "Nội dung thuộc thẩm quyền rà soát hộ nghèo của UBND xã, đã chuyển để giải quyết.",
        "",
    ),
    (
        "07",
        "hidden",
        "name",
        "online",
        "Khách",
        "",
        None,
        "Nội dung có lời lẽ xúc phạm cán bộ (đã ẩn).",
        "",
        "",
        "Lời lẽ xúc phạm cá nhân.",
    ),
    ("08", "spam", "anonymous", "online", "", "", None, "Mua bán đất giá rẻ, liên hệ ngay!!!", "", "", ""),
    (
        "09",
        "approved",
        "name",
        "meeting",
        "Y Blih",
        "Thôn 3, xã Ia Tơi",
        0,
        "Tại hội nghị thôn, bà con đề nghị hướng dẫn cụ thể cách làm hồ sơ.",
        "taken_in",
        "Sẽ in tờ gấp hướng dẫn và phát tại nhà văn hóa thôn.",
        "",
    ),
]
CLOSED_COMMENTS = [
    (
        "21",
        "approved",
        "name",
        "letter",
        "Phòng Tài chính - Kế hoạch",
        "Phòng Tài chính - Kế hoạch",
        0,
        "Đề nghị làm rõ nguồn kinh phí thực hiện.",
        "taken_in",
        "Đã bổ sung nguồn kinh phí tại Điều 4.",
        "",
    ),
    (
        "22",
        "approved",
        "anonymous",
        "online",
        "",
        "",
        None,
        "Cần quy định thời hạn giải quyết hồ sơ.",
        "taken_in",
        "Đã quy định thời hạn 10 ngày làm việc.",
        "",
    ),
    (
        "23",
        "approved",
        "name",
        "hotline",
        "A Thuận",
        "Làng Ia Dom",
        None,
        "Đề nghị mở rộng cho cả hộ mới tách.",
        "explained",
        "Hộ mới tách đã thuộc đối tượng tại khoản 2 Điều 2.",
        "",
    ),
]


def _demo_drafts():
    from django.utils import timezone

    from policies.models import ConsultationStatus, DraftPage

    now = timezone.now()
    drafts = list(DraftPage.objects.live().order_by("path"))
    open_draft = next((d for d in drafts if d.consultation_status(now) == ConsultationStatus.OPEN), None)
    closed_draft = next((d for d in drafts if d.consultation_status(now) == ConsultationStatus.CLOSED), None)
    return open_draft, closed_draft


def _seed_comment_rows(draft, rows, prefix):
    from django.utils import timezone

    from policies.forms import CONSENT_NOTICE_VERSION, consent_notice
    from policies.models import Comment, ConsentRecord

    sections = [anchor for anchor, _label in (getattr(draft, "section_choices", lambda: [])() or [])]
    created = 0
    for suffix, state, publish_as, source, name, organisation, section, body, handling, response, reason in rows:
        receipt = f"GY-DEMO-{prefix}{suffix}"
        if Comment.objects.filter(receipt=receipt).exists():
            continue
        comment = Comment.objects.create(
            draft=draft,
            receipt=receipt,
            body=body,
            name=name,
            organisation=organisation,
            contact=f"demo{suffix}@example.invalid" if source == "online" and name else "",
            section=sections[section] if section is not None and section < len(sections) else "",
            publish_as=publish_as,
            source=source,
            state=state,
            hidden_reason=reason,
            handling=handling,
            response=response,
            moderated_at=timezone.now() if state != "pending" else None,
            handled_at=timezone.now() if handling else None,
        )
        if source == "online":
            ConsentRecord.objects.create(
                comment=comment, notice_version=CONSENT_NOTICE_VERSION, notice_text=consent_notice(draft)
            )
        created += 1
    return created


def seed_comments():
    """Comments in every state on the open draft, a published synthesis on the closed one.

    Drafts are found by their window, so this works whatever drafts `seed_drafts` made;
    with no drafts it creates nothing.
    """
    from policies.models import Synthesis

    open_draft, closed_draft = _demo_drafts()
    created = 0
    if open_draft is not None:
        created += _seed_comment_rows(open_draft, DEMO_COMMENTS, "O")
    if closed_draft is not None:
        created += _seed_comment_rows(closed_draft, CLOSED_COMMENTS, "C")
        Synthesis.objects.get_or_create(
            draft=closed_draft,
            defaults={
                "number_symbol": "15/BC-PGDĐT",
                "bodies_consulted": 14,
                "people_consulted": 230,
                "introduction": "Thực hiện kế hoạch lấy ý kiến, cơ quan soạn thảo đã đăng tải dự thảo trên cổng "
                "thông tin, tổ chức hội nghị tại các thôn và nhận ý kiến qua đường dây nóng.",
                "signer_title": "Trưởng phòng",
                "signer_name": "Trần Văn Bình",
                "recipients": "- UBND huyện;\n- Phòng Tư pháp;\n- Lưu: VT.",
                "published": True,
            },
        )
    return created


# Drafts: four drafts in different states (document types and fields come from policies.setup).


def _rich(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _sections(*articles):
    return [
        ("section", {"kind": kind, "number": number, "heading": heading, "anchor": anchor, "body": _rich(body)})
        for kind, number, heading, anchor, body in articles
    ]


def _changes(*items):
    return [
        ("item", {"change": change, "title": title, "explanation": text, "current_rule": rule, "contested": contested})
        for change, title, text, rule, contested in items
    ]


def demo_drafts(now):
    """The demo drafts, with windows relative to `now` so their states stay meaningful."""
    from django.utils import timezone

    day = datetime.timedelta(days=1)
    today = now.date()
    local = timezone.localtime(now)

    def at(days, hour):
        """Office hours in Vietnam time, `days` from today: windows open at 07:00 and close at 17:00."""
        return (local + days * day).replace(hour=hour, minute=0, second=0, microsecond=0)

    return [
        {
            "code": "DT-2026-01",
            "title": "Quy định mức hỗ trợ học sinh dân tộc thiểu số vùng đặc biệt khó khăn",
            "slug": "ho-tro-hoc-sinh-dan-toc-thieu-so",
            "unit": "phong-gd-dt",
            "coordinating": ["phong-tc-kh", "ia-toi"],
            "type": "Nghị quyết của Hội đồng nhân dân cấp tỉnh",
            "fields": ["Giáo dục"],
            "stage": "draft",
            "summary": (
                "Hỗ trợ tiền ăn, tiền nhà ở và gạo cho học sinh dân tộc thiểu số ở thôn, làng đặc biệt khó khăn "
                "phải ở lại trường, để các em đi học đều và không bỏ học giữa chừng."
            ),
            "necessity": _rich(
                "Nhiều học sinh ở các thôn xa trường trên 4 km phải ở lại trường trong tuần nhưng mức hỗ trợ "
                "hiện hành thấp, chưa đủ tiền ăn; tỷ lệ bỏ học ở cấp trung học cơ sở còn cao."
            ),
            "purpose": _rich(
                "Bảo đảm học sinh dân tộc thiểu số được học tập đầy đủ; hỗ trợ đúng đối tượng, công khai, "
                "không trùng lặp với chính sách của Trung ương."
            ),
            "scope": _rich(
                "Học sinh tiểu học và trung học cơ sở là người dân tộc thiểu số, có nhà ở thôn, làng đặc biệt "
                "khó khăn, học tại các trường trên địa bàn; các trường và Ủy ban nhân dân cấp xã."
            ),
            "basic": _rich(
                "Hỗ trợ tiền ăn mỗi tháng bằng 40% mức lương cơ sở; hỗ trợ tiền nhà ở bằng 10% mức lương cơ sở "
                "nếu em phải tự thuê chỗ ở; hỗ trợ 15 kg gạo mỗi tháng, tối đa 9 tháng một năm học."
            ),
            "changes": _changes(
                (
                    "amended",
                    "Nâng mức hỗ trợ tiền ăn từ 30% lên 40% mức lương cơ sở",
                    "Mỗi em được thêm khoảng 234.000 đồng mỗi tháng.",
                    "Nghị quyết số 12/2021 của HĐND tỉnh",
                    False,
                ),
                (
                    "new",
                    "Hỗ trợ cả học sinh ở thôn cách trường từ 3 km (trước đây 4 km)",
                    "Thêm khoảng 300 em được hưởng.",
                    "",
                    True,
                ),
                (
                    "repealed",
                    "Bỏ yêu cầu giấy xác nhận hộ nghèo khi đăng ký",
                    "Nhà trường lập danh sách theo nơi cư trú.",
                    "Điều 4 Nghị quyết số 12/2021",
                    False,
                ),
            ),
            "sections": _sections(
                ("chapter", "Chương I", "Quy định chung", "chuong-1", "Phạm vi điều chỉnh và đối tượng áp dụng."),
                ("article", "Điều 1", "Phạm vi điều chỉnh", "dieu-1", "Nghị quyết này quy định mức hỗ trợ..."),
                ("article", "Điều 2", "Đối tượng áp dụng", "dieu-2", "Học sinh là người dân tộc thiểu số..."),
                ("chapter", "Chương II", "Mức hỗ trợ", "chuong-2", "Các khoản hỗ trợ và thời gian hưởng."),
                ("article", "Điều 3", "Mức hỗ trợ tiền ăn, nhà ở và gạo", "dieu-3", "Mỗi học sinh được hỗ trợ..."),
                ("article", "Điều 4", "Thủ tục và thời gian chi trả", "dieu-4", "Nhà trường lập danh sách..."),
            ),
            "criteria": (True, True, True, True),
            "proposal": (today - 60 * day, today - 40 * day),
            "window": (at(-5, 7), at(20, 17)),
        },
        {
            "code": "DT-2026-02",
            "title": "Chính sách hỗ trợ phát triển sản xuất nông nghiệp giai đoạn 2026 - 2030",
            "slug": "ho-tro-san-xuat-nong-nghiep-2026-2030",
            "unit": "phong-tc-kh",
            "coordinating": ["ia-toi", "ia-dal"],
            "type": "Nghị quyết của Hội đồng nhân dân cấp tỉnh",
            "fields": ["Nông nghiệp", "Đất đai"],
            "stage": "submitted",
            "summary": (
                "Hỗ trợ giống cây, con giống, phân bón và lãi suất vay cho hộ dân, hợp tác xã trồng cây ăn quả, "
                "cà phê, chăn nuôi bò trên đất đai sản xuất nông nghiệp tại các xã."
            ),
            "necessity": _rich("Sản xuất nông nghiệp còn nhỏ lẻ, năng suất thấp; nhiều diện tích đất đai bỏ hoang."),
            "purpose": _rich("Nâng thu nhập của hộ dân, hình thành vùng sản xuất tập trung, bền vững."),
            "scope": _rich("Hộ gia đình, cá nhân, tổ hợp tác, hợp tác xã sản xuất nông nghiệp trên địa bàn."),
            "basic": _rich(
                "Hỗ trợ 50% tiền giống, tối đa 20 triệu đồng một hộ; hỗ trợ lãi suất vay trong 2 năm đầu; "
                "ưu tiên hộ nghèo, hộ đồng bào dân tộc thiểu số."
            ),
            "changes": _changes(
                ("new", "Hỗ trợ lãi suất vay cho hợp tác xã liên kết tiêu thụ", "", "", True),
                ("amended", "Tăng mức hỗ trợ giống từ 30% lên 50%", "", "Quyết định số 08/2022 của UBND", False),
            ),
            "sections": _sections(
                ("article", "Điều 1", "Phạm vi và đối tượng", "dieu-1", "Chính sách áp dụng cho..."),
                ("article", "Điều 2", "Nội dung và mức hỗ trợ", "dieu-2", "Hỗ trợ giống, phân bón..."),
            ),
            "criteria": (True, True, False, True),
            "proposal": (today - 120 * day, today - 100 * day),
            "window": (at(-60, 7), at(-30, 17)),
            "original_closes": at(-35, 17),
            "extension_reason": "Kéo dài để tổ chức thêm hội nghị lấy ý kiến tại xã Ia Đal sau mùa mưa lũ.",
            "submitted_on": today - 10 * day,
        },
        {
            "code": "DT-2026-03",
            "title": "Quy định quản lý chợ và trật tự công cộng tại trung tâm xã",
            "slug": "quan-ly-cho-va-trat-tu-cong-cong",
            "unit": "ia-toi",
            "coordinating": ["trung-tam-vh"],
            "type": "Quyết định của Ủy ban nhân dân cấp xã",
            "fields": ["Thương mại, chợ", "Trật tự công cộng"],
            "stage": "proposal",
            "summary": (
                "Sắp xếp lại chỗ bán hàng ở chợ trung tâm xã, giờ họp chợ, nơi để xe và giữ vệ sinh, "
                "trật tự lòng đường quanh chợ."
            ),
            "necessity": _rich("Chợ trung tâm xã chật, hàng hóa lấn ra đường gây mất an toàn giao thông."),
            "purpose": _rich("Chợ gọn gàng, an toàn; người bán có chỗ ổn định; người mua đi lại thuận tiện."),
            "scope": _rich("Người bán hàng, ban quản lý chợ, người dân đến chợ trung tâm xã Ia Tơi."),
            "basic": _rich("Chia khu bán hàng; giờ họp chợ từ 5 giờ đến 18 giờ; cấm bày hàng dưới lòng đường."),
            "changes": _changes(
                ("new", "Cấm bày bán hàng dưới lòng đường quanh chợ", "", "", True),
            ),
            "sections": _sections(
                ("article", "Điều 1", "Khu vực bán hàng", "dieu-1", "Chợ chia thành các khu..."),
                ("article", "Điều 2", "Giờ họp chợ", "dieu-2", "Chợ họp từ 5 giờ..."),
            ),
            "criteria": (False, True, True, False),
            "proposal": (today - 3 * day, today + 10 * day),
            "window": (at(15, 7), at(45, 17)),
        },
        {
            "code": "DT-2025-07",
            "title": "Chính sách miễn, giảm thuế và phí chợ cho hộ kinh doanh nhỏ",
            "slug": "mien-giam-thue-phi-ho-kinh-doanh-nho",
            "unit": "phong-tc-kh",
            "coordinating": ["ia-toi", "mttq-huyen"],
            "type": "Nghị quyết của Hội đồng nhân dân cấp xã",
            "fields": ["Thuế, phí", "Thương mại, chợ"],
            "stage": "adopted",
            "summary": (
                "Miễn phí chợ 12 tháng và hướng dẫn thủ tục giảm thuế cho hộ kinh doanh nhỏ mới ra kinh doanh "
                "tại chợ trung tâm xã."
            ),
            "necessity": _rich("Nhiều hộ buôn bán nhỏ chưa đăng ký kinh doanh vì lo chi phí."),
            "purpose": _rich("Khuyến khích hộ kinh doanh đăng ký, buôn bán ổn định."),
            "scope": _rich("Hộ kinh doanh nhỏ có doanh thu dưới 100 triệu đồng một năm."),
            "basic": _rich("Miễn phí chợ 12 tháng đầu; cán bộ thuế hỗ trợ kê khai tại xã mỗi tháng một lần."),
            "changes": _changes(("new", "Miễn phí chợ 12 tháng đầu cho hộ mới đăng ký", "", "", False)),
            "sections": _sections(("article", "Điều 1", "Đối tượng được miễn, giảm", "dieu-1", "Hộ kinh doanh...")),
            "criteria": (True, True, True, True),
            "proposal": (today - 300 * day, today - 280 * day),
            "window": (at(-240, 7), at(-210, 17)),
            "submitted_on": today - 180 * day,
            "adopted_on": today - 150 * day,
            "adopted_reference": "07/2025/NQ-HĐND",
        },
    ]


def seed_drafts(index):
    """Four published drafts in different states, looked up by code. Returns {code: DraftPage}."""
    from django.utils import timezone

    from policies.models import DraftIndexPage, DraftPage

    DraftIndexPage.objects.filter(pk=index.pk, contact_address="").update(
        contact_address="Phòng Tư pháp, Ủy ban nhân dân xã Ia Tơi (bộ phận một cửa)",
        contact_hotline="0260 3 800 000",
    )
    types, fields = setup_catalogues()
    units = {unit.code: unit for unit in Unit.objects.all()}
    now = timezone.now().replace(second=0, microsecond=0)
    drafts = {}
    for spec in demo_drafts(now):
        draft = DraftPage.objects.filter(code=spec["code"]).first()
        if draft is None:
            criteria = spec["criteria"]
            draft = DraftPage(
                title=spec["title"],
                slug=spec["slug"],
                code=spec["code"],
                summary=spec["summary"],
                drafting_unit=units[spec["unit"]],
                document_type=types[spec["type"]],
                stage=spec["stage"],
                necessity=spec["necessity"],
                purpose=spec["purpose"],
                scope_and_subjects=spec["scope"],
                basic_content=spec["basic"],
                changes=spec["changes"],
                sections=spec["sections"],
                criterion_requires_proposal=criteria[0],
                criterion_rights_obligations=criteria[1],
                criterion_sensitive=criteria[2],
                criterion_wide_impact=criteria[3],
                proposal_opens=spec["proposal"][0],
                proposal_closes=spec["proposal"][1],
                consultation_opens=spec["window"][0],
                consultation_closes=spec["window"][1],
                original_closes=spec.get("original_closes"),
                extension_reason=spec.get("extension_reason", ""),
                submitted_on=spec.get("submitted_on"),
                adopted_on=spec.get("adopted_on"),
                adopted_reference=spec.get("adopted_reference", ""),
            )
            draft.coordinating_units = [units[code] for code in spec["coordinating"]]
            draft.policy_fields = [fields[name] for name in spec["fields"]]
            index.add_child(instance=draft)
            draft.save_revision().publish()
        drafts[spec["code"]] = draft
    return drafts
