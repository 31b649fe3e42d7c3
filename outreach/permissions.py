"""Who may see and change outreach data: one policies.scope policy per model family.

Activity records: a user sees the records reported by their units *or* held on
their communes' territory (a commune sees what the district did there), but
adds, changes, deletes, imports and undoes only records reported by their own
units — so nobody ever edits another unit's report.

Roster: a member is seen and changed by the staff of their unit or commune,
phone and e-mail included.

Training sessions: seen by the staff of the organising unit; the trainers'
group registers sessions and changes only the ones they registered.

Trainees: the plan (III.6.2) has district offices train the district's legal
reporters and every commune's legal propagandists. So whoever may register
sessions picks, as trainers and attendees, the roster of their own units plus
the reporters and propagandists of the territory their units serve (an office's
district, a commune itself) — by name and unit only: phone and e-mail stay with
the member's own unit (the roster listing is unchanged).

Import aliases (names saved from an import preview): seen by their unit's staff.

Good practices and commendation proposals: seen and changed by the staff of the unit that recorded or
proposed them (and of the units above it).

The Justice Office and superusers see and change everything.
"""

from django.db.models import Q

from outreach.models import (
    ActivityRecord,
    CommendationProposal,
    GoodPractice,
    ImportAlias,
    RosterMember,
    TrainingSession,
)
from policies.models import Unit, UnitMembership
from policies.models.units import descendant_ids
from policies.scope import UnitScopedPermissionPolicy, scoped_unit_ids

IMPORT_PERMISSION = "outreach.import_activityrecord"
TRAIN_PERMISSION = "outreach.add_trainingsession"
TRAINEE_ROLES = (RosterMember.Role.REPORTER, RosterMember.Role.PROPAGANDIST)
# Units that stand for a territory; an office, court or mass organisation serves its parent's.
TERRITORIAL_KINDS = frozenset({Unit.Kind.PROVINCE, Unit.Kind.DISTRICT, Unit.Kind.COMMUNE})

activity_policy = UnitScopedPermissionPolicy(ActivityRecord, see_paths=("unit", "commune"), change_paths=("unit",))
roster_policy = UnitScopedPermissionPolicy(RosterMember, see_paths=("unit", "commune"))
# Import aliases: a unit's staff see their unit's; the Justice Office (all units) manages every one.
alias_policy = UnitScopedPermissionPolicy(ImportAlias, see_paths=("unit",))
training_policy = UnitScopedPermissionPolicy(TrainingSession, see_paths=("organising_unit",), owner_field="created_by")
practice_policy = UnitScopedPermissionPolicy(GoodPractice, see_paths=("unit",))
commendation_policy = UnitScopedPermissionPolicy(CommendationProposal, see_paths=("proposing_unit",))


def may_import(user):
    return bool(user and user.is_active and user.has_perm(IMPORT_PERMISSION))


def served_area_ids(user):
    """Ids of the units on the territory the user's units serve.

    For each unit the user works for, the nearest unit up the tree that is a province, district or
    commune, everything below it, and the units that took over any of those: a district's communes
    merged in 2025 into communes placed under the province are still that district's territory.
    Kept on the user object for the request: every attendee row of a session form asks it.
    """
    cached = getattr(user, "_served_area_ids", None)
    if cached is None:
        cached = _served_area_ids(user)
        user._served_area_ids = cached
    return cached


def _served_area_ids(user):
    own = set(UnitMembership.objects.filter(user=user).values_list("unit_id", flat=True))
    if not own:
        return set()
    tree = {
        pk: (parent_id, kind, successor_id)
        for pk, parent_id, kind, successor_id in Unit.objects.values_list("pk", "parent_id", "kind", "successor_id")
    }
    territories = set()
    for unit_id in own:
        current, seen = unit_id, set()
        while current is not None and current not in seen and tree[current][1] not in TERRITORIAL_KINDS:
            seen.add(current)
            current = tree[current][0]
        territories.add(current if current is not None else unit_id)
    area = descendant_ids(territories)
    while True:
        # Only units inside the territory hand it on; a territory's own successor is a wider one.
        successors = {tree[pk][2] for pk in area - territories if tree[pk][2]} - area
        if not successors:
            return area
        area |= descendant_ids(successors)


def trainable_roster(user):
    """Roster members `user` may name as a session's trainers or attendees (see the module's docstring)."""
    members = RosterMember.objects.all()
    if not (user and user.is_active):
        return members.none()
    ids = scoped_unit_ids(user)
    if ids is None:
        return members
    own = roster_policy.scope_queryset(members, user)
    if not user.has_perm(TRAIN_PERMISSION):
        return own
    area = served_area_ids(user)
    trainees = Q(role__in=TRAINEE_ROLES) & (Q(unit__in=area) | Q(commune__in=area))
    return members.filter(Q(pk__in=own.values("pk")) | trainees)
