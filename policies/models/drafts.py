"""Draft-policy pages: what the plan says must be communicated, the lifecycle and the consultation window.

The rest of a draft lives beside it: the list page (draft_index), the window's status (consultation), the
system-given code (draft_codes), the admin form (draft_form) and the attached documents (draft_attachments).
"""

import datetime
import math
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from policies.audio import chosen_recording_error
from policies.blocks import ChangesBlock, DraftTextBlock
from policies.models.consultation import ConsultationQuerySetMixin, ConsultationStatus, window_status
from policies.models.draft_codes import SystemCodeMixin
from policies.models.draft_form import DraftPageForm
from policies.models.draft_sections import DraftSectionsMixin
from policies.naming import clean_text, fold
from policies.page_lookups import PublicPageMixin
from policies.slugs import AsciiSlugPage

RICH_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


# Where a record names a draft the reader may not see (another unit's, unpublished): said instead of its title.
HIDDEN_DRAFT_TITLE = _("Dự thảo chưa công bố của đơn vị khác")


def coded_title(code, title):
    """How lists, filters, feeds and exports name a draft, also from plain values (no page object to build)."""
    return f"{code} – {title}"


class DraftPageQuerySet(ConsultationQuerySetMixin, PageQuerySet):
    def for_user(self, user):
        """The drafts whose drafting unit `user` acts for: the only drafts they may see in the admin."""
        from policies.scope import filter_by_unit

        return filter_by_unit(self, user, field="drafting_unit")

    def choosable_by(self, user):
        """The drafts `user` may pick in an admin form or filter: their scope's, by title.

        Only what a choice shows is loaded: a province has thousands of drafts, each with long stream fields."""
        return self.for_user(user).order_by("title").only("id", "title", "code")

    def linkable_for(self, user):
        """The drafts `user` may name on a record or session, or read the title of there: their units'
        drafts and every published one (its title is public). Never another unit's unpublished draft."""
        return self.filter(models.Q(pk__in=self.for_user(user).values("pk")) | models.Q(live=True))

    def in_scheme_scope(self):
        """The drafts in the scheme's scope: all four criteria met (the SQL twin of DraftPage.in_scheme_scope)."""
        return self.filter(**dict.fromkeys(self.model.SCOPE_CRITERIA, True))


class LifecycleStage(models.TextChoices):
    """The stages at which the scheme has a draft communicated (plan, III): reports count each, communication
    plans plan each. The first two are also a draft's own stages (DraftPage.Stage reads their labels here)."""

    PROPOSAL = "proposal", _("Lấy ý kiến đề nghị xây dựng chính sách")
    DRAFT = "draft", _("Lấy ý kiến dự thảo")
    ADOPTION = "adoption", _("Trình, thông qua")


