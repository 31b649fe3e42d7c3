"""Every admin page a role's menu leads to reads in Vietnamese: no English UI word is left on it.

The crawl signs in as each demo account, starts at the dashboard, follows every link of the sidebar menu (built
from the JSON props Wagtail renders for its React sidebar), and from each listing opens its add, first edit,
inspect, history and usage views. Visible text, screen-reader text and the attributes people or their screen
readers see (title, aria-label, placeholder, alt, tooltip, button values) are checked against the words of the
English messages Wagtail, Django, wagtail-modeladmin and django-import-export ship, plus common UI words.
"""

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import django

import wagtail
import wagtail_modeladmin

import import_export
import polib
import pytest
from bs4 import BeautifulSoup, NavigableString, TemplateString

from home.builtin_names import vietnamese_builtin_names

ROLES = ["admin", "tuphap", "bientap", "kiemduyet", "xaiatoi", "taphuan"]

# Proper names, formats and loanwords that stay as they are in Vietnamese text; "English" is the language's own
# name in the account's language list, and "admin" the demo superuser's user name.
ALLOWED = {
    "wagtail", "javascript", "zalo", "facebook", "email", "website", "spam", "xlsx", "csv", "docx", "url", "rss", "qr",
    "id", "pdf", "english", "admin",
}  # fmt: skip

# Short English words the message vocabulary below misses (it keeps words of four letters or more). None of them
# is a Vietnamese syllable written without diacritics, unlike "to", "in", "no", "can", "ban" or "may".
SHORT_ENGLISH = {
    "add", "ago", "all", "and", "any", "are", "by", "cut", "few", "for", "get", "has", "how", "its", "key", "new",
    "not", "now", "of", "off", "out", "own", "per", "see", "set", "too", "use", "was", "who", "why", "yes", "you",
}  # fmt: skip
# UI words a template or script might hard-code without marking them for translation.
COMMON_UI_ENGLISH = {
    "about", "account", "actions", "active", "added", "back", "cancel", "change", "choose", "clear", "close",
    "collapse", "copy", "create", "created", "dashboard", "date", "delete", "details", "download", "draft",
    "edit", "editing", "edited", "expand", "export", "false", "field", "filter", "filters", "first", "help",
    "hide", "history", "home", "import", "inspect", "inspecting", "last", "latest", "live", "loading", "menu",
    "minute", "minutes", "more", "name", "next", "none", "open", "page", "pages", "password", "preview",
    "previous", "publish", "published", "remove", "reset", "results", "save", "saved", "search", "select",
    "settings", "show", "shortcuts", "sidebar", "sort", "status", "submit", "title", "toggle", "true", "type",
    "unknown", "update", "updated", "upload", "user", "users", "view", "with", "workflow", "yesterday",
}  # fmt: skip

# Links followed from a listing or an edit view: add, edit, inspect, history, usage, and the page tree. At most
# PER_SHAPE links of one shape (digits aside) and MAX_DEPTH steps from the menu keep the crawl short.
ACTION_LINK = re.compile(
    r"/(add|create)/(\w+/\w+/\d+/)?$|/add_subpage/$|/(edit|inspect|history|usage)/\d+/$|/\d+/(edit|history)/$"
    r"|^/admin/pages/\d+/$|/workflow_history/(detail/\d+/)?$"
)
PER_SHAPE = 1
EXPLORER = re.compile(r"^/admin/pages/N/")  # the page tree is walked down a few levels to reach the drafts
MAX_DEPTH = 3
# Never followed: they log out, change data on GET, or download files.
SKIPPED = re.compile(r"logout|/delete/|/unpublish/|/lock/|/unlock/|/hoan-tac/|\.xlsx|export=|tai=|/preview/")

TEXT_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value")
WORD = re.compile(r"\w+")
# Addresses, e-mail addresses, paths, time zone names ("Asia/Ho_Chi_Minh") and dotted identifiers are not prose.
NOT_TEXT = re.compile(r"https?://\S+|\S+@\S+|\S*/\S*|\w+(\.\w+)+")


