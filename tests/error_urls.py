"""The site's URLs and error handlers plus two views that fail, to see the 500 page as a visitor would."""

from django.db import OperationalError
from django.urls import path

from cms.urls import handler500  # noqa: F401 - the handler under test
from cms.urls import urlpatterns as site_urlpatterns


def unexpected_failure(request):
    raise RuntimeError("a bug the 500 page must hide")


def database_outage(request):
    raise OperationalError("the database cannot be reached")


urlpatterns = [
    path("loi-bat-ngo/", unexpected_failure),
    path("co-so-du-lieu-mat/", database_outage),
    *site_urlpatterns,
]
