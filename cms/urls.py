from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.site_files import SITEMAPS, favicon
from home import open_data
from home.views import transparency
from policies.feeds import DraftFeed, OpenConsultationFeed
from policies.views.receipts import receipt_lookup
from policies.views.search import search as draft_search

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("tim-kiem/", draft_search, name="draft_search"),
    path("du-thao/rss/", DraftFeed(), name="draft_feed"),
    path("du-thao/rss/dang-lay-y-kien/", OpenConsultationFeed(), name="open_draft_feed"),
    path("gop-y/tra-cuu/", receipt_lookup, name="receipt_lookup"),
    path("tap-huan/", include("outreach.urls")),
    path("so-lieu-cong-khai/", transparency, name="transparency"),
    path("du-lieu-mo/", open_data.index, name="open_data"),
    path("api/v1/du-thao/", open_data.drafts, name="open_data_drafts"),
    path("api/v1/du-thao/<str:code>/", open_data.draft, name="open_data_draft"),
    path("api/v1/du-thao/<str:code>/tong-hop/", open_data.synthesis, name="open_data_synthesis"),
    path("api/v1/so-lieu/", open_data.years, name="open_data_years"),
    path("api/v1/so-lieu/<str:year>/", open_data.year_figures, name="open_data_year"),
    path("theo-doi/", include("policies.urls")),
    path("loa/", include("policies.loudspeaker_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("favicon.ico", favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# 400, 403 and 404 are Django's handlers with templates/<code>.html; 500 also answers database outages.
handler500 = "cms.views.server_error"
