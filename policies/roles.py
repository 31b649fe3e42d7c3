"""Staff roles named in the plan, as Django groups with their permissions.

Each app adds the permissions its models need with `grant()` in its
`AppConfig.ready()`; the groups are (re)synchronised after every migrate, so a
fresh database and the test database always have them.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

EDITOR = "editor"
MODERATOR = "moderator"
COMMUNE_STAFF = "commune_staff"
TRAINER = "trainer"
JUSTICE_OFFICE = "justice_office"

# Group names are what administrators read in the admin.
GROUP_NAMES = {
    EDITOR: _("Biên tập viên cơ quan soạn thảo"),
    MODERATOR: _("Người kiểm duyệt góp ý"),
    COMMUNE_STAFF: _("Cán bộ xã báo cáo hoạt động"),
    TRAINER: _("Người tổ chức tập huấn"),
    JUSTICE_OFFICE: _("Phòng Tư pháp (tổng hợp)"),
}

ROLE_PERMISSIONS: dict[str, set[str]] = {role: {"wagtailadmin.access_admin"} for role in GROUP_NAMES}


def grant(role, *permissions):
    """Give `role` the permissions named "app_label.codename"."""
    ROLE_PERMISSIONS[role].update(permissions)


def group_name(role):
    return str(GROUP_NAMES[role])


def role_group(role):
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=group_name(role))[0]


def sync_role_groups():
    """Create each role's group and give it exactly the granted permissions that exist."""
    from django.contrib.auth.models import Permission

    for role, names in ROLE_PERMISSIONS.items():
        wanted = []
        for name in sorted(names):
            app_label, codename = name.split(".", 1)
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                wanted.append(permission)
        group = role_group(role)
        group.permissions.add(*wanted)


def sync_after_migrate(app_config, **kwargs):
    # Permissions of every app exist only once the last app's post_migrate has run.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and app_config is with_models[-1]:
        sync_role_groups()


def has_role(user, role):
    """Whether `user` is in the role's group; the group names are read once per request's user."""
    if not user or not user.is_authenticated:
        return False
    names = getattr(user, "_portal_group_names", None)
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user._portal_group_names = names
    return group_name(role) in names
