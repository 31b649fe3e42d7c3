from .activities import ActivityRecord, ImportBatch, activity_fingerprint
from .aliases import ImportAlias
from .forms import CommunicationForm
from .import_job import ImportJob
from .recognition import CommendationLevel, CommendationProposal, GoodPractice, GoodPracticeEvidence
from .roster import RosterMember
from .training import AudienceType, TrainingAttendance, TrainingMaterial, TrainingSession

__all__ = [
    "ActivityRecord",
    "AudienceType",
    "CommendationLevel",
    "CommendationProposal",
    "CommunicationForm",
    "GoodPractice",
    "GoodPracticeEvidence",
    "ImportAlias",
    "ImportBatch",
    "ImportJob",
    "RosterMember",
    "TrainingAttendance",
    "TrainingMaterial",
    "TrainingSession",
    "activity_fingerprint",
]
