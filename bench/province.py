"""A province-sized dataset (issue 12, part 1), built in bulk on PostgreSQL or SQLite.

One province with 30 departments and 100 communes (about a third merged on 1 July 2025 from two or three
predecessors, linked by validity dates and successors), 2,000 drafts over five years with windows, stages,
fields and plans, 200,000 comments, 1,000,000 activity records, 5,000 roster members and 3,000 training
sessions with attendance. Deterministic (seeded), with a text progress bar on stderr.

    .venv/bin/python bench/province.py --database-url postgres://postgres@127.0.0.1:5432/province_db [--scale 1.0]

The database must be empty or hold only what `migrate` and `setup_portal` make: the script runs both
first (the production setup, not the demo). `--scale` multiplies every count (0.01 for a quick run). The last
line prints the time taken and the row counts. The bench/province_*.py scripts measure against it.
Staff accounts made here (no usable password; the benchmarks sign in with force_login): `pv-tuphap` (Justice
Office), `pv-xa` (clerk of a merged commune), `pv-kiemduyet` and `pv-taphuan` (moderator and trainer of a department).
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
import unicodedata
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REFORM_DAY = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = REFORM_DAY - datetime.timedelta(days=1)
ONE_DAY = datetime.timedelta(days=1)
YEARS = 5
BATCH = 5000

# Full-scale counts; --scale multiplies each, never below its floor (a tiny build keeps every kind of row).
COUNTS = {
    "departments": (30, 3),
    "communes": (100, 4),
    "drafts": (2000, 8),
    "comments": (200_000, 40),
    "activities": (1_000_000, 100),
    "roster": (5000, 12),
    "trainings": (3000, 6),
}
MERGED_SHARE = 0.3  # share of today's communes formed by merging predecessors

JUSTICE_CODE = "pv-so-tu-phap"
JUSTICE_USER = "pv-tuphap"
CLERK_USER = "pv-xa"
MODERATOR_USER = "pv-kiemduyet"
TRAINER_USER = "pv-taphuan"

DEPARTMENTS = [
    "Sở Tư pháp",
    "Sở Giáo dục và Đào tạo",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Y tế",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
    "Ban Quản lý Khu kinh tế",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Hội Nông dân tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Tỉnh đoàn",
    "Liên đoàn Lao động tỉnh",
    "Hội Cựu chiến binh tỉnh",
    "Tòa án nhân dân tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
    "Cục Thuế tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Bảo hiểm xã hội tỉnh",
    "Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh",
]
PLACE_NAMES = [
    "An Phú",
    "Bình Sơn",
    "Đông Hòa",
    "Tây Trà",
    "Sơn Hà",
    "Ba Tơ",
    "Minh Long",
    "Nghĩa Hành",
    "Đức Phổ",
    "Mộ Đức",
    "Tư Nghĩa",
    "Trà Bồng",
    "Lý Sơn",
    "Ia Tơi",
    "Ia Đal",
    "Đăk Tô",
    "Sa Thầy",
    "Kon Plông",
    "Ngọk Hồi",
    "Tu Mơ Rông",
]
TOPICS = [
    "mức thu phí, lệ phí và thuế tài nguyên",
    "hỗ trợ học sinh dân tộc thiểu số",
    "giá đất và bồi thường khi nhà nước thu hồi đất",
    "phát triển giao thông nông thôn",
    "chính sách thuế đối với hộ kinh doanh",
    "hỗ trợ sản xuất nông nghiệp hữu cơ",
    "bảo vệ môi trường làng nghề",
    "chế độ cho cán bộ không chuyên trách ở thôn",
    "phòng, chống thiên tai",
    "khám, chữa bệnh cho người nghèo",
    "quản lý chợ truyền thống",
    "đặt tên đường, phố và công trình công cộng",
]
KINDS = ["Nghị quyết", "Quyết định", "Quy định"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Y", "A"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thanh", "Ngọc", "Hữu", "Quốc", ""]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hoa", "Khánh", "Lan", "Long", "Mai", "Nam", "Sơn"]
COMMENT_TEXTS = [
    "Đề nghị nâng mức hỗ trợ cho hộ nghèo ở vùng đặc biệt khó khăn.",
    "Điều 3 cần ghi rõ thời hạn giải quyết hồ sơ.",
    "Tôi đồng ý với dự thảo, đề nghị sớm ban hành.",
    "Mức thu phí như dự thảo là quá cao so với thu nhập của người dân.",
    "Cần bổ sung đối tượng là người cao tuổi sống một mình.",
    "Đề nghị làm rõ cơ quan chịu trách nhiệm kiểm tra, giám sát.",
    "Thuế đối với hộ kinh doanh nhỏ nên được miễn trong năm đầu.",
    "Nên lấy ý kiến trực tiếp tại thôn, làng vì nhiều người không dùng mạng.",
]
ACTIVITY_TEXTS = [
    "Hội nghị phổ biến dự thảo tại nhà văn hóa thôn",
    "Phát thanh trên loa truyền thanh cơ sở",
    "Đăng tin trên trang thông tin điện tử",
    "Phát tờ gấp tại chợ phiên",
    "Đối thoại với người dân về chính sách mới",
    "Lồng ghép trong sinh hoạt chi hội",
    "Tuyên truyền qua nhóm Zalo của thôn",
]
FUNDING = ["Ngân sách xã", "Ngân sách tỉnh", "Lồng ghép chương trình", ""]


def scaled(name, scale):
    full, floor = COUNTS[name]
    return max(floor, round(full * scale))


class Progress:
    """A one-line text bar on a stream (stderr): label, bar, percent, count; redrawn at most ~10 times a second."""

    WIDTH = 30

    def __init__(self, label, total, stream=None):
        self.label, self.total, self.stream = label, max(total, 1), stream or sys.stderr
        self.done, self.started, self.drawn = 0, time.perf_counter(), 0.0
        self.draw()

    def advance(self, count=1):
        self.done += count
        now = time.perf_counter()
        if now - self.drawn >= 0.1 or self.done >= self.total:
            self.draw()

    def draw(self):
        self.drawn = time.perf_counter()
        share = min(self.done / self.total, 1.0)
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        seconds = self.drawn - self.started
        self.stream.write(f"\r{self.label:<12} [{bar}] {share:4.0%} {self.done:>9,}/{self.total:,} {seconds:5.1f}s")
        self.stream.flush()

    def close(self):
        self.done = self.total
        self.draw()
        self.stream.write("\n")
        self.stream.flush()


def batched(items, size=BATCH):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk(model, objects, progress=None, size=BATCH):
    """bulk_create in batches, advancing the bar; returns the created objects (with ids where the backend
    returns them: PostgreSQL and SQLite do)."""
    created = []
    for batch in batched(objects, size):
        created += model.objects.bulk_create(batch)
        if progress:
            progress.advance(len(batch))
    return created


def person_name(rng):
    middle = rng.choice(MIDDLE)
    return " ".join(part for part in (rng.choice(FAMILY), middle, rng.choice(GIVEN)) if part)


def aware(day, hour):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# --- Units and staff ---------------------------------------------------------------------------------------


def build_units(rng, scale):
    """The province, its departments, today's communes and the predecessors of the merged ones.

    Returns (departments, communes, predecessors): lists of Unit; `predecessors` maps a merged commune's pk
    to its predecessor units.
    """
    from policies.models import Unit
    from policies.naming import fold

    def unit(**fields):
        item = Unit(**fields)
        item.folded_names = "\n".join(fold(name) for name in item.all_names())  # what Unit.save() derives
        return item

    province = unit(
        code="pv-tinh", name="Tỉnh Quảng Ngãi", short_name="Quảng Ngãi", kind=Unit.Kind.PROVINCE, valid_from=None
    )
    province.save()
    department_count = scaled("departments", scale)
    names = DEPARTMENTS[:department_count] + [f"Cơ quan chuyên môn số {n}" for n in range(30, department_count)]
    departments = bulk(
        Unit,
        (
            unit(
                code=JUSTICE_CODE if n == 0 else f"pv-so-{n:03d}",
                name=name,
                short_name=name.replace("Sở ", "") if name.startswith("Sở ") else "",
                kind=Unit.Kind.OFFICE,
                parent=province,
            )
            for n, name in enumerate(names)
        ),
    )
    commune_count = scaled("communes", scale)
    merged_count = max(1, round(commune_count * MERGED_SHARE))
    commune_specs = []
    for n in range(commune_count):
        place = PLACE_NAMES[n % len(PLACE_NAMES)]
        label = place if n < len(PLACE_NAMES) else f"{place} {n // len(PLACE_NAMES) + 1}"
        kind = "Phường" if n % 7 == 0 else "Xã"
        commune_specs.append((n, f"{kind} {label}", label, n < merged_count))
    communes = bulk(
        Unit,
        (
            unit(
                code=f"pv-xa-{n:03d}",
                name=name,
                short_name=short,
                kind=Unit.Kind.COMMUNE,
                parent=province,
                aliases=f"UBND {name[0].lower()}{name[1:]}",
                # A merged commune exists from the reform day; the others carry on unchanged.
                valid_from=REFORM_DAY if merged else None,
            )
            for n, name, short, merged in commune_specs
        ),
    )
    predecessor_rows = []
    for commune in communes[:merged_count]:
        for k in range(rng.choice((2, 2, 3))):
            old = f"{commune.short_name} cũ {k + 1}"
            predecessor_rows.append(
                unit(
                    code=f"{commune.code}-cu-{k + 1}",
                    name=f"Xã {old}",
                    short_name=old,
                    kind=Unit.Kind.COMMUNE,
                    parent=province,
                    valid_to=LAST_DAY_BEFORE_REFORM,
                    successor=commune,
                )
            )
    created = bulk(Unit, predecessor_rows)
    predecessors = {}
    for old in created:
        predecessors.setdefault(old.successor_id, []).append(old)
    return departments, communes, predecessors


def build_staff(departments, communes, predecessors):
    """The accounts the admin benchmarks sign in as (no usable password); adds only those missing."""
    from django.contrib.auth import get_user_model

    from policies import roles
    from policies.models import UnitMembership

    merged = next(commune for commune in communes if commune.pk in predecessors)
    people = [
        (JUSTICE_USER, roles.JUSTICE_OFFICE, departments[0], "Nguyễn Thị Hoa"),
        (CLERK_USER, roles.COMMUNE_STAFF, merged, "Y Sơn"),
        (MODERATOR_USER, roles.MODERATOR, departments[1], "Lê Thị Mai"),
        (TRAINER_USER, roles.TRAINER, departments[min(3, len(departments) - 1)], "Phạm Minh Đức"),
    ]
    user_model = get_user_model()
    for username, role, unit, full_name in people:
        if user_model.objects.filter(username=username).exists():
            continue
        user = user_model(username=username, first_name=full_name, email=f"{username}@example.invalid")
        user.set_unusable_password()
        user.save()
        user.groups.add(roles.role_group(role))
        UnitMembership.objects.create(user=user, unit=unit)


def province_units():
    """(departments, today's communes, {merged commune pk: predecessors}) of a built province, as built."""
    from policies.models import Unit

    units = list(Unit.objects.filter(code__startswith="pv-").order_by("pk"))
    departments = [unit for unit in units if unit.kind == Unit.Kind.OFFICE]
    communes = [unit for unit in units if unit.kind == Unit.Kind.COMMUNE and unit.successor_id is None]
    predecessors = {}
    for unit in units:
        if unit.successor_id:
            predecessors.setdefault(unit.successor_id, []).append(unit)
    return departments, communes, predecessors


# --- Drafts --------------------------------------------------------------------------------------------------


def draft_dates(rng, opens_day, today):
    """Windows and lifecycle dates for a draft whose consultation opens on `opens_day`."""
    days = rng.choice((20, 30, 30, 30, 45, 60))
    opens = aware(opens_day, 7)
    closes = aware(opens_day + days * ONE_DAY, 17)
    dates = {"consultation_opens": opens, "consultation_closes": closes}
    if rng.random() < 0.6:
        dates["proposal_opens"] = opens_day - 75 * ONE_DAY
        dates["proposal_closes"] = opens_day - 45 * ONE_DAY
    submitted = closes.date() + rng.randint(10, 40) * ONE_DAY
    if submitted <= today:
        dates["submitted_on"] = submitted
        adopted = submitted + rng.randint(15, 60) * ONE_DAY
        if adopted <= today and rng.random() < 0.85:
            dates["adopted_on"] = adopted
    return dates


def stage_for(dates, opens_day, today, withdrawn):
    from policies.models import DraftPage

    if withdrawn:
        return DraftPage.Stage.WITHDRAWN
    if dates.get("adopted_on"):
        return DraftPage.Stage.ADOPTED
    if dates.get("submitted_on"):
        return DraftPage.Stage.SUBMITTED
    if opens_day <= today:
        return DraftPage.Stage.DRAFT
    return DraftPage.Stage.PROPOSAL


def build_drafts(rng, scale, departments, communes, today, progress_stream):
    """DraftPages bulk-created under /du-thao/: treebeard paths computed here, the page rows inserted in
    batches, then the DraftPage rows that extend them (Django's bulk_create refuses multi-table children)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from wagtail.models import Page

    from policies.models import DocumentType, DraftIndexPage, DraftPage, PolicyField
    from policies.naming import clean_text, fold

    index = DraftIndexPage.objects.get()
    last = index.get_last_child()
    first_step = int(last.path[-Page.steplen :], 36) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(DraftPage)
    types = list(DocumentType.objects.all())
    fields = list(PolicyField.objects.all())
    count = scaled("drafts", scale)
    start = today - datetime.timedelta(days=365 * YEARS)
    span = (today + 30 * ONE_DAY - start).days
    # Departments draft most policies; communes draft their own.
    drafters = departments * 4 + communes
    progress = Progress("drafts", count, progress_stream)
    drafts = []
    for n in range(count):
        opens_day = start + rng.randrange(span) * ONE_DAY
        dates = draft_dates(rng, opens_day, today)
        withdrawn = rng.random() < 0.03
        topic = rng.choice(TOPICS)
        unit = rng.choice(drafters)
        title = f"{rng.choice(KINDS)} quy định {topic} ({opens_day.year}, số {n + 1})"
        summary = f"Dự thảo quy định {topic} trên địa bàn tỉnh; người dân, tổ chức góp ý trong thời hạn lấy ý kiến."
        live = rng.random() < 0.95
        published = aware(opens_day - ONE_DAY, 9)
        in_scope = rng.random() < 0.7
        draft = DraftPage(
            title=title,
            draft_title=title,
            slug=f"du-thao-{opens_day.year}-{n + 1:04d}",
            content_type=content_type,
            path=Page._get_path(index.path, index.depth + 1, first_step + n),
            depth=index.depth + 1,
            numchild=0,
            url_path=f"{index.url_path}du-thao-{opens_day.year}-{n + 1:04d}/",
            locale_id=index.locale_id,
            translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            live=live,
            has_unpublished_changes=not live,
            first_published_at=published if live else None,
            last_published_at=published if live else None,
            latest_revision_created_at=published,
            code=f"DT-{opens_day.year}-{n + 1:04d}",
            summary=summary,
            drafting_unit_id=unit.pk,
            document_type_id=rng.choice(types).pk if types else None,
            stage=stage_for(dates, opens_day, today, withdrawn),
            necessity=f"<p>Việc ban hành quy định {topic} là cần thiết để thống nhất thực hiện.</p>",
            purpose="<p>Bảo đảm quyền, lợi ích hợp pháp của người dân và doanh nghiệp.</p>",
            scope_and_subjects="<p>Cơ quan, tổ chức, hộ gia đình và cá nhân trên địa bàn tỉnh.</p>",
            basic_content=f"<p>Quy định mức, đối tượng và thủ tục về {topic}.</p>",
            sections=[
                (
                    "section",
                    {
                        "kind": "article",
                        "number": f"Điều {k}",
                        "heading": heading,
                        "anchor": f"dieu-{k}",
                        "body": f"<p>{heading} của quy định {topic}.</p>",
                    },
                )
                for k, heading in enumerate(("Phạm vi điều chỉnh", "Đối tượng áp dụng", "Mức hỗ trợ"), start=1)
            ],
            criterion_requires_proposal=in_scope or rng.random() < 0.5,
            criterion_rights_obligations=in_scope or rng.random() < 0.5,
            criterion_sensitive=in_scope or rng.random() < 0.5,
            criterion_wide_impact=in_scope,
            withdrawn_on=opens_day + 10 * ONE_DAY if withdrawn else None,
            withdrawal_reason="Chủ trương thay đổi." if withdrawn else "",
            **dates,
        )
        # What DraftPage.save() derives, computed the same way.
        draft.search_folded = fold(" ".join(draft.searchable_texts()))
        draft.search_decomposed = unicodedata.normalize("NFD", clean_text(f"{title} {summary}"))
        drafts.append(draft)
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    own_fields = DraftPage._meta.local_concrete_fields
    for batch in batched(drafts, 500):
        pages = Page.objects.bulk_create(
            [Page(**{f.attname: getattr(draft, f.attname) for f in page_fields}) for draft in batch]
        )
        for page, draft in zip(pages, batch, strict=True):
            draft.pk = draft.id = draft.page_ptr_id = page.pk
        DraftPage.objects._insert(batch, fields=own_fields, using=connection.alias)  # noqa: SLF001
        progress.advance(len(batch))
    progress.close()
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    through = DraftPage.policy_fields.through
    if fields:
        bulk(
            through,
            (
                through(draftpage_id=draft.pk, policyfield_id=field.pk)
                for draft in drafts
                for field in rng.sample(fields, k=min(len(fields), rng.choice((1, 1, 2))))
            ),
        )
    return drafts


def index_for_search(models, progress_stream):
    """Wagtail's search index for the bulk-created rows (what save() signals would have queued)."""
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    for model in models:
        queryset = model.objects.all()
        progress = Progress(f"index {model._meta.model_name[:6]}", queryset.count(), progress_stream)
        for batch in batched(queryset.iterator(chunk_size=1000), 1000):
            backend.add_bulk(model, batch)
            progress.advance(len(batch))
        progress.close()


def build_plans(rng, drafts, departments, communes, today):
    from outreach.models import CommunicationForm
    from reports.models import AnnualPlan, AnnualPlanItem, CommunicationPlan, CommunicationPlanItem

    forms = list(CommunicationForm.objects.all())
    plans = bulk(
        CommunicationPlan,
        (
            CommunicationPlan(draft_id=draft.pk, lead_unit_id=draft.drafting_unit_id, notes="")
            for draft in drafts
            if rng.random() < 0.6
        ),
    )
    bulk(
        CommunicationPlanItem,
        (
            CommunicationPlanItem(
                plan_id=plan.pk,
                sort_order=k,
                stage=stage,
                form_id=rng.choice(forms).pk,
                activity="Truyền thông nội dung dự thảo",
                sessions=rng.randint(1, 5),
                budget=rng.choice((0, 2_000_000, 5_000_000)),
            )
            for plan in plans
            for k, stage in enumerate(("proposal", "draft", "adoption"))
        ),
    )
    current = communes + departments
    annual = bulk(
        AnnualPlan,
        (
            AnnualPlan(unit_id=unit.pk, year=year, trainings=rng.randint(1, 6), training_budget=10_000_000)
            for year in range(today.year - YEARS + 1, today.year + 1)
            for unit in current
        ),
    )
    bulk(
        AnnualPlanItem,
        (
            AnnualPlanItem(
                plan_id=plan.pk,
                sort_order=quarter,
                form_id=rng.choice(forms).pk,
                quarter=quarter,
                activity="Phổ biến dự thảo chính sách",
                sessions=rng.randint(2, 10),
                budget=rng.choice((0, 1_000_000, 3_000_000)),
            )
            for plan in annual
            for quarter in (1, 2, 3, 4)
        ),
    )
    return len(plans), len(annual)


# --- Comments, roster, trainings, activities ---------------------------------------------------------------


def build_comments(rng, scale, drafts, today, progress_stream):
    """Comments on live drafts whose window has opened, each received on a day inside its draft's window;
    a few hot drafts draw most of them."""
    from django.utils import timezone

    from policies.models import Comment
    from policies.models.comments import text_fingerprint

    open_drafts = [draft for draft in drafts if draft.live and draft.consultation_opens.date() <= today]
    weights = [rng.paretovariate(1.2) for _draft in open_drafts]
    count = scaled("comments", scale)
    chosen = rng.choices(open_drafts, weights=weights, k=count)
    fingerprints = {text: text_fingerprint(text) for text in COMMENT_TEXTS}
    states = ["approved"] * 6 + ["pending"] * 2 + ["hidden", "spam"]
    sources = [choice for choice, _label in Comment.Source.choices]
    progress = Progress("comments", count, progress_stream)

    def rows():
        for n, draft in enumerate(chosen):
            first = timezone.localtime(draft.consultation_opens).date()
            last = min(timezone.localtime(draft.consultation_closes).date(), today)
            day = first + rng.randrange((last - first).days + 1) * ONE_DAY
            text = rng.choice(COMMENT_TEXTS)
            state = rng.choice(states)
            closed = draft.consultation_closes.date() < today
            handling = rng.choice(("taken_in", "explained", "not_taken")) if closed and state == "approved" else ""
            created = aware(day, rng.randint(7, 21))
            yield Comment(
                draft_id=draft.pk,
                receipt=f"GY-{day.year}-{n:07d}",
                body=text,
                text_fingerprint=fingerprints[text],
                name=person_name(rng) if rng.random() < 0.6 else "",
                organisation=rng.choice(("", "", "Hội Nông dân xã", "Thôn 2", "Doanh nghiệp tư nhân")),
                contact=f"09{rng.randrange(10**8):08d}" if rng.random() < 0.5 else "",
                section=rng.choice(("", "", "dieu-1", "dieu-3")),
                publish_as=rng.choice(("name", "anonymous", "anonymous", "private")),
                source=rng.choice(sources) if rng.random() < 0.3 else "online",
                received_on=day,
                created_at=created,
                state=state,
                moderated_at=created + ONE_DAY if state != "pending" else None,
                handling=handling,
                response="Cơ quan soạn thảo đã tiếp thu, chỉnh sửa." if handling == "taken_in" else "",
                handled_at=created + 20 * ONE_DAY if handling else None,
            )

    bulk(Comment, rows(), progress)
    progress.close()
    return count


def build_roster(rng, scale, departments, communes, progress_stream):
    from outreach.models import RosterMember

    count = scaled("roster", scale)
    progress = Progress("roster", count, progress_stream)

    def rows():
        for n in range(count):
            reporter = rng.random() < 0.3
            commune = rng.choice(communes)
            yield RosterMember(
                full_name=person_name(rng),
                role=RosterMember.Role.REPORTER if reporter else RosterMember.Role.PROPAGANDIST,
                unit_id=rng.choice(departments).pk if reporter else commune.pk,
                commune_id=None if reporter else commune.pk,
                decision_number=f"{n + 1}/QĐ-UBND",
                decision_date=datetime.date(2025, 8, 1),
                term="2025 - 2030",
                active=rng.random() < 0.93,
                phone=f"09{n:08d}",
            )

    members = bulk(RosterMember, rows(), progress)
    progress.close()
    return members


def build_trainings(rng, scale, departments, communes, members, drafts, today, progress_stream):
    from outreach.models import TrainingAttendance, TrainingSession

    count = scaled("trainings", scale)
    start = today - datetime.timedelta(days=365 * YEARS)
    span = (today + 90 * ONE_DAY - start).days
    organisers = departments[:1] * 10 + departments + communes
    progress = Progress("trainings", count, progress_stream)

    def rows():
        for n in range(count):
            day = start + rng.randrange(span) * ONE_DAY
            past = day < today
            state = ("held" if rng.random() < 0.95 else "cancelled") if past else "planned"
            yield TrainingSession(
                title=f"Tập huấn kỹ năng truyền thông dự thảo chính sách, lớp {n + 1}",
                topics="Kỹ năng truyền thông; quy trình lấy ý kiến",
                audience_types=["commune_propagandists"] if rng.random() < 0.6 else ["district_reporters"],
                starts_at=aware(day, 8),
                ends_at=aware(day, 17),
                place="Hội trường Ủy ban nhân dân",
                organising_unit_id=rng.choice(organisers).pk,
                capacity=rng.choice((None, 40, 80)),
                state=state,
            )

    sessions = bulk(TrainingSession, rows(), progress)
    progress.close()
    held = [session for session in sessions if session.state == "held"]
    bulk(
        TrainingAttendance,
        (
            TrainingAttendance(session_id=session.pk, member_id=member.pk, sort_order=k)
            for session in held
            for k, member in enumerate(rng.sample(members, k=min(len(members), rng.randint(5, 30))))
        ),
    )
    live = [draft for draft in drafts if draft.live]
    through = TrainingSession.related_drafts.through
    bulk(
        through,
        (
            through(trainingsession_id=session.pk, draftpage_id=rng.choice(live).pk)
            for session in sessions
            if live and rng.random() < 0.3
        ),
    )
    return sessions


def build_activities(rng, scale, departments, communes, predecessors, drafts, members, today, progress_stream):
    """Activity records over five years: communes (the one valid on the day: a merged commune's predecessor
    before the reform) and departments (with the commune where it was held, if any)."""
    import bisect

    from outreach.models import ActivityRecord, CommunicationForm
    from outreach.models.activities import activity_fingerprint
    from policies.naming import fold

    forms = [form.pk for form in CommunicationForm.objects.all()]
    count = scaled("activities", scale)
    start = today - datetime.timedelta(days=365 * YEARS)
    span = (today - start).days + 1
    by_opening = sorted((draft.consultation_opens.date(), draft.pk) for draft in drafts if draft.live)
    opening_days = [day for day, _pk in by_opening]
    folded = {}
    progress = Progress("activities", count, progress_stream)

    def commune_on(commune, day):
        if day < REFORM_DAY and commune.pk in predecessors:
            return rng.choice(predecessors[commune.pk])
        return commune

    def rows():
        for _n in range(count):
            day = start + rng.randrange(span) * ONE_DAY
            if rng.random() < 0.75:
                unit = commune_on(rng.choice(communes), day)
                commune = unit
            else:
                unit = rng.choice(departments)
                commune = commune_on(rng.choice(communes), day) if rng.random() < 0.5 else None
            draft_id = None
            if rng.random() < 0.5:
                # A draft whose consultation opened within ~90 days before the activity.
                low = bisect.bisect_left(opening_days, day - 90 * ONE_DAY)
                high = bisect.bisect_right(opening_days, day + 20 * ONE_DAY)
                if high > low:
                    draft_id = by_opening[rng.randrange(low, high)][1]
            content = rng.choice(ACTIVITY_TEXTS)
            funding = rng.choice(FUNDING)
            form_id = rng.choice(forms)
            sessions = rng.randint(1, 3)
            participants = rng.randint(0, 300)
            cost = rng.choice((0, 0, 200_000, 500_000, 1_500_000))
            if (content, funding) not in folded:
                folded[content, funding] = fold(" ".join(filter(None, [content, funding])))
            commune_id = commune.pk if commune else None
            yield ActivityRecord(
                date=day,
                unit_id=unit.pk,
                commune_id=commune_id,
                draft_id=draft_id,
                form_id=form_id,
                content=content,
                sessions=sessions,
                participants=participants,
                cost=cost,
                funding_source=funding,
                entry_method="import" if rng.random() < 0.6 else "manual",
                search_text=folded[content, funding],
                fingerprint=activity_fingerprint(
                    day, unit.pk, commune_id, draft_id, form_id, content, sessions, participants, cost, funding
                ),
            )

    through = ActivityRecord.reporters.through
    linked = 0
    for batch in batched(rows()):
        created = ActivityRecord.objects.bulk_create(batch)
        links = [
            through(activityrecord_id=record.pk, rostermember_id=rng.choice(members).pk)
            for record in created
            if rng.random() < 0.05
        ]
        through.objects.bulk_create(links)
        linked += len(links)
        progress.advance(len(batch))
    progress.close()
    return count


# --- Entry points --------------------------------------------------------------------------------------------


def build(scale=1.0, seed=2026, today=None, progress_stream=None):
    """Build the province into the current (migrated, set-up) database. Returns {name: row count}."""
    from django.db import connection, transaction
    from django.utils import timezone

    from wagtail.signal_handlers import disable_reference_index_auto_update

    from outreach.models import RosterMember, TrainingSession
    from policies.models import DraftPage, Unit

    rng = random.Random(seed)
    today = today or timezone.localdate()
    stream = progress_stream or sys.stderr
    with disable_reference_index_auto_update(), transaction.atomic():
        departments, communes, predecessors = build_units(rng, scale)
        build_staff(departments, communes, predecessors)
        drafts = build_drafts(rng, scale, departments, communes, today, stream)
        build_plans(rng, drafts, departments, communes, today)
        build_comments(rng, scale, drafts, today, stream)
        members = build_roster(rng, scale, departments, communes, stream)
        build_trainings(rng, scale, departments, communes, members, drafts, today, stream)
        build_activities(rng, scale, departments, communes, predecessors, drafts, members, today, stream)
        index_for_search([Unit, DraftPage, RosterMember, TrainingSession], stream)
    # A deployment's autovacuum gathers statistics soon after a load; without them the planner guesses wrong.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return row_counts()


def row_counts():
    from outreach.models import ActivityRecord, RosterMember, TrainingAttendance, TrainingSession
    from policies.models import Comment, DraftPage, Unit
    from reports.models import AnnualPlan, CommunicationPlan

    return {
        "units": Unit.objects.count(),
        "drafts": DraftPage.objects.count(),
        "plans": CommunicationPlan.objects.count() + AnnualPlan.objects.count(),
        "comments": Comment.objects.count(),
        "activities": ActivityRecord.objects.count(),
        "roster": RosterMember.objects.count(),
        "trainings": TrainingSession.objects.count(),
        "attendances": TrainingAttendance.objects.count(),
    }


def setup_django(database_url, settings_module="bench.settings"):
    """Point Django at `database_url` and set it up; shared by the bench/province_*.py scripts."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    # An empty static folder keeps WhiteNoise quiet; files come from the finders (as bench/public_pages.py does).
    os.environ.setdefault("BENCH_STATIC_ROOT", tempfile.mkdtemp(prefix="bench-static-"))
    import django

    django.setup()


def database_argument(parser):
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="PostgreSQL or SQLite URL (default: $DATABASE_URL)",
    )


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measure(call, runs, before=None):
    """Run `call()` `runs` times (after `before()` each time, untimed); returns the medians of wall seconds,
    process CPU seconds and query count, and the last result. Queries are counted with CaptureQueriesContext."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    walls, cpus, queries, result = [], [], [], None
    for _run in range(runs):
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            result = call()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        walls.append(wall)
        cpus.append(cpu)
        queries.append(len(captured))
    return median(walls), median(cpus), median(queries), result


def runs_argument(parser, default):
    parser.add_argument("--runs", type=int, default=default, help=f"runs per figure, median kept (default {default})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    database_argument(parser)
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count (default 1.0)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL")
    started, cpu_started = time.perf_counter(), time.process_time()
    setup_django(args.database_url)
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("migrate", verbosity=0, stdout=devnull)
        call_command("setup_portal", stdout=devnull)
    from policies.models import Unit

    if Unit.objects.exists():
        raise SystemExit("The database already holds units: build the province into an empty database.")
    counts = build(args.scale, args.seed)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    summary = ", ".join(f"{name} {value:,}" for name, value in counts.items())
    # CPU time too: on a shared machine the wall time says more about the neighbours than about the build.
    print(f"province built in {seconds:.0f} s ({cpu:.0f} s CPU in this process) at scale {args.scale:g}: {summary}")


if __name__ == "__main__":
    main()
