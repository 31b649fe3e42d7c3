"""What every install needs before anyone signs in, demo or not: role groups, the identity
settings row, the base catalogues, the editors' permissions and the review workflow.

`setup_portal()` runs the `setup` module of every project app, lowest app first, so
each app sets up what it owns without this app importing the apps above it. Every
function is idempotent: it looks objects up by a natural key and leaves them alone
when they exist, so a second run changes nothing and keeps what administrators edited.
"""

from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from policies import roles

# name, minimum consultation days (Law 64/2025 and Decree 78/2025: check against the current text)
DOCUMENT_TYPES = [
    ("Nghị quyết của Hội đồng nhân dân cấp tỉnh", 20),
    ("Nghị quyết của Hội đồng nhân dân cấp xã", 20),
    ("Quyết định của Ủy ban nhân dân cấp tỉnh", 20),
    ("Quyết định của Ủy ban nhân dân cấp xã", 20),
]
# code (BCP 47, the pages' `lang`), Vietnamese name, address segment: the languages a draft may be retold in.
AUDIENCE_LANGUAGES = [
    ("vi", "Tiếng Việt dễ đọc", "de-doc"),
    ("jra", "Tiếng Jrai", "jra"),
    ("bdq", "Tiếng Ba Na", "bdq"),
]
POLICY_FIELDS = ["Nông nghiệp", "Giáo dục", "Thuế, phí", "Đất đai", "Thương mại, chợ", "Trật tự công cộng"]

DRAFT_INDEX_TITLE = "Dự thảo chính sách lấy ý kiến"
DRAFT_INDEX_SLUG = "du-thao"
DRAFT_INDEX_INTRO = "Các dự thảo chính sách có tác động lớn đến xã hội đang và đã lấy ý kiến Nhân dân."
WORKFLOW_NAME = "Duyệt dự thảo chính sách trước khi đăng"
REVIEW_TASK_NAME = "Phòng Tư pháp duyệt"
# Page permissions on the draft index; a draft reaches the public only through the review task.
PAGE_PERMISSIONS = {
    roles.EDITOR: ("add_page", "change_page"),
    roles.JUSTICE_OFFICE: ("add_page", "change_page", "publish_page"),
}
COLLECTION_PERMISSIONS = [
    (roles.EDITOR, "wagtaildocs", ("add_document", "choose_document")),
    (roles.JUSTICE_OFFICE, "wagtaildocs", ("add_document", "choose_document")),
    (roles.JUSTICE_OFFICE, "wagtailimages", ("add_image", "choose_image")),
]


def setup_modules():
    """The `setup` module of each project app, lowest app first (INSTALLED_APPS lists the top app first)."""
    for config in reversed(list(apps.get_app_configs())):
        if module_has_submodule(config.module, "setup"):
            yield import_module(f"{config.name}.setup")


@transaction.atomic
def setup_portal():
    for module in setup_modules():
        module.run()


def run():
    roles.sync_role_groups()
    setup_identity()
    setup_catalogues()
    setup_collection_permissions()
    setup_review_workflow()


def setup_identity():
    from policies.models import OrganisationIdentity

    return OrganisationIdentity.load()  # creates the row with its defaults


def setup_catalogues():
    from policies.models import DocumentType, PolicyField

    types = {
        name: DocumentType.objects.get_or_create(name=name, defaults={"min_consultation_days": days})[0]
        for name, days in DOCUMENT_TYPES
    }
    fields = {name: PolicyField.objects.get_or_create(name=name)[0] for name in POLICY_FIELDS}
    setup_audience_languages()
    return types, fields


def setup_audience_languages():
    """The default languages, looked up by code: a name or address the Justice Office changed is kept."""
    from policies.models import AudienceLanguage

    return {
        code: AudienceLanguage.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slug, "sort_order": order}
        )[0]
        for order, (code, name, slug) in enumerate(AUDIENCE_LANGUAGES)
    }


def setup_collection_permissions():
    """Editors and the Justice Office attach documents (draft files) from the root collection;
    the Justice Office also uploads and picks images (the logo in the identity settings)."""
    from django.contrib.auth.models import Permission

    from wagtail.models import Collection, GroupCollectionPermission

    root_collection = Collection.get_first_root_node()
    if root_collection is None:
        return
    for role, app_label, codenames in COLLECTION_PERMISSIONS:
        group = roles.role_group(role)
        for permission in Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


def setup_review_workflow():
    """One task, approved by the Justice Office group, in the workflow drafts go through."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    workflow = Workflow.objects.get_or_create(name=WORKFLOW_NAME)[0]
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
        task.groups.set([roles.role_group(roles.JUSTICE_OFFICE)])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def setup_draft_index(home):
    """The /du-thao/ page under the site's home page (the home app calls this once its page exists)."""
    from policies.models import DraftIndexPage

    index = DraftIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=DraftIndexPage(title=DRAFT_INDEX_TITLE, slug=DRAFT_INDEX_SLUG, intro=DRAFT_INDEX_INTRO)
        )
    return index


def setup_draft_editing(index):
    """Editors' and the Justice Office's page permissions on the draft index, and its review workflow."""
    from django.contrib.auth.models import Permission

    from wagtail.models import GroupPagePermission, WorkflowPage

    for role, codenames in PAGE_PERMISSIONS.items():
        group = roles.role_group(role)
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)
    workflow = setup_review_workflow()
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    return workflow
