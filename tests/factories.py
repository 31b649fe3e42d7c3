from django.contrib.auth import get_user_model

import factory
import wagtail_factories

from home.models import HomePage
from policies import roles
from policies.models import Unit, UnitMembership


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
