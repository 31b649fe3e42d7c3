"""Who may see and change outreach data: one policies.scope policy per model family.

Activity records: a user sees the records reported by their units *or* held on
their communes' territory (a commune sees what the district did there), but
adds, changes, deletes, imports and undoes only records reported by their own
units — so nobody ever edits another unit's report.

Roster: a member is seen and changed by the staff of their unit or commune,
phone and e-mail included.

Training sessions: seen by the staff of the organising unit; the trainers'
group registers sessions and changes only the ones they registered.

Import aliases (names saved from an import preview): seen by their unit's staff.

The Justice Office and superusers see and change everything.
"""

from outreach.models import ActivityRecord, ImportAlias, RosterMember, TrainingSession
from policies.scope import UnitScopedPermissionPolicy

IMPORT_PERMISSION = "outreach.import_activityrecord"

activity_policy = UnitScopedPermissionPolicy(ActivityRecord, see_paths=("unit", "commune"), change_paths=("unit",))
roster_policy = UnitScopedPermissionPolicy(RosterMember, see_paths=("unit", "commune"))
# Import aliases: a unit's staff see their unit's; the Justice Office (all units) manages every one.
alias_policy = UnitScopedPermissionPolicy(ImportAlias, see_paths=("unit",))
training_policy = UnitScopedPermissionPolicy(TrainingSession, see_paths=("organising_unit",), owner_field="created_by")


def may_import(user):
    return bool(user and user.is_active and user.has_perm(IMPORT_PERMISSION))
