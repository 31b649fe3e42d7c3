"""Guidance materials (plan III.6.3): the public library and file access (`views`), the admin (`viewsets`),
demo data (`demo`). The models are `outreach.models.guidance`."""
