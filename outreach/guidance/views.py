"""The public guidance library at /tai-lieu-huong-dan/, and who may download a guidance file.

Only public materials are listed. A file listed only by materials a user may not see (staff-only
ones of other units; for an anonymous visitor, every staff-only one) is refused on Wagtail's own
/documents/<id>/<name> address (`before_serve_document` hook; anonymous visitors are sent to sign
in) and left out of the admin's document chooser (`construct_document_chooser_queryset` hook).
"""

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms import page_cache
from outreach.models import GuidanceFile, GuidanceMaterial
from outreach.models.guidance import GuidanceAudience, IssuerLevel
from outreach.permissions import guidance_policy
from policies.naming import clean_text

PAGE_CACHE_GROUP = "guidance-library"
PER_PAGE = 20
MAX_QUERY = 200


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Từ cần tìm (có dấu hoặc không dấu đều được)"), required=False, max_length=MAX_QUERY)
    cap = forms.ChoiceField(label=_("Cấp ban hành"), choices=[("", _("Tất cả"))] + IssuerLevel.choices, required=False)
    doi_tuong = forms.ChoiceField(
        label=_("Đối tượng sử dụng"), choices=[("", _("Tất cả"))] + GuidanceAudience.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("Giá trị lọc không hợp lệ nên đã được bỏ; hãy chọn lại.")
            field.error_messages["max_length"] = _("Từ cần tìm quá dài; hãy nhập tối đa 200 ký tự.")

    def filter(self, materials):
        """Apply every valid filter; an invalid one is dropped (the form shows its error)."""
        data = self.cleaned_data if self.is_bound else {}
        query = clean_text(data.get("q", ""))
        if query:
            materials = materials.search(query)
        if data.get("cap"):
            materials = materials.filter(issuer_level=data["cap"])
        if data.get("doi_tuong"):
            materials = materials.for_audience(data["doi_tuong"])
        return materials


def library(request):
    form = LibraryFilterForm(request.GET or None)
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the valid fields; errors are shown
    materials = form.filter(
        GuidanceMaterial.objects.public().prefetch_related(
            Prefetch("files", queryset=GuidanceFile.objects.select_related("document"))
        )
    )
    page = Paginator(materials, PER_PAGE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    page_cache.mark_cacheable(request, PAGE_CACHE_GROUP)
    return TemplateResponse(
        request,
        "outreach/guidance_library.html",
        {
            "form": form,
            "materials": page,
            "params": params.urlencode(),
            "filtered": any(request.GET.get(name) for name in form.fields),
        },
    )


def hidden_documents(user):
    """Ids of the documents guidance materials list, none of which `user` may see (the one unit rule)."""
    seen = guidance_policy.scope_queryset(GuidanceMaterial.objects.all(), user)
    shown = GuidanceFile.objects.filter(material__in=seen).values("document")
    return GuidanceFile.objects.exclude(document__in=shown).values("document")


def check_document_access(document, request):
    """Wagtail's `before_serve_document` hook: a staff-only guidance file is not for everyone."""
    if not hidden_documents(request.user).filter(document=document.pk).exists():
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    raise PermissionDenied


def hidden_evidence(user):
    """Ids of documents only good practices `user` may not see hold as evidence."""
    from outreach.models import GoodPractice, GoodPracticeEvidence
    from outreach.permissions import practice_policy

    seen = practice_policy.scope_queryset(GoodPractice.objects.all(), user).values("pk")
    shown = set(GoodPracticeEvidence.objects.filter(practice__in=seen).values_list("document", flat=True))
    every = set(GoodPracticeEvidence.objects.values_list("document", flat=True))
    return every - shown - {None}


def hide_documents_in_chooser(documents, request):
    """Wagtail's `construct_document_chooser_queryset` hook: another unit's staff-only files and evidence are
    not offered."""
    hidden = set(hidden_documents(request.user).values_list("document", flat=True)) | hidden_evidence(request.user)
    # A list, not a subquery: the search backend filters the chooser's queryset by indexed fields only.
    return documents.exclude(id__in=list(hidden))


def drop_library_cache(**kwargs):
    page_cache.drop_group(PAGE_CACHE_GROUP)
    # Again after the commit: a visitor in between may have stored the old page.
    transaction.on_commit(lambda: page_cache.drop_group(PAGE_CACHE_GROUP))


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from wagtail.documents import get_document_model

    # A document's title is the file's name in the list.
    for model in (GuidanceMaterial, GuidanceFile, get_document_model()):
        name = model.__name__
        post_save.connect(drop_library_cache, sender=model, dispatch_uid=f"guidance_cache_saved_{name}")
        post_delete.connect(drop_library_cache, sender=model, dispatch_uid=f"guidance_cache_deleted_{name}")
