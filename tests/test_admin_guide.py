"""The admin's Help menu leads to the portal's Vietnamese guide for its roles, not to Wagtail's English guide."""

import json

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from policies import roles

ROLES = [roles.EDITOR, roles.MODERATOR, roles.COMMUNE_STAFF, roles.TRAINER, roles.JUSTICE_OFFICE]


def sidebar_menu(client):
    """{label: url} of every sidebar item the signed-in user sees, submenus included."""
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "lxml")
    props = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
    items = {}

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str) and "name" in node:
                items[node["label"]] = node.get("url")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return items


def help_menu(client):
    """(label, url) of the items of the sidebar's Help submenu."""
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "lxml")
    props = json.loads(soup.find("script", id="wagtail-sidebar-props").string)

    def find(node):
        # A submenu is packed as {"_type": "wagtail.sidebar.SubMenuItem", "_args": [{"name": …}, [items]]}.
        if isinstance(node, dict):
            args = node.get("_args")
            if node.get("_type") == "wagtail.sidebar.SubMenuItem" and args[0]["name"] == "help":
                return [(item["_args"][0]["label"], item["_args"][0].get("url")) for item in args[1]]
            nodes = node.values()
        else:
            nodes = node if isinstance(node, list) else []
        for value in nodes:
            if (found := find(value)) is not None:
                return found
        return None

    return find(props)


@pytest.mark.django_db
class TestHelpMenu:
    @pytest.mark.parametrize("role", [*ROLES, None])
    def test_help_menu_leads_to_the_portal_guide_only(self, client, make_user, unit, role):
        user = make_user(role=role, units=[unit]) if role else make_user(is_superuser=True, is_staff=True)
        client.force_login(user)
        items = help_menu(client)
        urls = [url for _label, url in items]
        assert ("Hướng dẫn sử dụng cổng", reverse("admin_guide:index")) in items
        assert not [url for url in urls if "wagtail.org" in (url or "")], items

    @pytest.mark.parametrize("role", [roles.EDITOR, None])
    def test_dashboard_links_to_the_portal_guide_not_to_wagtail_org(self, client, make_user, unit, role):
        user = make_user(role=role, units=[unit]) if role else make_user(is_superuser=True, is_staff=True)
        client.force_login(user)
        soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "lxml")
        links = [a["href"] for a in soup.find_all("a", href=True)]
        assert reverse("admin_guide:index") in links
        assert not [href for href in links if "wagtail.org" in href], links

    def test_guide_is_an_admin_page(self, client, make_user):
        response = client.get(reverse("admin_guide:index"))
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]
        client.force_login(make_user())  # no role: no admin access
        assert client.get(reverse("admin_guide:index")).status_code in (302, 403)


@pytest.mark.django_db
class TestAdminGuide:
    @pytest.mark.parametrize("role", ROLES)
    def test_guide_marks_the_readers_own_role(self, client, make_user, unit, role):
        client.force_login(make_user(role=role, units=[unit]))
        response = client.get(reverse("admin_guide:index"))
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "lxml")
        assert soup.find("h1").get_text(strip=True) == "Hướng dẫn sử dụng cổng"
        mine = [li.get_text(" ", strip=True) for li in soup.select("nav li.portal-guide__mine")]
        assert mine == [f"{roles.group_name(role)} (vai trò của bạn)"]
        # Every role has its section, so a colleague's work can be covered too.
        headings = {h2.get_text(strip=True) for h2 in soup.select("section h2")}
        assert {roles.group_name(other) for other in ROLES} <= headings

    def test_menu_names_in_the_guide_are_those_of_the_sidebar(self, client, make_user):
        client.force_login(make_user(is_superuser=True, is_staff=True))
        labels = set(sidebar_menu(client)) | {"Bảng điều khiển"}  # the dashboard is the logo's link
        soup = BeautifulSoup(client.get(reverse("admin_guide:index")).content, "lxml")
        named = {span.get_text(strip=True) for span in soup.select(".portal-guide__menu")}
        assert len(named) > 15
        unknown = [path for path in sorted(named) if not set(path.split(" → ")) <= labels]
        assert not unknown, f"not in the sidebar: {unknown}; sidebar: {sorted(labels)}"
