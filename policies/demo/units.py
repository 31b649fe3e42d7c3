"""The demo's units: the seed plan's district of Ia H'Drai (Kon Tum) and today's map (Quảng Ngãi),
linked by validity dates and successors (Ia Dom merged into Ia Tơi on 1 July 2025)."""

import datetime
from dataclasses import dataclass

from policies import models

REFORM_DAY = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = REFORM_DAY - datetime.timedelta(days=1)

K = models.Unit.Kind


@dataclass(frozen=True)
class Unit:
    """One demo unit; `parent` and `successor` name other units by code."""

    code: str
    name: str
    short_name: str
    kind: str
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    successor: str | None = None


# A successor is listed before the units it succeeds, so the loader finds it.
UNITS = [
    Unit(
        code="quang-ngai",
        name="Tỉnh Quảng Ngãi",
        short_name="Quảng Ngãi",
        kind=K.PROVINCE,
        aliases=("UBND tỉnh Quảng Ngãi",),
        valid_from=REFORM_DAY,
    ),
    Unit(
        code="kon-tum",
        name="Tỉnh Kon Tum",
        short_name="Kon Tum",
        kind=K.PROVINCE,
        aliases=("UBND tỉnh Kon Tum",),
        valid_to=LAST_DAY_BEFORE_REFORM,
        successor="quang-ngai",
    ),
    Unit(
        code="ia-hdrai",
        name="Huyện Ia H'Drai",
        short_name="Ia H'Drai",
        kind=K.DISTRICT,
        parent="kon-tum",
        aliases=("UBND huyện Ia H'Drai", "Ủy ban nhân dân huyện", "UBND huyện"),
        valid_to=LAST_DAY_BEFORE_REFORM,
    ),
    Unit(
        code="phong-tu-phap",
        name="Phòng Tư pháp huyện Ia H'Drai",
        short_name="Phòng Tư pháp",
        kind=K.OFFICE,
        parent="ia-hdrai",
        aliases=("Phòng Tư pháp", "PTP"),
    ),
    Unit(
        code="phong-gd-dt",
        name="Phòng Giáo dục và Đào tạo",
        short_name="Phòng GD&ĐT",
        kind=K.OFFICE,
        parent="ia-hdrai",
        aliases=("Phòng Giáo dục", "Phòng GDĐT"),
    ),
    Unit(
        code="trung-tam-vh",
        name="Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông huyện",
        short_name="Trung tâm VH-TT-DL&TT",
        kind=K.OFFICE,
        parent="ia-hdrai",
        aliases=("Trung tâm Văn hóa", "Trung tâm VHTTDL&TT"),
    ),
    Unit(
        code="phong-tc-kh",
        name="Phòng Tài chính - Kế hoạch",
        short_name="Phòng TC-KH",
        kind=K.OFFICE,
        parent="ia-hdrai",
        aliases=("Phòng Tài chính",),
    ),
    Unit(
        code="phong-noi-vu",
        name="Phòng Nội vụ",
        short_name="Phòng Nội vụ",
        kind=K.OFFICE,
        parent="ia-hdrai",
        aliases=("Phòng Tổ chức - Nội vụ",),
    ),
    Unit(
        code="mttq-huyen",
        name="Ủy ban Mặt trận Tổ quốc Việt Nam huyện",
        short_name="Ủy ban MTTQ huyện",
        kind=K.MASS_ORGANISATION,
        parent="ia-hdrai",
        aliases=("MTTQ huyện", "Ủy ban MTTQVN huyện"),
    ),
    Unit(code="toa-an-huyen", name="Tòa án nhân dân huyện", short_name="TAND huyện", kind=K.COURT, parent="ia-hdrai"),
    Unit(
        code="vks-huyen",
        name="Viện Kiểm sát nhân dân huyện",
        short_name="VKSND huyện",
        kind=K.PROCURACY,
        parent="ia-hdrai",
    ),
    Unit(
        code="ban-tuyen-giao",
        name="Ban Tuyên giáo Huyện ủy",
        short_name="Ban Tuyên giáo",
        kind=K.OTHER,
        parent="ia-hdrai",
    ),
    Unit(
        code="hd-pbgdpl",
        name="Hội đồng phối hợp phổ biến, giáo dục pháp luật huyện",
        short_name="Hội đồng PBGDPL huyện",
        kind=K.COUNCIL,
        parent="ia-hdrai",
        aliases=("Hội đồng PBGDPL",),
        valid_to=LAST_DAY_BEFORE_REFORM,
    ),
    # Today's communes
    Unit(
        code="ia-toi",
        name="Xã Ia Tơi",
        short_name="Ia Tơi",
        kind=K.COMMUNE,
        parent="quang-ngai",
        aliases=("UBND xã Ia Tơi", "Ủy ban nhân dân xã Ia Tơi"),
        valid_from=REFORM_DAY,
    ),
    Unit(
        code="ia-dal",
        name="Xã Ia Đal",
        short_name="Ia Đal",
        kind=K.COMMUNE,
        parent="quang-ngai",
        aliases=("UBND xã Ia Đal", "Ủy ban nhân dân xã Ia Đal"),
        valid_from=REFORM_DAY,
    ),
    # The seed plan's communes, until the reform
    Unit(
        code="ia-toi-cu",
        name="Xã Ia Tơi (trước 01/7/2025)",
        short_name="Ia Tơi",
        kind=K.COMMUNE,
        parent="ia-hdrai",
        aliases=("UBND xã Ia Tơi",),
        valid_to=LAST_DAY_BEFORE_REFORM,
        successor="ia-toi",
    ),
    Unit(
        code="ia-dom",
        name="Xã Ia Dom",
        short_name="Ia Dom",
        kind=K.COMMUNE,
        parent="ia-hdrai",
        aliases=("UBND xã Ia Dom", "Ủy ban nhân dân xã Ia Dom"),
        valid_to=LAST_DAY_BEFORE_REFORM,
        successor="ia-toi",
    ),
    Unit(
        code="ia-dal-cu",
        name="Xã Ia Đal (trước 01/7/2025)",
        short_name="Ia Đal",
        kind=K.COMMUNE,
        parent="ia-hdrai",
        aliases=("UBND xã Ia Đal",),
        valid_to=LAST_DAY_BEFORE_REFORM,
        successor="ia-dal",
    ),
]


def seed_units():
    """Create the units that do not exist yet. Returns {code: Unit model} for every demo unit."""
    by_code = {}
    for record in UNITS:
        unit = models.Unit.objects.filter(code=record.code).first()
        if unit is None:
            unit = models.Unit.objects.create(
                code=record.code,
                name=record.name,
                short_name=record.short_name,
                kind=record.kind,
                parent=_unit(by_code, record.parent),
                aliases="\n".join(record.aliases),
                valid_from=record.valid_from,
                valid_to=record.valid_to,
                successor=_unit(by_code, record.successor),
            )
        by_code[record.code] = unit
    return by_code


def _unit(by_code, code):
    if code is None:
        return None
    return by_code.get(code) or models.Unit.objects.filter(code=code).first()
