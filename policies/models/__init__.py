from .catalog import DocumentType, PolicyField
from .comments import Comment, CommentAttachment, ConsentRecord, NotificationSent, Subscription, Synthesis
from .drafts import (
    HIDDEN_DRAFT_TITLE,
    ConsultationStatus,
    DraftAttachment,
    DraftIndexPage,
    DraftPage,
    short_window_warning,
)
from .identity import OrganisationIdentity
from .units import Unit, UnitMembership

__all__ = [
    "HIDDEN_DRAFT_TITLE",
    "Comment",
    "CommentAttachment",
    "ConsentRecord",
    "ConsultationStatus",
    "DocumentType",
    "DraftAttachment",
    "DraftIndexPage",
    "DraftPage",
    "NotificationSent",
    "OrganisationIdentity",
    "PolicyField",
    "Subscription",
    "Synthesis",
    "Unit",
    "UnitMembership",
    "short_window_warning",
]
