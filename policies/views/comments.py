"""Public comment intake (to be built: issue 3, comments)."""

from django.http import Http404


def comment_form(request, draft):
    raise Http404
