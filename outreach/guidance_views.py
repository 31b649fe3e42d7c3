"""The public guidance library at /tai-lieu-huong-dan/, and who may download a guidance file.

Only public materials are listed. A file that only staff-only materials list is refused to
anonymous visitors (sent to sign in) and to staff who may not see any of those materials, on
Wagtail's own /documents/<id>/<name> address (`before_serve_document` hook).
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
from policies.admin_lookup import visible_to
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


def check_document_access(document, request):
    """Wagtail's `before_serve_document` hook: a file only staff-only materials list is not for everyone."""
    materials = GuidanceMaterial.objects.filter(files__document=document)
    listed = set(materials.values_list("public", flat=True))
    if not listed or True in listed:
        return None  # not a guidance file, or a public material lists it
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    if not visible_to(user, materials).exists():
        raise PermissionDenied
    return None


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
