"""A draft's version for an audience, at …/ban/<segment>/: its page, printable notice and loudspeaker script.

The notice and the script are the draft's own (policies/views/reach.py) given the version's texts; every page is
cached for anonymous visitors in the draft's group, which publishing the draft drops.
"""

from django.http import Http404
from django.shortcuts import render

from policies.cache import mark_cacheable
from policies.views.reach import loudspeaker_script, printable_notice


def version_or_404(draft, segment):
    """The version this copy of the draft holds for the language at `segment` (published when served)."""
    for version in draft.audience_version_list:
        if version.language.slug == segment:
            return version
    raise Http404("Không có bản này của dự thảo.")


def audience_version(request, draft, segment):
    version = version_or_404(draft, segment)
    mark_cacheable(request, draft)
    return render(request, "policies/audience_version.html", {"page": draft, "version": version})


def audience_notice(request, draft, segment):
    version = version_or_404(draft, segment)
    mark_cacheable(request, draft)
    return printable_notice(request, draft, version)


def audience_loudspeaker(request, draft, segment):
    version = version_or_404(draft, segment)
    if not version.loudspeaker_script.strip():
        raise Http404("Bản này chưa có bài đọc trên loa.")
    mark_cacheable(request, draft)
    return loudspeaker_script(request, draft, version)
