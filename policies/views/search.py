"""Search over drafts at /tim-kiem/?q=, blind to diacritics and Unicode form.

The index holds a folded copy of each draft (policies.naming.fold) and the
query is folded the same way, so `thue`, `thuế` and a decomposed (NFD) `thuế`
all find “thuế”. Among those, drafts that contain the words exactly as typed
(with their diacritics) come first, so `thuế` ranks “thuế” above “thuê”.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from policies.cache import SEARCH_QUERY, mark_draft_list
from policies.models import DraftPage
from policies.naming import clean_text, fold

MAX_QUERY = 200
MAX_CACHED_QUERY = 60
MAX_RESULTS = 200
PER_PAGE = 20


def search_drafts(query):
    """Live, public drafts matching `query`, exact Vietnamese matches first. Returns a list."""
    folded = fold(query)
    if not folded:
        return []
    drafts = DraftPage.objects.live().public().select_related("drafting_unit")
    results = list(drafts.search(folded, operator="and")[:MAX_RESULTS])
    if not results:
        # Unfinished last word (“thu”, “dat da”): match word beginnings.
        results = list(drafts.autocomplete(folded)[:MAX_RESULTS])
    exact_words = clean_text(query).lower().split()

    def exact(draft):
        text = clean_text(f"{draft.title} {draft.code} {draft.summary}").lower()
        return all(word in text for word in exact_words)

    # sorted() is stable: within each group the search backend's ranking stays.
    return sorted(results, key=lambda draft: 0 if exact(draft) else 1)


def search(request):
    query = clean_text(request.GET.get("q", ""))[:MAX_QUERY].strip()
    error = None
    results = []
    if "q" in request.GET and not query:
        error = _("Nhập từ cần tìm, ví dụ: thuế, đất đai, học sinh.")
    elif query:
        results = search_drafts(query)
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("trang"))
    if not error and len(query) <= MAX_CACHED_QUERY and request.GET.get("trang", "1") == str(page.number):
        # Any words may be searched: only short ones are kept, and page_cache caps how many.
        mark_draft_list(request, SEARCH_QUERY)
    return render(
        request,
        "policies/search.html",
        {"query": query, "results": page, "count": len(results), "error": error},
    )
