from .comments import (
    Comment,
    CommentAttachment,
    ConsentRecord,
    NotificationSent,
    Subscription,
    Synthesis,
)
from .drafts import ConsultationStatus, DraftIndexPage, DraftPage
from .units import Unit, UnitMembership

__all__ = [
    "Comment",
    "CommentAttachment",
    "ConsentRecord",
    "ConsultationStatus",
    "DraftIndexPage",
    "DraftPage",
    "NotificationSent",
    "Subscription",
    "Synthesis",
    "Unit",
    "UnitMembership",
]