def message_vocabulary():
    """Words of four letters or more in the English messages of the admin's libraries."""
    words = set()
    for package in (wagtail, django, wagtail_modeladmin, import_export):
        for po_path in Path(package.__file__).parent.rglob("locale/en/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(po_path)):
                for text in (entry.msgid, entry.msgid_plural):
                    text = re.sub(r"%\(\w+\)\w|\{\w*\}|<[^>]+>", " ", text or "")
                    words.update(w.lower() for w in re.findall(r"\b[A-Za-z]{4,}\b", text))
    return words


ENGLISH = (message_vocabulary() | COMMON_UI_ENGLISH | SHORT_ENGLISH) - ALLOWED


def is_english(word):
    # Inflected forms ("Editors", "Inspecting", "approved"): no Vietnamese syllable ends in -s, -ed or -ing.
    stems = {word, re.sub(r"(s|es)$", "", word), re.sub(r"(ed|d)$", "", word), re.sub(r"ing$", "", word)}
    stems |= {stem + "e" for stem in stems if stem != word}
    return any(stem in ENGLISH for stem in stems if len(stem) >= 3 or stem == word)


def english_words(text):
    words = []
    for word in WORD.findall(NOT_TEXT.sub(" ", text)):
        if word.isascii() and word.isalpha() and is_english(word.lower()):
            words.append(word)
    return words


def sidebar_props(soup):
    script = soup.find("script", id="wagtail-sidebar-props")
    return json.loads(script.string) if script else {}


def menu_entries(node):
    """(label, url) of every item of the sidebar menu, submenus included."""
    if isinstance(node, dict):
        if isinstance(node.get("label"), str):
            yield node["label"], node.get("url")
        for value in node.values():
            yield from menu_entries(value)
    elif isinstance(node, list):
        for value in node:
            yield from menu_entries(value)


def visible_texts(html):
    """The texts a person (or their screen reader) meets on the page, scripts and styles aside."""
    soup = BeautifulSoup(html, "lxml")
    texts = [label for label, _url in menu_entries(sidebar_props(soup))]
    # Elements marked hidden show only once a script has filled them in (the Chromium test reads those).
    for element in soup(["script", "style"]) + soup.find_all(attrs={"hidden": True}):
        element.decompose()
    # Text inside <template> (dialogs such as the keyboard shortcuts) is shown once a script clones it.
    texts.extend(soup.get_text("\n", types=(NavigableString, TemplateString)).split("\n"))
    for element in soup.find_all(True):
        texts.extend(element.get(attribute, "") for attribute in TEXT_ATTRIBUTES)
        if element.name == "input" and element.get("type") in ("submit", "button", "reset"):
            texts.append(element.get("value", ""))
    return [text.strip() for text in texts if text and text.strip()]


def english_on(html):
    """{English word: first line it was met in}."""
    found = {}
    for text in visible_texts(html):
        for word in english_words(text):
            found.setdefault(word, text[:120])
    return found


def admin_links(html):
    soup = BeautifulSoup(html, "lxml")
    for anchor in soup.find_all("a", href=True):
        path = urlsplit(anchor["href"]).path
        if path.startswith("/admin/") and not SKIPPED.search(anchor["href"]):
            yield path


def page_of(response):
    """The HTML a person sees from a response: a page, or the HTML a chooser modal gets as JSON."""
    if response.status_code != 200:
        return ""
    if "json" in response.get("Content-Type", ""):
        return response.json().get("html", "")
    return response.content.decode() if "html" in response.get("Content-Type", "") else ""


def crawl(client, start=("/admin/",), menu=True):
    """Visit the dashboard and every menu link, then follow action links a few steps down (a few of each kind)."""
    pages = {}
    shown = Counter()
    broken = []
    # A refusal is the scope tests' business; a page that fails to render is everyone's, so the crawl reports it.
    client.raise_request_exception = False

    def visit(url):
        response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"}, follow=True)
        if response.status_code >= 500:
            broken.append(f"{url} → {response.status_code}")
        pages[url] = page_of(response)
        return pages[url]

    dashboard = visit("/admin/")
    links = [url for _label, url in menu_entries(sidebar_props(BeautifulSoup(dashboard, "lxml")))] if menu else []
    queue = [(url, 0) for url in [*start, *links] if url and url.startswith("/admin/") and not SKIPPED.search(url)]
    while queue:
        url, depth = queue.pop(0)
        shape = re.sub(r"\d+", "N", url)
        limit = 3 if EXPLORER.match(shape) else PER_SHAPE
        if url in pages or (depth and shown[shape] >= limit):
            continue
        html = visit(url)
        shown[shape] += bool(html)
        if depth < MAX_DEPTH:
            queue.extend((link, depth + 1) for link in admin_links(html) if ACTION_LINK.search(link))
    assert not broken, broken
    return {url: html for url, html in pages.items() if html}


@pytest.fixture
def demo(demo_data):
    # The session's test database may have been flushed by a live-server test and rebuilt by a script, which names
    # Wagtail's root "Root"; do what migrate does on a real install.
    vietnamese_builtin_names()


def test_detector_finds_english_and_passes_vietnamese():
    html = (
        '<html><body><h1>Sửa trang</h1><span class="w-sr-only">True</span>'
        '<input type="search" placeholder="Search for"><a title="Inspecting">Xem</a>'
        "<p>5 out of 10 · Tải XLSX qua Zalo, email ia-toi@example.invalid</p></body></html>"
    )
    assert set(english_on(html)) == {"True", "Search", "for", "Inspecting", "out", "of"}
    assert english_on("<p>Đăng nhập để quản lý dự thảo chính sách, Tơi, Ia Đal</p>") == {}


def test_login_page_is_vietnamese(client, db):
    found = english_on(client.get("/admin/login/").content.decode())
    assert not found, found


@pytest.mark.parametrize("username", ROLES)
def test_admin_pages_of_each_role_show_no_english(client, demo, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    pages = crawl(client)
    assert len(pages) >= 5, sorted(pages)
    english = defaultdict(dict)
    for url, html in pages.items():
        for word, line in english_on(html).items():
            english[url][word] = line
    report = "\n".join(
        f"{url}: " + "; ".join(f"{word!r} in {line!r}" for word, line in words.items())
        for url, words in sorted(english.items())
    )
    assert not english, f"English on {len(english)} of {len(pages)} pages for {username}:\n{report}"


@pytest.mark.parametrize("username", ["bientap", "tuphap"])
def test_review_and_chooser_pages_show_no_english(client, demo, username):
    """A draft in review: the editor's and the Justice Office's dashboard, edit view, workflow history; the page
    chooser a link or a workflow opens."""
    from django.contrib.auth import get_user_model

    from policies.models import DraftPage

    editor = get_user_model().objects.get(username="bientap")
    draft = DraftPage.objects.filter(drafting_unit__code="phong-gd-dt").order_by("pk").first()
    draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)
    client.force_login(get_user_model().objects.get(username=username))
    start = [
        f"/admin/pages/{draft.pk}/edit/",
        f"/admin/pages/{draft.pk}/workflow_history/",
        "/admin/choose-page/",
        f"/admin/choose-page/{draft.get_parent().pk}/",
    ]
    pages = crawl(client, start=start, menu=False)
    assert {"/admin/", *start[:3]} <= set(pages), sorted(pages)
    english = {url: found for url, html in pages.items() if (found := english_on(html))}
    assert not english, english


@pytest.mark.django_db
def test_after_migrate_wagtails_builtin_rows_have_vietnamese_names():
    """What Wagtail's and Django's migrations name in English is renamed by the post_migrate step of any migrate."""
    from django.contrib.auth.models import Group, Permission
    from django.core.management.sql import emit_post_migrate_signal

    from wagtail.models import Collection, GroupApprovalTask, Page, Workflow

    Page.objects.filter(depth=1).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1).update(name="Root")
    Group.objects.filter(name="Duyệt trang (nhóm có sẵn của Wagtail)").delete()  # as Wagtail's migration leaves it
    Group.objects.create(name="Moderators")
    Workflow.objects.create(name="Moderators approval")
    GroupApprovalTask.objects.create(name="Moderators approval")
    Permission.objects.filter(codename="add_page").update(name="Can add page")
    Permission.objects.filter(codename="access_admin").update(name="Can access Wagtail admin")
    Group.objects.create(name="Tên do người quản trị đặt")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert Page.objects.get(depth=1).title == "Gốc"
    assert Collection.objects.get(depth=1).name == "Gốc"
    assert Group.objects.filter(name="Duyệt trang (nhóm có sẵn của Wagtail)").exists()
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert Group.objects.filter(name="Tên do người quản trị đặt").exists()
    assert Workflow.objects.filter(name="Duyệt trang chung").exists()
    assert GroupApprovalTask.objects.filter(name="Duyệt trang chung").exists()
    assert Permission.objects.get(codename="add_page").name == "Thêm trang"
    assert Permission.objects.get(codename="access_admin").name == "Được vào trang quản trị"
    english = [p.name for p in Permission.objects.filter(name__startswith="Can ")]
    assert not english, english


@pytest.mark.django_db
def test_renaming_never_collides_with_a_name_already_taken():
    from django.contrib.auth.models import Group
    from django.core.management.sql import emit_post_migrate_signal

    Group.objects.get_or_create(name="Duyệt trang (nhóm có sẵn của Wagtail)")
    Group.objects.create(name="Moderators")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Group.objects.filter(name="Moderators").exists()
