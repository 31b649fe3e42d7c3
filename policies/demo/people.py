"""The organisation the demo portal speaks for, and one demo account per role."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from policies import roles
from policies.models import OrganisationIdentity, UnitMembership

DEMO_PASSWORD = "Demo@2026"  # noqa: S105 - printed for local development only, never set in production

# The identity settings of today's province, the Justice Office (field: value).
IDENTITY = {
    "issuing_body": "Phòng Tư pháp",
    "parent_body": "UBND tỉnh Quảng Ngãi",
    "abbreviation": "PTP",
    "place": "Quảng Ngãi",
    "hotline": "0260 3 800 000",
    "signer_title": "Trưởng phòng",
    "signer_name": "Nguyễn Thị Hoa",
}


@dataclass(frozen=True)
class Person:
    """A demo account: no role and no unit make a superuser."""

    username: str
    full_name: str
    role: str | None = None
    unit: str | None = None


PEOPLE = [
    Person(username="admin", full_name="Quản trị hệ thống"),
    Person(username="tuphap", full_name="Nguyễn Thị Hoa", role=roles.JUSTICE_OFFICE, unit="phong-tu-phap"),
    Person(username="bientap", full_name="Trần Văn Bình", role=roles.EDITOR, unit="phong-gd-dt"),
    Person(username="kiemduyet", full_name="Lê Thị Mai", role=roles.MODERATOR, unit="phong-gd-dt"),
    Person(username="xaiatoi", full_name="Y Sơn", role=roles.COMMUNE_STAFF, unit="ia-toi"),
    Person(username="taphuan", full_name="Phạm Minh Đức", role=roles.TRAINER, unit="phong-noi-vu"),
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


def seed_people(units):
    """Create the demo accounts in the role groups `setup_portal` made.

    Returns (username, role label, unit name) for each account, as `seed_demo` prints them.
    """
    user_model = get_user_model()
    accounts = []
    for person in PEOPLE:
        user = user_model.objects.filter(username=person.username).first()
        if user is None:
            user = _new_user(user_model, person)
        if person.role is not None:
            # Looked up, never created: a missing group means setup_portal has not run.
            user.groups.add(Group.objects.get(name=roles.group_name(person.role)))
        if person.unit:
            UnitMembership.objects.get_or_create(user=user, unit=units[person.unit])
        label = roles.group_name(person.role) if person.role else "Quản trị viên (superuser)"
        accounts.append((person.username, label, units[person.unit].display_name if person.unit else "—"))
    return accounts


def _new_user(user_model, person):
    # Vietnamese names put the family name first; Django joins first + last,
    # so the whole name goes in first_name and reads right everywhere.
    superuser = person.role is None
    user = user_model(
        username=person.username,
        first_name=person.full_name,
        email=f"{person.username}@example.invalid",
        is_staff=superuser,
        is_superuser=superuser,
    )
    if settings.DEBUG:
        user.set_password(DEMO_PASSWORD)
    else:
        user.set_unusable_password()
    user.save()
    return user
