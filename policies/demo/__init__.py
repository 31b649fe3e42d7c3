"""Demo data for the seed plan's district (Ia H'Drai) and today's map, one module per kind.

Only data lives here: roles, permissions, the review workflow and the catalogues come from
`policies.setup` (`setup_portal`), which `seed_demo` runs first. Each module holds its records
as keyword dataclasses and one loader; every loader is idempotent (objects are looked up by a
natural key and left alone when they exist), so a second `seed_demo` changes nothing.
"""

from policies.demo.audience import SAMPLE_MARK, UNIT_LANGUAGES, VERSIONS, seed_audience
from policies.demo.comments import CLOSED_DRAFT_COMMENTS, OPEN_DRAFT_COMMENTS, seed_comments
from policies.demo.drafts import DRAFTS, seed_drafts
from policies.demo.people import DEMO_PASSWORD, IDENTITY, PEOPLE, seed_identity, seed_people
from policies.demo.units import UNITS, seed_units

__all__ = [
    "CLOSED_DRAFT_COMMENTS",
    "DEMO_PASSWORD",
    "DRAFTS",
    "IDENTITY",
    "OPEN_DRAFT_COMMENTS",
    "PEOPLE",
    "SAMPLE_MARK",
    "UNITS",
    "UNIT_LANGUAGES",
    "VERSIONS",
    "seed_audience",
    "seed_comments",
    "seed_drafts",
    "seed_identity",
    "seed_people",
    "seed_units",
]
