"""The page tree a real site needs: Wagtail's welcome page replaced by the portal's home page,
with the draft index under it. Idempotent (see policies.setup)."""

from urllib.parse import urlsplit

from django.conf import settings

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.models import HomePage
from policies.models import OrganisationIdentity
from policies.setup import setup_draft_editing, setup_draft_index

HOME_INTRO = (
    "Nơi người dân, tổ chức, doanh nghiệp đọc các dự thảo chính sách có tác động lớn đến xã hội "
    "và gửi góp ý trước khi chính sách được thông qua, ban hành."
)
HOME_BODY = (
    "<p>Theo Đề án truyền thông chính sách giai đoạn 2022 - 2027, mọi dự thảo chính sách có tác động lớn "
    "đến xã hội phải được thông tin đến Nhân dân từ khi lấy ý kiến đề nghị xây dựng văn bản đến khi thông qua. "
    "Trên cổng này, cơ quan soạn thảo công bố sự cần thiết, mục đích, phạm vi, nội dung cơ bản và những điểm mới "
    "của từng dự thảo; tiếp nhận góp ý; và công khai cách tiếp thu, giải trình.</p>"
)


# Host names of a development or test machine: the placeholder site stays as Wagtail made it there.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "testserver"}


def run():
    home = setup_home()
    setup_draft_editing(setup_draft_index(home))
    setup_public_address()


def ensure_page_tree():
    """The locale and root page Wagtail's migrations create; a flushed test database has neither."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
    return root


def setup_home():
    """The home page, titled with the site name from the identity settings, as the default site's root."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = ensure_page_tree()
    for welcome in root.get_children().filter(slug="home"):
        welcome.delete()
    site_name = OrganisationIdentity.load().site_name
    home = root.add_child(instance=HomePage(title=site_name, slug="home", intro=HOME_INTRO, body=HOME_BODY))
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", is_default_site=True)
    site.root_page = home
    site.site_name = site_name
    site.port = 80
    site.save()
    return home


def setup_public_address():
    """Give the default site the public host of `WAGTAILADMIN_BASE_URL`, so the sitemap, feeds and front-end cache
    purges name real addresses. A host someone already set in the admin is left alone."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL or "")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or site.hostname != "localhost" or not address.hostname or address.hostname in LOCAL_HOSTS:
        return
    site.hostname = address.hostname
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.save()
