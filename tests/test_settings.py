import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestProductionSettings:
    def test_refuses_to_start_without_secret_key(self):
        result = run_check(ALLOWED_HOSTS="example.gov.vn")
        assert result.returncode != 0
        assert "SECRET_KEY is not set" in result.stderr

    def test_refuses_to_start_without_allowed_hosts(self):
        result = run_check(SECRET_KEY="x" * 60)
        assert result.returncode != 0
        assert "ALLOWED_HOSTS is not set" in result.stderr

    @pytest.mark.parametrize("secret", ["k8Jd-2mZ!q0vR7sLp4Xw9eYt3uHb6nCa1fGi5oKj8lMz2dSx-Qr7TyU2wE"])
    def test_passes_deploy_check_when_configured(self, secret):
        result = run_check(SECRET_KEY=secret, ALLOWED_HOSTS="example.gov.vn")
        assert result.returncode == 0, result.stdout + result.stderr
