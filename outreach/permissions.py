"""Who may see and change outreach data, always through policies.scope.

Activity records: a user sees the records reported by their units *or* held on
their communes' territory (a commune sees what the district did there), but
adds, changes, deletes, imports and undoes only records reported by their own
units — so nobody ever edits another unit's report. The Justice Office and
superusers see and change everything.

Roster: a member is seen and changed by the staff of their unit or commune,
phone and e-mail included; the Justice Office sees all.

Training sessions: the trainers' group registers sessions and changes only the
ones they registered; whoever oversees all units changes any.
"""

from django.db.models import Q

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail_modeladmin.helpers import PermissionHelper

from policies import scope

IMPORT_PERMISSION = "outreach.import_activityrecord"


def in_unit_or_commune(queryset, user):
    """Rows whose `unit` or `commune` is one of the user's units."""
    ids = scope.scoped_unit_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(Q(unit__in=ids) | Q(commune__in=ids))


def may_see_unit_or_commune(user, obj):
    return scope.may_act_for_unit(user, obj.unit_id) or (
        obj.commune_id is not None and scope.may_act_for_unit(user, obj.commune_id)
    )


visible_activities = in_unit_or_commune


def changeable_activities(queryset, user):
    return scope.filter_by_unit(queryset, user, field="unit")


def may_change_activity(user, record):
    return scope.may_act_for_unit(user, record.unit_id)


def may_see_activity(user, record):
    return may_see_unit_or_commune(user, record)


def may_import(user):
    return bool(user and user.is_active and user.has_perm(IMPORT_PERMISSION))


class ActivityPermissionHelper(PermissionHelper):
    def user_can_inspect_obj(self, user, obj):
        return self.user_can_list(user) and may_see_activity(user, obj)

    def user_can_edit_obj(self, user, obj):
        return super().user_can_edit_obj(user, obj) and may_change_activity(user, obj)

    def user_can_delete_obj(self, user, obj):
        return super().user_can_delete_obj(user, obj) and may_change_activity(user, obj)


class TrainingSessionPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed: without the all-units permission, only your own sessions change."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action in ("change", "delete") and not scope.sees_all_units(user):
            return instance.created_by_id == user.pk
        return True

    def instances_user_has_permission_for(self, user, action):
        queryset = super().instances_user_has_permission_for(user, action)
        if action in ("change", "delete") and not scope.sees_all_units(user):
            queryset = queryset.filter(created_by=user)
        return queryset


class RosterPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the roster members of the user's units and communes."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_see_unit_or_commune(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and may_see_unit_or_commune(user, instance)

    def instances_user_has_permission_for(self, user, action):
        return in_unit_or_commune(super().instances_user_has_permission_for(user, action), user)

    def instances_user_has_any_permission_for(self, user, actions):
        return in_unit_or_commune(super().instances_user_has_any_permission_for(user, actions), user)
