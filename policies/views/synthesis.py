"""Public synthesis of how comments were handled (to be built: issue 3, comments)."""

from django.http import Http404


def synthesis(request, draft):
    raise Http404
