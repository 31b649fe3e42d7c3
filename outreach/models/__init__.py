from .activities import ActivityRecord, ImportBatch, activity_fingerprint
from .forms import CommunicationForm
from .roster import RosterMember
from .training import AudienceType, TrainingAttendance, TrainingMaterial, TrainingSession

__all__ = [
    "ActivityRecord",
    "AudienceType",
    "CommunicationForm",
    "ImportBatch",
    "RosterMember",
    "TrainingAttendance",
    "TrainingMaterial",
    "TrainingSession",
    "activity_fingerprint",
]