class DraftPage(PublicPageMixin, AsciiSlugPage, RoutablePageMixin, SystemCodeMixin, DraftSectionsMixin, Page):
    """One draft policy, from the policy proposal to adoption."""

    class Stage(models.TextChoices):
        PROPOSAL = LifecycleStage.PROPOSAL.value, LifecycleStage.PROPOSAL.label
        DRAFT = LifecycleStage.DRAFT.value, LifecycleStage.DRAFT.label
        SUBMITTED = "submitted", _("Thẩm định, trình thông qua")
        ADOPTED = "adopted", _("Đã thông qua, ban hành")
        WITHDRAWN = "withdrawn", _("Đã dừng, rút")

    code = models.CharField(
        _("mã dự thảo"), max_length=30, unique=True, help_text=_("Mã ngắn, duy nhất, ví dụ: DT-2026-03.")
    )
    summary = models.CharField(
        _("tóm tắt"),
        max_length=300,
        help_text=_("Một hai câu dễ hiểu, tối đa 300 ký tự: dùng trong danh sách, tin, bảng tin."),
    )
    drafting_unit = models.ForeignKey(
        "policies.Unit", verbose_name=_("cơ quan chủ trì soạn thảo"), on_delete=models.PROTECT, related_name="drafts"
    )
    coordinating_units = ParentalManyToManyField(
        "policies.Unit", verbose_name=_("cơ quan phối hợp"), blank=True, related_name="coordinated_drafts"
    )
    document_type = models.ForeignKey(
        "policies.DocumentType",
        verbose_name=_("loại văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafts",
    )
    policy_fields = ParentalManyToManyField(
        "policies.PolicyField", verbose_name=_("lĩnh vực"), blank=True, related_name="drafts"
    )
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices, default=Stage.PROPOSAL)

    # What the plan (section II.2) says must be communicated, each part separately headed.
    necessity = RichTextField(_("sự cần thiết ban hành chính sách"), blank=True, features=RICH_FEATURES)
    purpose = RichTextField(_("mục đích, quan điểm xây dựng chính sách"), blank=True, features=RICH_FEATURES)
    scope_and_subjects = RichTextField(
        _("phạm vi điều chỉnh, đối tượng chịu tác động"), blank=True, features=RICH_FEATURES
    )
    basic_content = RichTextField(_("nội dung cơ bản của chính sách"), blank=True, features=RICH_FEATURES)
    changes = StreamField(ChangesBlock(), verbose_name=_("điểm mới, sửa đổi, bãi bỏ"), blank=True)
    other_information = RichTextField(_("thông tin khác"), blank=True, features=RICH_FEATURES)
    sections = StreamField(DraftTextBlock(), verbose_name=_("toàn văn dự thảo theo chương, điều"), blank=True)

    # The scheme's four criteria (plan, section II.1); "in scope" is derived from them.
    criterion_requires_proposal = models.BooleanField(
        _("thuộc văn bản phải lập đề nghị xây dựng (không chứa bí mật nhà nước)"), default=False
    )
    criterion_rights_obligations = models.BooleanField(
        _("trực tiếp làm phát sinh, thay đổi, chấm dứt quyền, nghĩa vụ của người dân, tổ chức, doanh nghiệp"),
        default=False,
    )
    criterion_sensitive = models.BooleanField(
        _("khó, nhạy cảm, được dư luận quan tâm hoặc có nhiều ý kiến khác nhau"), default=False
    )
    criterion_wide_impact = models.BooleanField(
        _("tác động trên phạm vi toàn địa bàn của cấp ban hành"), default=False
    )

    # Lifecycle dates, shown as a public timeline.
    proposal_opens = models.DateField(_("bắt đầu lấy ý kiến đề nghị"), null=True, blank=True)
    proposal_closes = models.DateField(_("kết thúc lấy ý kiến đề nghị"), null=True, blank=True)
    consultation_opens = models.DateTimeField(_("bắt đầu lấy ý kiến"), null=True, blank=True)
    consultation_closes = models.DateTimeField(_("hết hạn lấy ý kiến"), null=True, blank=True)
    original_closes = models.DateTimeField(
        _("hạn ban đầu (trước khi gia hạn)"),
        null=True,
        blank=True,
        help_text=_(
            "Tự ghi lại khi dời hạn của dự thảo đang lấy ý kiến sang ngày sau; hạn mới nhập ở ô “hết hạn lấy ý kiến”. "
            "Khi gia hạn phải ghi lý do."
        ),
    )
    extension_reason = models.TextField(_("lý do gia hạn"), blank=True)
    submitted_on = models.DateField(_("ngày trình thẩm định, thông qua"), null=True, blank=True)
    adopted_on = models.DateField(_("ngày thông qua, ban hành"), null=True, blank=True)
    adopted_reference = models.CharField(
        _("số, ký hiệu văn bản được ban hành"), max_length=100, blank=True, help_text=_("Ví dụ: 05/2026/NQ-HĐND.")
    )
    withdrawn_on = models.DateField(_("ngày dừng, rút dự thảo"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("lý do dừng, rút"), blank=True)

    # Reach beyond the web: the loudspeaker script (policies/views/reach.py) may carry a recording.
    loudspeaker_audio = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("bản ghi âm bài đọc trên loa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Tệp MP3, OGG hoặc M4A, tối đa 30 MB, đọc đúng bài đọc trên loa của dự thảo. Nếu để trống, trang bài đọc "
            "dùng bản đọc tự động bằng giọng máy (khi máy chủ có chương trình đọc)."
        ),
    )

    # A folded copy (no diacritics, one Unicode form) so `thue` finds “thuế”.
    search_folded = models.TextField(editable=False, blank=True)
    # The title and summary decomposed (NFD): the admin's page search does not fold
    # the query, and some keyboards send decomposed Vietnamese.
    search_decomposed = models.TextField(editable=False, blank=True)

    objects = PageManager.from_queryset(DraftPageQuerySet)()

    search_fields = [
        *Page.search_fields,
        index.SearchField("code", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("search_folded"),
        index.AutocompleteField("code"),
        index.AutocompleteField("search_folded"),
        index.SearchField("search_decomposed"),
        index.AutocompleteField("search_decomposed"),
        index.FilterField("drafting_unit"),
        index.FilterField("stage"),
    ]

    base_form_class = DraftPageForm

    content_panels = [
        *Page.content_panels,
        FieldRowPanel(
            [
                FieldPanel(
                    "code",
                    read_only=True,
                    help_text=_("Hệ thống tự cấp khi lưu lần đầu (DT-năm-số thứ tự), không trùng dự thảo nào."),
                ),
                FieldPanel("stage"),
            ]
        ),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("drafting_unit"), FieldPanel("document_type")]),
        FieldPanel("coordinating_units"),
        FieldPanel("policy_fields", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("necessity"),
                FieldPanel("purpose"),
                FieldPanel("scope_and_subjects"),
                FieldPanel("basic_content"),
                FieldPanel("changes"),
                FieldPanel("other_information"),
            ],
            heading=_("Nội dung truyền thông"),
        ),
        FieldPanel("sections"),
        InlinePanel("attachments", heading=_("Tài liệu kèm theo"), label=_("tài liệu")),
        MultiFieldPanel([FieldPanel("loudspeaker_audio")], heading=_("Loa truyền thanh cơ sở")),
    ]
    lifecycle_panels = [
        HelpPanel(
            content=_(
                "<p>Thời hạn lấy ý kiến theo giờ Việt Nam. Nếu thời hạn ngắn hơn mức tối thiểu của loại văn bản, "
                "hệ thống sẽ cảnh báo khi lưu.</p>"
            )
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("proposal_opens"), FieldPanel("proposal_closes")])],
            heading=_("Lấy ý kiến đề nghị xây dựng chính sách"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("consultation_opens"), FieldPanel("consultation_closes")]),
                FieldPanel("original_closes"),
                FieldPanel("extension_reason"),
            ],
            heading=_("Thời hạn lấy ý kiến dự thảo"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("submitted_on"),
                FieldRowPanel([FieldPanel("adopted_on"), FieldPanel("adopted_reference")]),
                FieldRowPanel([FieldPanel("withdrawn_on"), FieldPanel("withdrawal_reason")]),
            ],
            heading=_("Trình, thông qua hoặc dừng"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("criterion_requires_proposal"),
                FieldPanel("criterion_rights_obligations"),
                FieldPanel("criterion_sensitive"),
                FieldPanel("criterion_wide_impact"),
            ],
            heading=_("Tiêu chí thuộc phạm vi Đề án (đủ cả bốn)"),
        ),
    ]
    audience_panels = [
        HelpPanel(
            content=_(
                "<p>Bản tóm tắt, điểm thay đổi, bài đọc trên loa và thông báo viết lại cho từng nhóm người đọc "
                "(tiếng Việt dễ đọc, tiếng Jrai, tiếng Ba Na…). Cán bộ tự viết hoặc nhờ người dịch, không dùng "
                "máy dịch. Mỗi ngôn ngữ một bản; bản chỉ hiện công khai khi dự thảo được đăng.</p>"
            )
        ),
        InlinePanel("audience_versions", heading=_("Bản cho từng đối tượng"), label=_("bản")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Nội dung")),
            ObjectList(lifecycle_panels, heading=_("Thời hạn, tiến trình")),
            ObjectList(audience_panels, heading=_("Bản cho từng đối tượng")),
            ObjectList(AsciiSlugPage.promote_panels, heading=_("Quảng bá")),
            ObjectList(Page.settings_panels, heading=_("Cài đặt")),
        ]
    )

    parent_page_types = ["policies.DraftIndexPage"]
    subpage_types = []
    # A copy is a new draft: it gets the next free code (see full_clean), never the original's.
    exclude_fields_in_copy = ["code"]

    class Meta:
        verbose_name = _("dự thảo chính sách")
        verbose_name_plural = _("dự thảo chính sách")

    def clean(self):
        super().clean()
        self.record_extension()
        errors = {}
        if (
            self.consultation_opens
            and self.consultation_closes
            and self.consultation_closes <= self.consultation_opens
        ):
            errors["consultation_closes"] = _("Hạn lấy ý kiến phải sau ngày bắt đầu lấy ý kiến.")
        if bool(self.consultation_opens) != bool(self.consultation_closes):
            errors["consultation_closes"] = _("Nhập cả ngày bắt đầu và ngày hết hạn lấy ý kiến, hoặc để trống cả hai.")
        if self.proposal_opens and self.proposal_closes and self.proposal_closes < self.proposal_opens:
            errors["proposal_closes"] = _("Ngày kết thúc lấy ý kiến đề nghị phải sau ngày bắt đầu.")
        if self.original_closes:
            if not self.extension_reason.strip():
                errors["extension_reason"] = _("Ghi lý do gia hạn để người dân biết vì sao thời hạn thay đổi.")
            if self.consultation_closes and self.consultation_closes <= self.original_closes:
                errors["original_closes"] = _("Hạn mới (ô “hết hạn lấy ý kiến”) phải sau hạn ban đầu.")
        audio_error = chosen_recording_error(self)
        if audio_error:
            errors["loudspeaker_audio"] = audio_error
        if self.stage == self.Stage.WITHDRAWN and not self.withdrawal_reason.strip():
            errors["withdrawal_reason"] = _("Ghi lý do dừng, rút dự thảo.")
        anchors = self.fill_section_anchors()
        duplicates = sorted({anchor for anchor in anchors if anchors.count(anchor) > 1})
        if duplicates:
            errors["sections"] = _("Mã neo bị trùng: %(anchors)s. Mỗi chương, điều cần một mã neo riêng.") % {
                "anchors": ", ".join(duplicates)
            }
        if errors:
            raise ValidationError(errors)

    def record_extension(self):
        """Moving the deadline of a published, started window later is an extension: keep the old date."""
        if not self.pk or self.original_closes or not self.consultation_closes:
            return
        published = DraftPage.objects.filter(pk=self.pk, live=True).values_list(
            "consultation_opens", "consultation_closes"
        )
        for opens, closes in published:
            if opens and closes and opens <= timezone.now() and self.consultation_closes > closes:
                self.original_closes = closes

    def save(self, *args, **kwargs):
        # Wagtail checks little more than the slug of a page saved as a draft; its anchors are still needed.
        self.fill_section_anchors()
        self.search_folded = fold(" ".join(self.searchable_texts()))
        self.search_decomposed = unicodedata.normalize("NFD", clean_text(f"{self.title} {self.summary}"))
        super().save(*args, **kwargs)

    # Sub-pages of a draft. Each view lives with the concern it serves.
    @path("")
    def index_route(self, request, *args, **kwargs):
        from policies.cache import mark_draft_page
        from policies.templatetags.comment_tags import comment_page_is_canonical

        # The comments are paged with ?trang=; only a page number as the pager writes it is worth a stored copy
        # ("01", "²" or a page past the last would each be another copy of the same page).
        mark_draft_page(request, self, query=("trang",) if comment_page_is_canonical(request.GET.get("trang")) else ())
        return super().index_route(request, *args, **kwargs)

    @path("gop-y/", name="comment")
    def comment_route(self, request):
        from policies.views.comments import comment_form

        return comment_form(request, self)

    @path("tong-hop/", name="synthesis")
    def synthesis_route(self, request):
        from policies.cache import mark_draft_page
        from policies.views.synthesis import synthesis

        mark_draft_page(request, self)  # staff previews are never stored: they are logged in
        return synthesis(request, self)

    @path("in/", name="notice")
    def notice_route(self, request):
        from policies.cache import mark_draft_page
        from policies.views.reach import printable_notice

        mark_draft_page(request, self)
        return printable_notice(request, self)

    @path("loa/", name="loudspeaker")
    def loudspeaker_route(self, request):
        from policies.cache import mark_draft_page
        from policies.views.reach import loudspeaker_script

        mark_draft_page(request, self)  # the ?tai=1 download has a query string: never stored
        return loudspeaker_script(request, self)

    # A version for an audience: its page, printable notice and loudspeaker script (policies/views/audience.py).
    @path("ban/<slug:segment>/", name="audience_version")
    def audience_version_route(self, request, segment):
        from policies.views.audience import audience_version

        return audience_version(request, self, segment)

    @path("ban/<slug:segment>/in/", name="audience_notice")
    def audience_notice_route(self, request, segment):
        from policies.views.audience import audience_notice

        return audience_notice(request, self, segment)

    @path("ban/<slug:segment>/loa/", name="audience_loudspeaker")
    def audience_loudspeaker_route(self, request, segment):
        from policies.views.audience import audience_loudspeaker

        return audience_loudspeaker(request, self, segment)

    def subpage_url(self, name, request=None, args=()):
        """The address of the sub-page routed as `name` ("comment", "synthesis", "notice", "loudspeaker"),
        built as Wagtail's {% routablepageurl %} builds it in templates; None while the page has no address."""
        base = self.get_url(request=request)
        if base is None:
            return None
        return base.rstrip("/") + "/" + self.reverse_subpage(name, args=args)

    def get_cached_paths(self):
        # The sub-pages a front-end cache may hold; the comment form is never cached.
        versions = [
            f"/ban/{version.language.slug}/{tail}"
            for version in self.audience_version_list
            for tail in ("", "in/", "loa/")
        ]
        return ["/", "/in/", "/loa/", "/tong-hop/", *versions]

    @cached_property
    def audience_version_list(self):
        """The draft's versions for an audience, in the languages' order (what this copy of the page holds:
        the published one when served, the revision's in a preview)."""
        versions = list(self.audience_versions.select_related("language"))
        return sorted(versions, key=lambda version: (version.language.sort_order, version.language.name))

    def permissions_for_user(self, user):
        from policies.draft_permissions import DraftPermissionTester

        return DraftPermissionTester(user, self)

    def consultation_status(self, now=None):
        """Derived from the window and the clock; never stored."""
        return window_status(self.consultation_opens, self.consultation_closes, now)

    def accepts_comments(self, now=None):
        return self.live and self.consultation_status(now) == ConsultationStatus.OPEN

    def days_left(self, now=None):
        """Whole days (rounded up) until the window closes, or None when it is not open."""
        now = now or timezone.now()
        if self.consultation_status(now) != ConsultationStatus.OPEN:
            return None
        return math.ceil((self.consultation_closes - now) / datetime.timedelta(days=1))

    @property
    def is_extended(self):
        return bool(
            self.original_closes and self.consultation_closes and self.original_closes != self.consultation_closes
        )

    # The scheme's four criteria (plan, II.1): the one list the property below and
    # DraftPageQuerySet.in_scheme_scope() are built from.
    SCOPE_CRITERIA = (
        "criterion_requires_proposal",
        "criterion_rights_obligations",
        "criterion_sensitive",
        "criterion_wide_impact",
    )

    @property
    def in_scheme_scope(self):
        """A draft is in the scheme's scope only when all four criteria hold (plan, II.1)."""
        return all(met for _label, met in self.scope_criteria())

    def scope_criteria(self):
        return [(self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.SCOPE_CRITERIA]

    @property
    def coded_title(self):
        """ "DT-2026-01 – Title": how lists, filters, feeds and exports name a draft."""
        return coded_title(self.code, self.title)

    def change_items(self):
        return [block.value for block in self.changes if block.block_type == "item"]

    @cached_property
    def attachment_list(self):
        return [attachment for attachment in self.attachments.select_related("document") if attachment.document_id]

    def timeline(self, now=None):
        """The lifecycle steps with their dates and state (done, current, upcoming, skipped)."""
        from policies.timeline import build_timeline

        return build_timeline(self, now or timezone.now())

    def searchable_texts(self):
        texts = [self.title, self.code, self.summary]
        for name in ("necessity", "purpose", "scope_and_subjects", "basic_content", "other_information"):
            texts.append(strip_tags(getattr(self, name) or ""))
        for item in self.change_items():
            texts += [item["title"], item.get("explanation") or ""]
        for block in self.sections:
            if block.block_type == "section":
                body = block.value.get("body")
                texts += [block.value["number"], block.value["heading"], strip_tags(body.source if body else "")]
        return [clean_text(text) for text in texts if text]
