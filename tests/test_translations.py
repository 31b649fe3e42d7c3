import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from django.utils import translation

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_CATALOGUES = sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po"))

# Named placeholders may repeat or move; positional ones (%s, %d, {}) must keep their count.
NAMED = re.compile(r"%\((\w+)\)[sdfr]|\{(\w+)\}")
POSITIONAL = re.compile(r"%[sdfr]|\{\}")


def test_compiled_catalogues_match_their_po_files():
    result = subprocess.run(
        [sys.executable, "bin/compile_messages.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout


def load_compile_messages():
    spec = importlib.util.spec_from_file_location("compile_messages", ROOT / "bin" / "compile_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PLURAL_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Xin chào"
msgstr "Xin chào"

msgid "%(days)s day left"
msgid_plural "%(days)s days left"
msgstr[0] "{translation}"
"""


def test_check_finds_a_stale_plural_translation(tmp_path):
    compile_messages = load_compile_messages()
    po_path = tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    po_path.parent.mkdir(parents=True)
    po_path.write_text(PLURAL_PO.format(translation="còn %(days)s ngày"), encoding="utf-8")
    assert compile_messages.main(root=tmp_path) == 0
    assert compile_messages.main(check=True, root=tmp_path) == 0

    # Only the plural form changes: the .mo compiled before no longer matches.
    po_path.write_text(PLURAL_PO.format(translation="còn lại %(days)s ngày"), encoding="utf-8")
    assert compile_messages.main(check=True, root=tmp_path) == 1


def test_most_seen_admin_strings_are_vietnamese():
    with translation.override("vi"):
        for english, vietnamese in [
            ("Sign in", "Đăng nhập"),
            ("Save draft", "Lưu nháp"),
            ("Publish", "Xuất bản"),
            ("Snippets", "Danh mục"),
            ("Reports", "Báo cáo"),
        ]:
            assert translation.gettext(english) == vietnamese


# (msgctxt, msgid, expected Vietnamese). Wagtail 8.0.1, wagtail-modeladmin and django-import-export use no
# msgctxt in their catalogues today; a context here is looked up with pgettext.
KEY_STRINGS = [
    (None, "Sign in to Wagtail", "Đăng nhập hệ thống quản trị"),
    (None, "Log out", "Đăng xuất"),
    (None, "Email", "Thư điện tử"),  # the account page's label, which Wagtail's catalogue leaves in English
    (None, "Dashboard", "Bảng điều khiển"),
    (None, "Site summary", "Tổng quan trang web"),
    (None, "Settings", "Cài đặt"),
    (None, "Documents", "Tài liệu"),
    (None, "document", "tài liệu"),
    (None, "Save draft", "Lưu nháp"),
    (None, "Submit for moderation", "Gửi kiểm duyệt"),
    (None, "Submit to %(workflow_name)s", "Gửi duyệt: %(workflow_name)s"),
    (None, "Unpublish", "Ngừng xuất bản"),
    (None, "Schedule to publish", "Hẹn giờ xuất bản"),
    (None, "In Moderation", "Đang kiểm duyệt"),
    (None, "live + draft", "đang hiển thị + bản nháp"),
    (None, "Workflows", "Quy trình duyệt"),
    (None, "Page types usage", "Thống kê loại trang"),
    (None, "Show filters", "Hiện bộ lọc"),
    (None, "Sort by '%(label)s' in ascending order.", "Sắp xếp theo '%(label)s' tăng dần."),
    (None, "Page %(page_num)s of %(total_pages)s", "Trang %(page_num)s / %(total_pages)s"),
    (None, "There are no %(model_name)s to display.", "Không có %(model_name)s nào để hiển thị."),
    (None, "%(model_name)s '%(object)s' created.", "%(model_name)s '%(object)s' đã được tạo."),
    (None, "%(model_name)s '%(object)s' deleted.", "%(model_name)s '%(object)s' đã bị xóa."),
    (
        None,
        "Are you sure you want to delete this %(model_name)s?",
        "Bạn có chắc chắn muốn xóa %(model_name)s này không?",
    ),
    (None, "The %(model_name)s could not be saved due to errors.", "Không lưu được %(model_name)s do có lỗi."),
    (None, "Yes, delete it", "Đồng ý xóa"),
    (None, "No, don't delete it", "Không xóa"),
    (None, "log entries", "mục nhật ký"),
    (None, "Confirm import", "Xác nhận nhập"),
]


@pytest.mark.parametrize(("context", "english", "vietnamese"), KEY_STRINGS, ids=[k[1] for k in KEY_STRINGS])
def test_key_admin_string_is_vietnamese(context, english, vietnamese):
    with translation.override("vi"):
        got = translation.pgettext(context, english) if context else translation.gettext(english)
    assert got == vietnamese


def test_plural_admin_message_uses_the_single_vietnamese_form():
    with translation.override("vi"):
        for count in (1, 5):
            message = translation.ngettext(
                "%(num_parent_objects)d page has been published",
                "%(num_parent_objects)d pages have been published",
                count,
            ) % {"num_parent_objects": count}
            assert message == f"Đã xuất bản {count} trang"


def test_project_catalogue_overrides_a_wrong_upstream_translation():
    # Wagtail's own vi catalogue says "Thực hiện lại%(task_name)s" (no space, wrong verb).
    with translation.override("vi"):
        assert translation.gettext("Resubmit to %(task_name)s") == "Gửi lại bước: %(task_name)s"


def test_a_moment_ago_reads_just_now_not_zero_minutes_ago():
    from django.utils import timezone

    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    with translation.override("vi"):
        assert timesince_simple(timezone.now()) == "vừa xong"
        assert timesince_simple(timezone.now() - timezone.timedelta(minutes=5)) == "5\xa0phút trước"


@pytest.mark.django_db
def test_admin_javascript_catalogue_includes_project_strings(client):
    body = client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", body, re.S).group(1))
    assert catalog["Toggle sidebar"] == "Ẩn/hiện thanh bên"
    assert catalog["Dashboard"] == "Bảng điều khiển"
    assert catalog["Add a comment"] == "Thêm bình luận"  # Wagtail's own translation still merged in


def placeholders(text):
    named = {a or b for a, b in NAMED.findall(text)}
    return named, Counter(POSITIONAL.findall(text))


@pytest.mark.parametrize("po_path", PROJECT_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_translation_keeps_the_placeholders_of_its_msgid(po_path):
    catalogue = polib.pofile(str(po_path))
    assert catalogue.metadata.get("Plural-Forms", "").startswith("nplurals=1")
    problems = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            # One Vietnamese form serves every count, so it must carry the plural msgid's placeholders.
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, text in pairs:
            if placeholders(source) != placeholders(text):
                problems.append(f"{entry.msgid!r}: {text!r}")
    assert not problems, "\n".join(problems)


def test_placeholder_check_catches_a_dropped_placeholder():
    assert placeholders("Delete %(title)s") != placeholders("Xóa")
    assert placeholders("Import finished: {} new, {} updated") != placeholders("Nhập xong: {} mới")
    assert placeholders("%(a)s and %(a)s") == placeholders("%(a)s")
