import io

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

import pytest

from policies.demo import DEMO_PASSWORD
from policies.models import Unit


def row_counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"policies", "home", "outreach", "auth", "wagtailcore"}
    }


@pytest.mark.django_db
class TestSeedDemo:
    def test_second_run_changes_nothing(self):
        call_command("seed_demo", stdout=io.StringIO())
        before = row_counts()
        passwords = dict(get_user_model().objects.values_list("username", "password"))
        call_command("seed_demo", "--force", stdout=io.StringIO())
        assert row_counts() == before
        assert dict(get_user_model().objects.values_list("username", "password")) == passwords

    def test_a_current_demo_is_not_seeded_again_and_an_emptied_database_is(self, settings, tmp_path):
        settings.BASE_DIR = tmp_path  # the stamp file goes there; the fingerprint reads the code from there
        call_command("seed_demo", stdout=io.StringIO())
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        assert "bỏ qua" in out.getvalue()
        get_user_model().objects.filter(username="tuphap").delete()
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        assert "bỏ qua" not in out.getvalue()
        assert get_user_model().objects.filter(username="tuphap").exists()

    def test_seed_holds_the_plans_map_and_todays(self):
        call_command("seed_demo", stdout=io.StringIO())
        district = Unit.objects.get(code="ia-hdrai")
        assert {"phong-tu-phap", "trung-tam-vh", "ia-dom", "ia-toi-cu", "ia-dal-cu"} <= set(
            district.children.values_list("code", flat=True)
        )
        assert Unit.objects.get(code="ia-dom").successor.code == "ia-toi"
        assert Unit.objects.get(code="kon-tum").successor.code == "quang-ngai"
        assert Unit.objects.get(code="ia-dal").parent.code == "quang-ngai"

    @override_settings(DEBUG=True)
    def test_dev_prints_accounts_and_password(self):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        assert "tuphap" in out.getvalue()
        assert DEMO_PASSWORD in out.getvalue()
        assert get_user_model().objects.get(username="tuphap").check_password(DEMO_PASSWORD)

    def test_production_never_sets_a_known_password(self):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        assert DEMO_PASSWORD not in out.getvalue()
        for user in get_user_model().objects.all():
            assert not user.has_usable_password()
