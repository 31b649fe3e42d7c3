"""How admin views look objects up: by well-formed ids, and only within the user's scope.

Scope: every snippet viewset of a unit-scoped model derives from `ScopedSnippetViewSet`, and every
wagtail-modeladmin admin of one uses `PolicyPermissionHelper`. Both ask the model's registered
`policies.scope.UnitScopedPermissionPolicy` and nothing else: listings, exports and filters take its
queryset; every view that loads one object (edit, delete, copy, inspect, history, usage, revisions,
preview, lock) takes its answer for that object; choosers and bulk actions offer and accept only
what it lists. An object outside the scope is refused without its name.

Object ids: admin URLs that take one accept ASCII digits only, so an odd id is a 404; a chooser's
"chosen multiple" view drops odd ids from its `?id=` list.

Wagtail's snippet chooser (`chosen/<str:pk>/`) and wagtail-modeladmin (`(?P<instance_pk>[-\\w]+)`, where `\\w`
matches "²" and "abc") pass any text to an integer primary key, and Django answers with a ValueError. Every
model of this project has an integer key.
"""

from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.log_actions import log
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser
from wagtail_modeladmin.helpers import AdminURLHelper, PermissionHelper
from wagtail_modeladmin.views import HistoryView

from cms.http import parse_id
from policies.models import DraftPage
from policies.models.drafts import coded_title
from policies.scope import CHANGE_ACTIONS, SEE_ACTIONS
from policies.unit_choice import UnitFilterSet


def visible_to(user, queryset):
    """The rows of `queryset` that `user` may see, as the model's registered policy says."""
    return policy_registry.get_by_type(queryset.model).filter_queryset(queryset, user, SEE_ACTIONS)


class IdCheckedChosenView(SnippetChosenView):
    def get_object(self, pk):
        if parse_id(pk) is None:
            raise self.model_class.DoesNotExist
        return super().get_object(pk)


class IdCheckedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return super().get_objects([pk for pk in pks if parse_id(pk) is not None])


class IdCheckedChooserViewSet(SnippetChooserViewSet):
    chosen_view_class = IdCheckedChosenView
    chosen_multiple_view_class = IdCheckedChosenMultipleView


class UnitChoiceMixin:
    """Units in a chooser: current ones first, a merged or abolished one named as such."""

    def get_object_list(self):
        return super().get_object_list().current_first()

    def apply_object_list_ordering(self, objects):
        return objects  # current_first's order, not the model's plain one by name

    @property
    def title_column(self):
        column = super().title_column
        column.accessor = lambda unit: unit.choice_label()
        return column


class UnitChosenView(IdCheckedChosenView):
    def get_display_title(self, instance):
        return instance.choice_label()


class UnitChooserWidget(AdminSnippetChooser):
    def get_display_title(self, instance):
        return instance.choice_label()


class UnitChooserViewSet(IdCheckedChooserViewSet):
    choose_view_class = type("UnitChooseView", (UnitChoiceMixin, ChooseView), {})
    choose_results_view_class = type("UnitChooseResultsView", (UnitChoiceMixin, ChooseResultsView), {})
    chosen_view_class = UnitChosenView
    base_widget_class = UnitChooserWidget


class ScopedObjectListMixin:
    def get_object_list(self):
        return visible_to(self.request.user, super().get_object_list())


class ScopedChosenView(IdCheckedChosenView):
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not visible_to(self.request.user, self.model_class.objects.filter(pk=obj.pk)).exists():
            raise PermissionDenied
        return obj


class ScopedChosenMultipleView(IdCheckedChosenMultipleView):
    def get_objects(self, pks):
        return visible_to(self.request.user, super().get_objects(pks))


