import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

import factory
import wagtail_factories

from home.models import HomePage
from policies import roles
from policies.models import DocumentType, DraftPage, PolicyField, Unit, UnitMembership


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda unit: unit.name.removeprefix("Xã "))
    code = factory.Sequence(lambda n: f"don-vi-{n}")
    kind = Unit.Kind.COMMUNE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"canbo{n}")
    first_name = factory.Faker("first_name", locale="vi_VN")
    last_name = factory.Faker("last_name", locale="vi_VN")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu")

    @factory.post_generation
    def role(user, create, role, **kwargs):
        if create and role:
            user.groups.add(roles.role_group(role))

    @factory.post_generation
    def units(user, create, units, **kwargs):
        if create:
            for unit in units or []:
                UnitMembership.objects.create(user=user, unit=unit)
            user.save()


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Cổng truyền thông dự thảo chính sách"
    intro = factory.Faker("sentence", locale="vi_VN")


# --- Comments (issue 3) -------------------------------------------------------


def consultation_draft_index():
    """The one draft index under the site's home page (created on first use)."""
    from wagtail.models import Page, Site

    from policies.models import DraftIndexPage

    index = DraftIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        home = HomePageFactory(parent=Page.get_first_root_node(), slug="trang-chu")
        Site.objects.update(root_page=home)
    return home.add_child(instance=DraftIndexPage(title="Dự thảo", slug="du-thao"))


class ConsultationDraftFactory(wagtail_factories.PageFactory):
    """A live draft whose consultation window is open now (pass opens/closes to change it)."""

    class Meta:
        model = "policies.DraftPage"

    title = factory.Sequence(lambda n: f"Dự thảo chính sách hỗ trợ số {n}")
    slug = factory.Sequence(lambda n: f"du-thao-{n}")
    code = factory.Sequence(lambda n: f"DT-2026-{n:03d}")
    summary = factory.Faker("sentence", locale="vi_VN")
    drafting_unit = factory.SubFactory(UnitFactory)
    stage = "draft"
    consultation_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))
    consultation_closes = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=25))
    parent = factory.LazyFunction(consultation_draft_index)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "policies.Comment"

    draft = factory.SubFactory(ConsultationDraftFactory)
    body = factory.Faker("paragraph", locale="vi_VN")
    name = factory.Faker("name", locale="vi_VN")
    publish_as = "name"
    state = "pending"


class SynthesisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "policies.Synthesis"

    draft = factory.SubFactory(ConsultationDraftFactory)
    number_symbol = factory.Sequence(lambda n: f"{n}/BC-PGDĐT")
    bodies_consulted = 12
    people_consulted = 40
    signer_title = "Trưởng phòng"
    signer_name = factory.Faker("name", locale="vi_VN")
    published = True


# Drafts (issue 3, draft pages).


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType

    name = factory.Sequence(lambda n: f"Nghị quyết loại {n}")
    min_consultation_days = 20


class PolicyFieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyField

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


def draft_index():
    """The /du-thao/ index under the home page, as setup_portal places it."""
    from wagtail.models import Collection

    from home.setup import setup_home
    from policies.setup import setup_draft_index

    # A live-server test flushes the database, root collection included; documents need it.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return setup_draft_index(setup_home())


class DraftPageFactory(wagtail_factories.PageFactory):
    """Pass parent=draft_index(). The window is open by default: now-5d .. now+20d."""

    class Meta:
        model = DraftPage

    title = factory.Sequence(lambda n: f"Dự thảo chính sách số {n}")
    slug = factory.Sequence(lambda n: f"du-thao-{n}")
    code = factory.Sequence(lambda n: f"DT-T-{n:04d}")
    summary = factory.Faker("sentence", locale="vi_VN")
    drafting_unit = factory.SubFactory(UnitFactory)
    stage = DraftPage.Stage.DRAFT
    consultation_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))
    consultation_closes = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    first_published_at = factory.LazyFunction(timezone.now)


# --- outreach -----------------------------------------------------------------

# The drafts the sample sheet names, with the codes seed_demo gives them.
SAMPLE_DRAFTS = {
    "Quy định mức hỗ trợ học sinh dân tộc thiểu số vùng đặc biệt khó khăn": "DT-2026-01",
    "Chính sách hỗ trợ phát triển sản xuất nông nghiệp giai đoạn 2026 - 2030": "DT-2026-02",
    "Quy định quản lý chợ và trật tự công cộng tại trung tâm xã": "DT-2026-03",
}
SAMPLE_DRAFT_TITLES = list(SAMPLE_DRAFTS)


def sample_drafts(drafting_unit=None):
    """The three drafts the sample sheet names: found by title (seed_demo may have made them), else created."""
    from home.setup import setup_home
    from policies.models import DraftPage
    from policies.setup import setup_draft_index

    drafts = []
    for number, (title, code) in enumerate(SAMPLE_DRAFTS.items(), 1):
        draft = DraftPage.objects.filter(title=title).first()
        if draft is None:
            unit = drafting_unit or Unit.objects.filter(code="phong-tu-phap").first() or UnitFactory()
            index = setup_draft_index(setup_home())
            draft = index.add_child(
                instance=DraftPage(
                    title=title,
                    slug=f"du-thao-mau-{number}",
                    code=code,
                    summary=title,
                    drafting_unit=unit,
                )
            )
        drafts.append(draft)
    return drafts


class CommunicationFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.CommunicationForm"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Hình thức {n}")


class RosterMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.RosterMember"

    full_name = factory.Faker("name", locale="vi_VN")
    unit = factory.SubFactory(UnitFactory)
    phone = factory.Sequence(lambda n: f"0905{n:06d}")
    email = factory.Sequence(lambda n: f"tuyentruyen{n}@example.invalid")


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.TrainingSession"

    title = factory.Sequence(lambda n: f"Tập huấn kỹ năng truyền thông chính sách {n}")
    starts_at = factory.Faker("future_datetime", end_date="+30d", tzinfo=datetime.UTC)
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=4))
    place = "Hội trường UBND xã"
    organising_unit = factory.SubFactory(UnitFactory)


class ActivityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.ActivityRecord"

    date = factory.Faker("date_between", start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2026, 6, 30))
    unit = factory.SubFactory(UnitFactory)
    form = factory.SubFactory(CommunicationFormFactory)
    content = factory.Faker("sentence", locale="vi_VN")
    sessions = 1
    participants = factory.Faker("random_int", min=0, max=300)
    cost = 500000


# Good practices and commendations (issue 11, part 4).


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.GoodPractice"

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Mô hình truyền thông hay số {n}")
    recorded_on = datetime.date(2026, 5, 1)
    description = factory.Faker("paragraph", locale="vi_VN")
    results = factory.Faker("sentence", locale="vi_VN")


class CommendationProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "outreach.CommendationProposal"

    proposing_unit = factory.SubFactory(UnitFactory)
    proposer_name = factory.Faker("name", locale="vi_VN")
    proposer_title = "Chủ tịch UBND xã"
    nominee_kind = "individual"
    nominee_name = factory.Faker("name", locale="vi_VN")
    nominee_position = "Tuyên truyền viên pháp luật"
    nominee_unit_name = factory.LazyAttribute(lambda item: item.proposing_unit.name)
    reason = factory.Faker("sentence", locale="vi_VN")
    level = "department_director"
    proposed_on = datetime.date(2026, 5, 1)
    status = "proposed"
