from .audience import AudienceLanguage, AudienceVersion
from .catalog import DocumentType, PolicyField
from .comments import Comment, CommentAttachment, ConsentRecord, NotificationSent, Subscription, Synthesis
from .consultation import ConsultationStatus, short_window_warning, window_status
from .draft_attachments import DraftAttachment
from .draft_index import DraftIndexPage
from .drafts import HIDDEN_DRAFT_TITLE, DraftPage
from .following import Follower, FollowerMessage
from .identity import OrganisationIdentity
from .units import Unit, UnitMembership

__all__ = [
    "AudienceLanguage",
    "AudienceVersion",
    "HIDDEN_DRAFT_TITLE",
    "Comment",
    "CommentAttachment",
    "ConsentRecord",
    "ConsultationStatus",
    "DocumentType",
    "DraftAttachment",
    "DraftIndexPage",
    "DraftPage",
    "Follower",
    "FollowerMessage",
    "NotificationSent",
    "OrganisationIdentity",
    "PolicyField",
    "Subscription",
    "Synthesis",
    "Unit",
    "UnitMembership",
    "short_window_warning",
    "window_status",
]
