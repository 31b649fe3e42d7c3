"""Reach beyond the web: printable notice and loudspeaker script (to be built: issue 3, drafts)."""

from django.http import Http404


def printable_notice(request, draft):
    raise Http404


def loudspeaker_script(request, draft):
    raise Http404
