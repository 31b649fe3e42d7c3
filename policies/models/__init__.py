from .drafts import ConsultationStatus, DraftIndexPage, DraftPage
from .units import Unit, UnitMembership

__all__ = ["ConsultationStatus", "DraftIndexPage", "DraftPage", "Unit", "UnitMembership"]
