"""Fewer queries for a public page: the tree walked with one query a level, view restrictions read from the cache.

Wagtail walks a URL with two queries a level (the child, then its specific row) and asks for the page's
and its ancestors' view restrictions with two more. The portal's pages know their children's type, and
a site almost never restricts a page: the paths that carry a restriction are kept in the cache and
dropped when a restriction changes (policies/cache.py), so an unrestricted page asks nothing.
"""

from django.core.cache import cache

from wagtail.models import Page, PageViewRestriction

RESTRICTED_PATHS_KEY = "pages:restricted-paths"
# The site's few fixed pages (the draft index under the home page) by parent and slug, kept like the paths.
FIXED_CHILDREN_KEY = "pages:fixed-children"


def restricted_paths():
    paths = cache.get(RESTRICTED_PATHS_KEY)
    if paths is None:
        paths = set(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(RESTRICTED_PATHS_KEY, paths, None)
    return paths


def forget_restricted_paths():
    cache.delete(RESTRICTED_PATHS_KEY)


def forget_fixed_children():
    cache.delete(FIXED_CHILDREN_KEY)


class PublicPageMixin:
    """For the portal's page types: typed routing to children and cached view restrictions."""

    def child_page_model(self):
        """The specific type of this page's children, or None to let Wagtail look each one up."""
        return None

    # True where the children are a few fixed pages (the home page's draft index): kept in the cache, dropped
    # when any page other than a draft is saved, published, unpublished, moved or deleted (policies/cache.py).
    fixed_children = False

    def child_queryset(self, model, remaining):
        """The queryset a child is looked up in; `remaining` is the rest of the path below it."""
        return model.objects.child_of(self)

    def route(self, request, path_components):
        model = self.child_page_model()
        if not path_components or model is None:
            return super().route(request, path_components)
        child = self.find_child(model, path_components[0], path_components[1:])
        if child is None:
            # Another type placed here by hand (or a slug that is not there): Wagtail's own lookup decides.
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

    def find_child(self, model, slug, remaining):
        fixed = cache.get(FIXED_CHILDREN_KEY, {}) if self.fixed_children else {}
        if (self.pk, slug) in fixed:
            return fixed[(self.pk, slug)]
        # A slug is unique among siblings: no ORDER BY to compile or run.
        found = list(self.child_queryset(model, remaining).filter(slug=slug).order_by()[:1])
        child = found[0] if found else None
        if child is not None and self.fixed_children:
            cache.set(FIXED_CHILDREN_KEY, {**fixed, (self.pk, slug): child}, None)
        return child

    def get_view_restrictions(self):
        steplen = Page.steplen
        ancestry = {self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)}
        if self.alias_of_id is None and not ancestry & restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
