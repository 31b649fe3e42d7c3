"""Public URLs of the loudspeaker's sound outside the page tree, under /loa/ (ASCII addresses)."""

from django.urls import path, re_path

from policies.loudspeaker_feed import UnitScriptFeed
from policies.views.script_audio import synthetic_file

urlpatterns = [
    path("<slug:unit_code>/rss/", UnitScriptFeed(), name="loudspeaker_feed"),
    re_path(
        r"^giong-may/(?P<draft_id>[0-9]+)-(?P<digest>[0-9a-f]{32})\.(?P<extension>wav|ogg)$",
        synthetic_file,
        name="loudspeaker_synthetic",
    ),
]
