"""Where a draft index may be created: under the home page (which names it), nowhere else."""

from wagtail.models import Page, get_page_models

import pytest

from home.models import HomePage
from policies.models import DraftIndexPage, DraftPage
from tests.factories import DraftPageFactory, draft_index

pytestmark = pytest.mark.django_db


def test_only_the_home_page_and_the_root_list_the_draft_index_as_a_subpage_type():
    # The root (wagtailcore.Page) lists every type by Wagtail's default; can_exist_under refuses it.
    listing = {model for model in get_page_models() if DraftIndexPage in model.allowed_subpage_models()}
    assert listing == {HomePage, Page}


def test_draft_index_can_exist_under_the_home_page_and_nowhere_else_in_the_tree():
    index = draft_index()
    draft = DraftPageFactory(parent=index)
    home = index.get_parent().specific
    root = home.get_parent()
    assert isinstance(home, HomePage) and root.is_root()
    assert DraftIndexPage.can_exist_under(home)
    for parent in (root, index, draft):
        assert not DraftIndexPage.can_exist_under(parent), parent
        assert not DraftIndexPage.can_create_at(parent), parent
    assert not index.can_move_to(root)
    assert DraftPage.can_exist_under(index) and not DraftPage.can_exist_under(home)


def test_draft_index_can_be_created_under_a_home_page_without_one():
    index = draft_index()
    home = index.get_parent().specific
    assert not DraftIndexPage.can_create_at(home)  # max_count: the portal has one list of drafts
    index.delete()
    assert DraftIndexPage.can_create_at(home)
    assert not DraftIndexPage.can_create_at(home.get_parent())
