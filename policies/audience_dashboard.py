"""Dashboard panel: the in-scope drafts that still lack a version in a language the user's units need.

Three queries whatever the number of drafts: the drafts, the languages needed, the versions they have.
"""

from django.utils.translation import gettext_lazy as _

from policies import roles
from policies.dashboard import ROWS_PER_GROUP, DashboardPanel
from policies.models import AudienceLanguage, AudienceVersion, DraftPage
from policies.scope import scoped_unit_ids

REASON_MISSING = _("Chưa có bản")


def needed_languages(user):
    """The languages the user's units and every unit below them (their communes) need."""
    ids = scoped_unit_ids(user)
    languages = AudienceLanguage.objects.filter(units__isnull=False)
    if ids is not None:
        languages = languages.filter(units__in=ids)
    return list(languages.distinct().order_by("sort_order", "name"))


def drafts_missing_versions(user):
    """[(draft, [missing languages])] for the user's in-scope drafts still in progress, oldest deadline first."""
    languages = needed_languages(user)
    if not languages:
        return [], languages
    drafts = list(
        DraftPage.objects.for_user(user)
        .in_scheme_scope()
        .exclude(stage__in=(DraftPage.Stage.ADOPTED, DraftPage.Stage.WITHDRAWN))
        .only("id", "title", "draft_title", "code", "live", "consultation_closes")
        .order_by("consultation_closes", "title")
    )
    # Versions as saved: published ones for a live draft, the latest for a draft not yet published.
    have = set(
        AudienceVersion.objects.filter(page__in=[draft.pk for draft in drafts]).values_list("page_id", "language_id")
    )
    rows = []
    for draft in drafts:
        missing = [language for language in languages if (draft.pk, language.pk) not in have]
        if missing:
            rows.append((draft, missing))
    return rows, languages


class AudienceVersionsPanel(DashboardPanel):
    name = "audience_versions"
    order = 15
    template_name = "policies/dashboard_audience.html"

    def get_rows(self, user):
        rows, languages = drafts_missing_versions(user)
        return {
            "rows": rows[:ROWS_PER_GROUP],
            "more": max(0, len(rows) - ROWS_PER_GROUP),
            "languages": languages,
            "reason": REASON_MISSING,
        }


def audience_panels_for(request):
    """Shown to those who write the drafts (editors) and to the Justice Office, which oversees them."""
    user = request.user
    if roles.has_role(user, roles.EDITOR) or roles.has_role(user, roles.JUSTICE_OFFICE) or user.is_superuser:
        return [AudienceVersionsPanel(request)]
    return []
