"""Odd input typed into admin addresses gives an answer, never a 500.

Object ids: admin URLs that take one accept ASCII digits only, so an odd id is a 404; a chooser's
"chosen multiple" view drops odd ids from its `?id=` list.

Wagtail's snippet chooser (`chosen/<str:pk>/`) and wagtail-modeladmin (`(?P<instance_pk>[-\\w]+)`, where `\\w`
matches "²" and "abc") pass any text to an integer primary key, and Django answers with a ValueError. Every
model of this project has an integer key.

Searches: modeladmin's listing search sends the typed text to the database as is; PostgreSQL refuses
NUL in text, so it goes through the project's one control-character rule first.
"""

from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetChosenMultipleView, SnippetChosenView
from wagtail_modeladmin.helpers import AdminURLHelper, DjangoORMSearchHandler

from policies.http import parse_id
from policies.naming import clean_text


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


class DigitsURLHelper(AdminURLHelper):
    def _get_object_specific_action_url_pattern(self, action):
        return rf"^{self.base_url_path}/{action}/(?P<instance_pk>[0-9]+)/$"


class CleanSearchHandler(DjangoORMSearchHandler):
    def search_queryset(self, queryset, search_term, **kwargs):
        return super().search_queryset(queryset, clean_text(search_term or ""), **kwargs)
