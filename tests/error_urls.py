"""The site's URLs and error handlers plus one view that fails, to see the 500 page as a visitor would."""

from django.urls import path

from cms.urls import handler500  # noqa: F401 - the handler under test
from cms.urls import urlpatterns as site_urlpatterns


def unexpected_failure(request):
    raise RuntimeError("a bug the 500 page must hide")


urlpatterns = [path("loi-bat-ngo/", unexpected_failure), *site_urlpatterns]
