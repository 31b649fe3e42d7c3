"""Demo data for the seed plan's district (Ia H'Drai) and today's map.

Every function is idempotent: objects are looked up by a natural key and left
alone when they exist, so a second `seed_demo` changes nothing.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model

from policies import roles
from policies.models import Unit, UnitMembership

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

# username, role (None: superuser), unit code, full name
PEOPLE = [
    ("admin", None, None, "Quản trị hệ thống"),
    ("tuphap", roles.JUSTICE_OFFICE, "phong-tu-phap", "Nguyễn Thị Hoa"),
    ("bientap", roles.EDITOR, "phong-gd-dt", "Trần Văn Bình"),
    ("kiemduyet", roles.MODERATOR, "phong-gd-dt", "Lê Thị Mai"),
    ("xaiatoi", roles.COMMUNE_STAFF, "ia-toi", "Y Sơn"),
    ("taphuan", roles.TRAINER, "phong-noi-vu", "Phạm Minh Đức"),
]


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


def seed_draft_index(home):
    from policies.models import DraftIndexPage

    index = DraftIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=DraftIndexPage(
                title="Dự thảo chính sách lấy ý kiến",
                slug="du-thao",
                intro="Các dự thảo chính sách có tác động lớn đến xã hội đang và đã lấy ý kiến Nhân dân.",
            )
        )
    return index


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
