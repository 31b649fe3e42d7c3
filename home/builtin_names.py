"""Vietnamese names for the rows Wagtail's and Django's migrations create in English.

Wagtail's initial migrations make a root page and a root collection called "Root", a welcome page, the groups
"Moderators" and "Editors" and the "Moderators approval" workflow; Django names every permission "Can add …".
The admin shows them as stored, out of reach of a translation catalogue, so they are renamed after each migrate.
Only rows still carrying the built-in English name are touched: a name someone chose is left alone.
"""

from django.apps import apps
from django.utils import translation
from django.utils.translation import gettext

RENAMES = {
    # model label: (field, {English built-in name: Vietnamese name})
    "wagtailcore.page": ("title", {"Root": "Gốc", "Welcome to your new Wagtail site!": "Trang chào mừng"}),
    "wagtailcore.collection": ("name", {"Root": "Gốc"}),
    "auth.group": (
        "name",
        {"Moderators": "Duyệt trang (nhóm có sẵn của Wagtail)", "Editors": "Sửa trang (nhóm có sẵn của Wagtail)"},
    ),
    "wagtailcore.workflow": ("name", {"Moderators approval": "Duyệt trang chung"}),
    "wagtailcore.task": ("name", {"Moderators approval": "Duyệt trang chung"}),
}
DEFAULT_PERMISSION_VERBS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}


def rename_builtin_rows():
    for label, (field, names) in RENAMES.items():
        model = apps.get_model(label)
        unique = model._meta.get_field(field).unique
        for english, vietnamese in names.items():
            if unique and model._base_manager.filter(**{field: vietnamese}).exists():
                continue  # renaming would collide (a unique name): migrate must never fail over a label
            changes = {field: vietnamese}
            if label == "wagtailcore.page":
                changes["draft_title"] = vietnamese
            model._base_manager.filter(**{field: english}).update(**changes)
            if label == "wagtailcore.page":
                # Site history shows a page's title as it was logged (a script creating the root logs "Root").
                apps.get_model("wagtailcore.pagelogentry").objects.filter(label=english).update(label=vietnamese)


def permission_name(permission):
    """Vietnamese for Django's "Can add <model>" permissions and for Wagtail's own permission names."""
    action, _sep, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if model is not None and action in DEFAULT_PERMISSION_VERBS and model_name == model._meta.model_name:
        return f"{DEFAULT_PERMISSION_VERBS[action]} {model._meta.verbose_name}"
    return gettext(permission.name)


def rename_permissions():
    from django.contrib.auth.models import Permission

    for permission in Permission.objects.select_related("content_type"):
        vietnamese = permission_name(permission)
        if vietnamese and vietnamese != permission.name:
            Permission.objects.filter(pk=permission.pk).update(name=vietnamese[:255])


def vietnamese_builtin_names(app_config=None, **kwargs):
    """post_migrate: run once, after the last app's migrations and permissions."""
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if app_config is not None and app_config is not with_models[-1]:
        return
    with translation.override("vi"):
        rename_builtin_rows()
        rename_permissions()
