"""RSS at /du-thao/rss/: every published draft, newest first, with open-consultation deadlines.

Only what the draft page itself shows publicly goes in: no commenter or contact data.
"""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.models import Site

from policies.models import ConsultationStatus, DraftPage

LIMIT = 50


class DraftFeed(Feed):
    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.site = Site.find_for_request(request)
        self.now = timezone.now()
        return None

    def title(self):
        return _("Dự thảo chính sách lấy ý kiến")

    def description(self):
        return _("Các dự thảo chính sách mới nhất và thời hạn góp ý.")

    def link(self):
        return "/du-thao/"

    def items(self):
        return (
            DraftPage.objects.live()
            .public()
            .select_related("drafting_unit")
            .order_by("-first_published_at", "-pk")[:LIMIT]
        )

    def item_title(self, item):
        return f"{item.code} – {item.title}"

    def item_description(self, item):
        parts = [item.summary, _("Cơ quan chủ trì soạn thảo: %(unit)s.") % {"unit": item.drafting_unit}]
        status = item.consultation_status(self.now)
        if status == ConsultationStatus.OPEN:
            closes = timezone.localtime(item.consultation_closes)
            parts.append(
                _("Đang lấy ý kiến đến %(deadline)s (còn %(days)s ngày).")
                % {"deadline": date_format(closes, "d/m/Y H:i"), "days": item.days_left(self.now)}
            )
        elif status == ConsultationStatus.UPCOMING:
            opens = timezone.localtime(item.consultation_opens)
            parts.append(_("Bắt đầu lấy ý kiến từ %(date)s.") % {"date": date_format(opens, "d/m/Y H:i")})
        else:
            parts.append(str(item.get_stage_display()) + ".")
        return " ".join(parts)

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return f"du-thao-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
