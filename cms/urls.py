from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.views import transparency
from policies.feeds import DraftFeed
from policies.views.search import search as draft_search

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("tim-kiem/", draft_search, name="draft_search"),
    path("du-thao/rss/", DraftFeed(), name="draft_feed"),
    path("tap-huan/", include("outreach.urls")),
    path("so-lieu-cong-khai/", transparency, name="transparency"),
    path("theo-doi/", include("policies.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# 400, 403 and 404 are Django's handlers with templates/<code>.html; 500 also answers database outages.
handler500 = "cms.views.server_error"
