"""Admin URLs that take an object id accept ASCII digits only, so an odd id is a 404, never a 500.

Wagtail's snippet chooser (`chosen/<str:pk>/`) and wagtail-modeladmin (`(?P<instance_pk>[-\\w]+)`, where `\\w`
matches "²" and "abc") pass any text to an integer primary key, and Django answers with a ValueError. Every
model of this project has an integer key.
"""

from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetChosenView
from wagtail_modeladmin.helpers import AdminURLHelper

from policies.http import parse_id


class IdCheckedChosenView(SnippetChosenView):
    def get_object(self, pk):
        if parse_id(pk) is None:
            raise self.model_class.DoesNotExist
        return super().get_object(pk)


class IdCheckedChooserViewSet(SnippetChooserViewSet):
    chosen_view_class = IdCheckedChosenView


class DigitsURLHelper(AdminURLHelper):
    def _get_object_specific_action_url_pattern(self, action):
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>[0-9]+)/$"
