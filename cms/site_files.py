"""What browsers and crawlers ask for at the site root: /sitemap.xml, /robots.txt, /favicon.ico.

No domain app is imported: the sitemap's pages come from Wagtail's page tree
(live and public only, at the address of the Wagtail Site, editable under
Settings → Sites) and the other public views are named by URL name.
"""

import functools

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from wagtail.contrib.sitemaps import Sitemap as PageSitemap

# Public pages that are views, not pages of the tree (search results are left out).
PUBLIC_VIEWS = ("outreach:upcoming_trainings", "transparency")


class PublicViewSitemap(PageSitemap):
    """Public views outside the page tree, on the same site address as Wagtail gives its pages."""

    changefreq = "weekly"

    def items(self):
        return PUBLIC_VIEWS

    def get_urls(self, page=1, site=None, protocol=None):
        root = self.get_wagtail_site().root_url
        return [
            {"item": name, "location": root + reverse(name), "changefreq": self.changefreq, "alternates": []}
            for name in self.paginator.page(page).object_list
        ]


SITEMAPS = {"pages": PageSitemap, "views": PublicViewSitemap}


@functools.cache
def _favicon_bytes():
    path = finders.find("favicon.ico")
    if path is None:
        return None
    with open(path, "rb") as handle:
        return handle.read()


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    # Browsers and chat apps ask for /favicon.ico whatever the page says; serve it here, not a redirect.
    content = _favicon_bytes()
    if content is None:
        raise Http404
    return HttpResponse(content, content_type="image/x-icon")
