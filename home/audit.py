"""Before/after entries in Wagtail's audit log for changes to users, groups and unit memberships.

Wagtail logs that a user or group was edited, not what changed. These signal handlers add, for each change a
signed-in person makes in the admin (Wagtail's admin opens a log context with that person), which fields
went from what to what. Passwords never appear: only that one was changed. Changes made by commands
(setup, demo data, migrations) have no such person and are not logged.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter, get_active_log_context, log

from policies.models import UnitMembership

CHANGE_ACTION = "portal.change"
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_superuser")
_BEFORE = "_audit_before"


class ChangeFormatter(LogFormatter):
    label = _("Thay đổi chi tiết (trước → sau)")

    def format_message(self, log_entry):
        parts = []
        for change in log_entry.data.get("changes", []):
            if change.get("hidden"):
                parts.append(_("%(field)s: đã đổi") % {"field": change["field"]})
            else:
                parts.append(
                    _("%(field)s: “%(old)s” → “%(new)s”")
                    % {"field": change["field"], "old": change["old"] or "—", "new": change["new"] or "—"}
                )
        return "; ".join(str(part) for part in parts)


def acting_user():
    return get_active_log_context().user


def log_changes(instance, changes):
    if changes and acting_user() is not None:
        log(instance, CHANGE_ACTION, data={"changes": changes})


def shown(value):
    if isinstance(value, bool):
        return str(_("có") if value else _("không"))
    return "" if value is None else str(value)


def change(model, field_name, old, new):
    return {"field": str(model._meta.get_field(field_name).verbose_name), "old": shown(old), "new": shown(new)}


# ---------------------------------------------------------------- users


def remember_user(sender, instance, **kwargs):
    if instance.pk and acting_user() is not None:
        old = sender.objects.filter(pk=instance.pk).values(*USER_FIELDS, "password").first()
        setattr(instance, _BEFORE, old)


def log_user_saved(sender, instance, created, **kwargs):
    old = getattr(instance, _BEFORE, None)
    changes = []
    for name in USER_FIELDS:
        new = getattr(instance, name)
        if (created and new not in ("", None, False)) or (old is not None and old[name] != new):
            changes.append(change(sender, name, old[name] if old else None, new))
    if old is not None and old["password"] != instance.password:
        changes.append({"field": str(_("mật khẩu")), "old": "", "new": "", "hidden": True})
    log_changes(instance, changes)
    if old is not None:
        delattr(instance, _BEFORE)


def names(queryset):
    return ", ".join(sorted(str(item) for item in queryset))


def remember_related(sender, instance, action, reverse, **kwargs):
    """m2m_changed on a user's groups or a group's permissions: the names before, then an entry once done.
    The reverse direction (a group's users) is not edited in the admin."""
    if reverse or acting_user() is None:
        return
    if isinstance(instance, Group):
        manager, label = instance.permissions, _("quyền")
    else:
        manager, label = instance.groups, _("nhóm")
    if action.startswith("pre_"):
        setattr(instance, _BEFORE + "_related", names(manager.all()))
    elif action.startswith("post_"):
        before = getattr(instance, _BEFORE + "_related", "")
        after = names(manager.all())
        if before != after:
            log_changes(instance, [{"field": str(label), "old": before, "new": after}])


# ---------------------------------------------------------------- groups


def remember_group(sender, instance, **kwargs):
    if instance.pk and acting_user() is not None:
        setattr(instance, _BEFORE, sender.objects.filter(pk=instance.pk).values_list("name", flat=True).first())


def log_group_saved(sender, instance, created, **kwargs):
    old = getattr(instance, _BEFORE, None)
    if created or (old is not None and old != instance.name):
        log_changes(instance, [change(sender, "name", old or "", instance.name)])


# ---------------------------------------------------------------- unit memberships


def members(unit_id):
    queryset = UnitMembership.objects.filter(unit_id=unit_id).select_related("user")
    return ", ".join(sorted(membership.user.get_username() for membership in queryset))


def remember_members(sender, instance, **kwargs):
    if acting_user() is not None and instance.unit_id:
        setattr(instance, _BEFORE, members(instance.unit_id))


def log_members_changed(sender, instance, **kwargs):
    before = getattr(instance, _BEFORE, None)
    if before is None:
        return
    after = members(instance.unit_id)
    if before != after:
        field = str(UnitMembership._meta.verbose_name_plural)
        log_changes(instance.unit, [{"field": field, "old": before, "new": after}])


def connect_signals():
    user_model = get_user_model()
    pre_save.connect(remember_user, sender=user_model, dispatch_uid="audit_user_before")
    post_save.connect(log_user_saved, sender=user_model, dispatch_uid="audit_user_saved")
    pre_save.connect(remember_group, sender=Group, dispatch_uid="audit_group_before")
    post_save.connect(log_group_saved, sender=Group, dispatch_uid="audit_group_saved")
    m2m_changed.connect(remember_related, sender=user_model.groups.through, dispatch_uid="audit_user_groups")
    m2m_changed.connect(remember_related, sender=Group.permissions.through, dispatch_uid="audit_group_permissions")
    for signal, handler in ((pre_save, remember_members), (pre_delete, remember_members)):
        signal.connect(handler, sender=UnitMembership, dispatch_uid=f"audit_members_before_{signal is pre_save}")
    post_save.connect(log_members_changed, sender=UnitMembership, dispatch_uid="audit_members_saved")
    post_delete.connect(log_members_changed, sender=UnitMembership, dispatch_uid="audit_members_deleted")
