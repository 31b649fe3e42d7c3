"""Public URLs of policies outside the page tree (draft sub-pages are routes of DraftPage)."""

from django.urls import path

from policies.views.following import change_frequency
from policies.views.subscriptions import confirm, subscribe, unsubscribe

urlpatterns = [
    path("xac-nhan/<str:token>/", confirm, name="policies_confirm_subscription"),
    path("huy/<str:token>/", unsubscribe, name="policies_unsubscribe"),
    path("cach-nhan-tin/<str:token>/", change_frequency, name="policies_frequency"),
    path("<int:draft_id>/", subscribe, name="policies_subscribe"),
]
