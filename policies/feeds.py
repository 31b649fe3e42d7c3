"""RSS of drafts: /du-thao/rss/ has every published draft, newest first, with open-consultation
deadlines; /du-thao/rss/dang-lay-y-kien/ only the drafts taking comments now, soonest deadline first.

Only what the draft page itself shows publicly goes in: no commenter or contact data. A feed reader keeps
an item's text as it was fetched, so an item says nothing that goes stale ("còn 3 ngày"): the deadline
as a date, and the dates the draft was first published and last republished.
"""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed, rfc3339_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.models import Site

from policies.cache import mark_draft_list
from policies.models import ConsultationStatus, DraftPage

LIMIT = 50


class DraftRssFeed(Rss201rev2Feed):
    """RSS 2.0 with each item's update date: RSS itself has only pubDate, so the date a draft was last
    republished goes in atom:updated (the Atom namespace is declared already, for atom:link)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))


class DraftFeed(Feed):
    feed_type = DraftRssFeed

    def __call__(self, request, *args, **kwargs):
        mark_draft_list(request)
        return super().__call__(request, *args, **kwargs)

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
        return item.coded_title

    def item_description(self, item):
        parts = [item.summary, _("Cơ quan chủ trì soạn thảo: %(unit)s.") % {"unit": item.drafting_unit}]
        status = item.consultation_status(self.now)
        if status == ConsultationStatus.OPEN:
            closes = timezone.localtime(item.consultation_closes)
            parts.append(_("Lấy ý kiến đến %(deadline)s.") % {"deadline": date_format(closes, "H:i, d/m/Y")})
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


class OpenConsultationFeed(DraftFeed):
    """Drafts whose consultation window is open at the moment the feed is read."""

    def title(self):
        return _("Dự thảo đang lấy ý kiến")

    def description(self):
        return _("Các dự thảo chính sách đang nhận góp ý, hạn gần nhất trước.")

    def link(self):
        return "/du-thao/?trang_thai=open"

    def items(self):
        return (
            DraftPage.objects.live()
            .public()
            .open_for_comments(self.now)
            .select_related("drafting_unit")
            .order_by("consultation_closes", "pk")[:LIMIT]
        )
