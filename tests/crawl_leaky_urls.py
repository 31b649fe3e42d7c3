"""The project's URLconf plus three admin views that forget the unit-scope rule, for the crawl to catch."""

from django.http import HttpResponse
from django.urls import path

from wagtail.admin.auth import require_admin_access

from cms.urls import urlpatterns as project_urlpatterns
from outreach.models import RosterMember


@require_admin_access
def roster_member(request, pk):
    return HttpResponse(RosterMember.objects.get(pk=pk).full_name)


@require_admin_access
def roster_list(request):
    members = RosterMember.objects.filter(full_name__icontains=request.GET.get("q", ""))
    return HttpResponse("\n".join(member.full_name for member in members))


@require_admin_access
def delete_roster_member(request, pk):
    if request.method == "POST":
        RosterMember.objects.filter(pk=pk).update(phone="")
    return HttpResponse("")


urlpatterns = [
    path("admin/ro-ri/outreach/rostermember/<int:pk>/", roster_member, name="crawl_leaky_member"),
    path("admin/ro-ri/outreach/rostermember/<int:pk>/xoa/", delete_roster_member, name="crawl_leaky_delete"),
    path("admin/ro-ri/danh-sach/", roster_list, name="crawl_leaky_list"),
    *project_urlpatterns,
]
