import subprocess
import sys
from pathlib import Path

from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


def test_compiled_catalogues_match_their_po_files():
    result = subprocess.run(
        [sys.executable, "bin/compile_messages.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout


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
