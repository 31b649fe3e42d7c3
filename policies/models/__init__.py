from .catalog import DocumentType, PolicyField
from .drafts import ConsultationStatus, DraftAttachment, DraftIndexPage, DraftPage, short_window_warning
from .units import Unit, UnitMembership

__all__ = [
    "ConsultationStatus",
    "DocumentType",
    "DraftAttachment",
    "DraftIndexPage",
    "DraftPage",
    "PolicyField",
    "Unit",
    "UnitMembership",
    "short_window_warning",
]