class ScopedChooserViewSet(IdCheckedChooserViewSet):
    """A chooser that lists, searches and accepts only the objects the user may see."""

    choose_view_class = type("ScopedChooseView", (ScopedObjectListMixin, ChooseView), {})
    choose_results_view_class = type("ScopedChooseResultsView", (ScopedObjectListMixin, ChooseResultsView), {})
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class PolicyCheckedObjectMixin:
    """A view that loads one object refuses it unless the policy allows the view's action on it.

    Views that alter the object (edit, delete, lock, …) need that action; all others need to see it.
    """

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is None:  # a create view's form has no object yet
            return obj
        action = getattr(self, "permission_required", None)
        actions = [action] if action in CHANGE_ACTIONS else SEE_ACTIONS
        policy = policy_registry.get_by_type(type(obj))
        if not policy.user_has_any_permission_for_instance(self.request.user, actions, obj):
            raise PermissionDenied
        return obj


class ScopedDeleteBulkAction(DeleteBulkAction):
    """Bulk delete of a scoped snippet: all the ids named must be the user's to delete, or nothing happens."""

    def get_queryset(self, model, object_ids):
        ids = {parse_id(value) for value in object_ids}
        if not ids or None in ids:
            raise Http404
        objects = list(visible_to(self.request.user, model.objects.filter(pk__in=ids)))
        if not objects:
            raise Http404  # out of scope is not found: another unit's object is never named
        if len(objects) != len(ids):
            raise PermissionDenied
        return objects

    def get_all_objects_in_listing_query(self, parent_id):
        return visible_to(self.request.user, self.model.objects.all()).values_list("pk", flat=True)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        # One by one, as the single delete view does: each deletion is in the audit log and sends its signals.
        with transaction.atomic():
            for obj in objects:
                log(instance=obj, action="wagtail.delete", user=user)
                obj.delete()
        return len(objects), 0


class ScopedSnippetViewSet(SnippetViewSet):
    """A snippet viewset whose every view asks the model's unit-scoped permission policy."""

    chooser_viewset_class = ScopedChooserViewSet

    def get_queryset(self, request):
        return visible_to(request.user, self.model._default_manager.all())

    def construct_view(self, view_class, **kwargs):
        if hasattr(view_class, "base_filterset_class"):
            kwargs.setdefault("base_filterset_class", UnitFilterSet)  # a `list_filter` on a unit is a unit choice
        if not issubclass(view_class, PolicyCheckedObjectMixin):
            view_class = type(view_class.__name__, (PolicyCheckedObjectMixin, view_class), {})
        return super().construct_view(view_class, **kwargs)

    def on_register(self):
        super().on_register()
        bulk_delete = type("ScopedDeleteBulkAction", (ScopedDeleteBulkAction,), {"models": [self.model]})
        # After Wagtail's own delete action for all snippets, so this one takes its place for this model.
        hooks.register("register_bulk_action", bulk_delete, order=1)


class PolicyPermissionHelper(PermissionHelper):
    """wagtail-modeladmin's permission helper, answered by the model's registered policy."""

    @property
    def policy(self):
        return policy_registry.get_by_type(self.model)

    def user_can_see_obj(self, user, obj):
        return self.policy.user_has_any_permission_for_instance(user, SEE_ACTIONS, obj)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self.user_can_see_obj(user, obj)

    def user_can_edit_obj(self, user, obj):
        return self.policy.user_has_permission_for_instance(user, "change", obj)

    def user_can_delete_obj(self, user, obj):
        return self.policy.user_has_permission_for_instance(user, "delete", obj)


class PolicyCheckedHistoryView(HistoryView):
    """modeladmin's history view checks no object permission by itself."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_see_obj(user, self.instance)


class DraftFilter(SimpleListFilter):
    """wagtail-modeladmin list filter: rows of one draft; the options are the drafts in the user's scope."""

    title = gettext_lazy("dự thảo")
    parameter_name = "draft"

    def drafts(self, user):
        return DraftPage.objects.choosable_by(user)

    def lookups(self, request, model_admin):
        pairs = self.drafts(request.user).values_list("pk", "code", "title")
        return [(str(pk), coded_title(code, title)) for pk, code, title in pairs]

    def queryset(self, request, queryset):
        draft_id = parse_id(self.value())
        if draft_id is not None:
            return queryset.filter(draft_id=draft_id)
        return queryset


class DigitsURLHelper(AdminURLHelper):
    def _get_object_specific_action_url_pattern(self, action):
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>[0-9]+)/$"
