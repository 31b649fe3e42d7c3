"""The site's URLs plus trivial Django views to compare against."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils.html import escape

from cms.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


def trivial_form(request):
    """A form and its CSRF-checked POST, with nothing else: the floor for the comment form's figures."""
    if request.method == "POST":
        return HttpResponse("ok", content_type="text/plain")
    token = escape(get_token(request))
    return HttpResponse(f'<form method="post"><input name="csrfmiddlewaretoken" value="{token}"></form>')


urlpatterns = [path("bench/trivial/", trivial), path("bench/form/", trivial_form), *site_urlpatterns]
