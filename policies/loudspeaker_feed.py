"""A podcast-style RSS of a unit's loudspeaker scripts: /loa/<unit code>/rss/.

A commune's broadcast computer subscribes once and fetches each new script with its sound: the items are the
published drafts of the unit and of the units below it (a district's feed has its offices' drafts), newest
first; each carries the script text and, as an <enclosure>, the recording or else the synthetic reading.
Like policies/feeds.py, only what the public script page shows goes in.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from policies.feeds import LIMIT, DraftFeed
from policies.models import DraftPage, Unit
from policies.models.units import descendant_ids
from policies.speech import public_request, script_audio
from policies.views.reach import fitted_script


class UnitScriptFeed(DraftFeed):
    def get_object(self, request, unit_code):
        super().get_object(request)
        self.unit = get_object_or_404(Unit, code=unit_code)
        self.audio = {}
        return self.unit

    def title(self, unit):
        return _("Bài đọc trên loa truyền thanh: %(unit)s") % {"unit": unit.name}

    def description(self, unit):
        return _(
            "Bài đọc trên loa truyền thanh cơ sở về các dự thảo chính sách của %(unit)s và các đơn vị trực thuộc, "
            "kèm tệp âm thanh (bản ghi âm hoặc bản đọc tự động bằng giọng máy)."
        ) % {"unit": unit.name}

    def link(self, unit):
        return reverse("loudspeaker_feed", args=[unit.code])

    def items(self, unit):
        return (
            DraftPage.objects.live()
            .public()
            .filter(drafting_unit__in=descendant_ids([unit.pk]))
            .select_related("drafting_unit", "loudspeaker_audio")
            .order_by("-first_published_at", "-pk")[:LIMIT]
        )

    def item_title(self, item):
        return _("Bài đọc trên loa: %(title)s") % {"title": item.coded_title}

    def item_description(self, item):
        return fitted_script(public_request(), item)

    def item_link(self, item):
        return item.subpage_url("loudspeaker", self.request)

    def item_guid(self, item):
        return f"loa-{item.pk}"

    def _audio(self, item):
        if item.pk not in self.audio:
            self.audio[item.pk] = script_audio(item)
        return self.audio[item.pk]

    def item_enclosure_url(self, item):
        audio = self._audio(item)
        return self.request.build_absolute_uri(audio.url) if audio else None

    def item_enclosure_length(self, item):
        audio = self._audio(item)
        return audio.size if audio else None

    def item_enclosure_mime_type(self, item):
        audio = self._audio(item)
        return audio.content_type if audio else None
