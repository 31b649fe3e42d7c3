"""A broadcast recorded in one click from a draft's loudspeaker script page (policies/views/script_audio.py).

The script page links to the activity-record form with `?du_thao=<id>&hinh_thuc=loa`; the form opens filled
in with the loudspeaker form, the draft, today and one broadcast, and staff pick the commune and the count.
The draft is filled in only when the form itself would accept it (outreach.forms.linkable_drafts): a commune
clerk cannot bring another unit's unpublished draft into a record by editing the address.
"""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail_modeladmin.views import CreateView

from cms.http import parse_id
from outreach.forms import linkable_drafts
from outreach.models import CommunicationForm
from outreach.setup import LOUDSPEAKER_FORM_NAME


def broadcast_initial(request):
    """The record's initial values asked for by the query string; a draft out of reach is left out, with a message."""
    params = request.GET
    initial = {}
    if params.get("hinh_thuc") == "loa":
        loudspeaker = CommunicationForm.objects.filter(name=LOUDSPEAKER_FORM_NAME).first()
        if loudspeaker is not None:
            initial["form"] = loudspeaker.pk
    if "du_thao" in params:
        draft_id = parse_id(params["du_thao"])
        draft = linkable_drafts(request.user).filter(pk=draft_id).first() if draft_id else None
        if draft is None:
            messages.error(
                request,
                _(
                    "Không điền sẵn được dự thảo: dự thảo không có hoặc ngoài phạm vi đơn vị của bạn. "
                    "Hãy chọn dự thảo trong danh sách."
                ),
            )
        else:
            initial["draft"] = draft.pk
            initial["content"] = _("Phát bài đọc trên loa truyền thanh về dự thảo %(title)s.") % {
                "title": draft.coded_title
            }
    if initial:
        initial.setdefault("date", timezone.localdate())
        initial.setdefault("sessions", 1)
    return initial


class ActivityCreateView(CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if self.request.method == "GET":
            initial.update(broadcast_initial(self.request))
        return initial
