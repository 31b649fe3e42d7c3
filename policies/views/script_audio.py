"""Sound for the loudspeaker script: the synthetic reading's file, and what the script page adds for staff.

The anonymous script page is the same for every visitor; what a signed-in staff member sees in addition
(record a broadcast, make the reading again, why the reading is off) is answered as private, never stored.
"""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from policies import speech

# The activity-record form of the outreach app, linked by URL name (policies does not import outreach).
BROADCAST_RECORD_URL = "outreach_activityrecord_modeladmin_create"
BROADCAST_PERMISSION = "outreach.add_activityrecord"


def synthetic_file(request, draft_id, digest, extension):
    """A published draft's synthetic reading; its address holds the text's hash, so it never changes."""
    from policies.models import DraftPage

    if not DraftPage.objects.live().public().filter(pk=draft_id).exists():
        raise Http404
    name = speech.stored_name(draft_id, digest, extension)
    if not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name, "rb"), content_type=speech.CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'inline; filename="loa-{draft_id}-giong-may.{extension}"'
    patch_cache_control(response, public=True, max_age=86400)
    return response


def staff_tools(request, draft):
    """What the script page offers a signed-in staff member for this draft, or None for everyone else."""
    user = request.user
    if not (user.is_authenticated and user.has_perm("wagtailadmin.access_admin")):
        return None
    tools = {"broadcast_url": None, "reading_url": None, "speech_off": None}
    if user.has_perm(BROADCAST_PERMISSION):
        tools["broadcast_url"] = reverse(BROADCAST_RECORD_URL) + f"?du_thao={draft.pk}&hinh_thuc=loa"
    if not draft.loudspeaker_audio_id and draft.permissions_for_user(user).can_edit():
        if speech.speech_available():
            tools["reading_url"] = reverse("policies_loudspeaker_reading", args=[draft.pk])
        else:
            tools["speech_off"] = speech.SPEECH_OFF
    return tools


def private_for_staff(response, tools):
    """A page showing staff tools must never be kept by a cache or a proxy."""
    if tools is not None:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


@require_POST
def request_reading(request, draft_id):
    """Staff button: make the synthetic reading (again) for a draft they may edit."""
    from policies.models import DraftPage

    draft = get_object_or_404(DraftPage.objects.for_user(request.user).live(), pk=draft_id)
    back = draft.subpage_url("loudspeaker", request) or "/"
    if not draft.permissions_for_user(request.user).can_edit():
        raise Http404
    if draft.loudspeaker_audio_id:
        messages.info(request, _("Dự thảo đã có bản ghi âm nên không cần bản đọc tự động."))
    elif not speech.speech_available():
        messages.error(request, speech.SPEECH_OFF)
    else:
        speech.ask_for_reading(draft.pk, speech.script_digest(speech.reading_text(draft)), again=True)
        messages.success(request, _("Đã yêu cầu tạo bản đọc tự động; bản đọc xuất hiện trên trang này sau ít phút."))
    return redirect(back)
