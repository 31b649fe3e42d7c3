"""Staff sign-in: the admin login locks out after repeated failures (per user name and per address, the same
for unknown names), an optional TOTP second factor for superusers and the Justice Office, idle sign-out."""

import datetime
import re

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from policies import roles
from tests.production_app import database_url, production_app

PASSWORD = "mat-khau-thu"  # tests/factories.py
WRONG = "sai-mat-khau"
LOCKOUT_TEXT = "Tạm khóa đăng nhập"


def login_url():
    return reverse("wagtailadmin_login")


def attempt(client, username, password=WRONG, address="203.0.113.7"):
    return client.post(login_url(), {"username": username, "password": password}, REMOTE_ADDR=address)


def as_compared(html, username):
    """Two answers compared as pages: only the per-response CSRF token and the echoed user name may differ."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"CSRF_TOKEN": "[^"]+"', "", html).replace(username, "TEN")


def failures_before_lockout(client, username, address="203.0.113.7", password=WRONG):
    """Wrong passwords sent until the lockout page answers; returns how many were answered as a plain failure."""
    for count in range(settings.AXES_FAILURE_LIMIT + 3):
        response = attempt(client, username, password, address)
        if response.status_code == 429:
            return count, response
        assert response.status_code == 200
    raise AssertionError("never locked out")


@pytest.mark.django_db
class TestLoginThrottle:
    def test_real_limit_is_five_failures_in_fifteen_minutes(self):
        assert settings.AXES_FAILURE_LIMIT == 5
        assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME

    def test_five_wrong_passwords_are_answered_then_the_sixth_attempt_gets_the_lockout_page(self, client, make_user):
        user = make_user(role=roles.EDITOR)
        count, response = failures_before_lockout(client, user.username)
        # The fifth failure already answers with the lockout page: four plain failures, then locked.
        assert count == settings.AXES_FAILURE_LIMIT - 1
        text = response.content.decode()
        assert LOCKOUT_TEXT in text and "15 phút" in text
        # Locked means locked: the right password does not get in either.
        response = attempt(client, user.username, PASSWORD)
        assert response.status_code == 429 and SESSION_KEY not in client.session

    def test_unknown_user_gets_the_same_answers_and_the_same_count(self, client, make_user):
        known = make_user(role=roles.EDITOR, username="canbo-that")
        answers = {}
        for index, username in enumerate((known.username, "khong-co-ai")):
            address = f"198.51.100.{index + 1}"
            first = attempt(client, username, address=address)
            count, locked = failures_before_lockout(client, username, address=address)
            answers[username] = (
                first.status_code,
                as_compared(first.content.decode(), username),
                count,
                locked.status_code,
                as_compared(locked.content.decode(), username),
            )
        assert answers[known.username] == answers["khong-co-ai"]
        assert answers["khong-co-ai"][0] == 200 and answers["khong-co-ai"][3] == 429

    def test_one_address_is_locked_out_across_user_names(self, client, make_user):
        victim = make_user(role=roles.EDITOR)
        for number in range(settings.AXES_FAILURE_LIMIT - 1):
            assert attempt(client, f"doan-ten-{number}").status_code == 200
        assert attempt(client, f"doan-ten-{settings.AXES_FAILURE_LIMIT}").status_code == 429
        # From that address even a real account with its right password is refused...
        assert attempt(client, victim.username, PASSWORD).status_code == 429
        # ...while the same account signs in from another address.
        response = attempt(client, victim.username, PASSWORD, address="192.0.2.50")
        assert response.status_code == 302 and client.session[SESSION_KEY] == str(victim.pk)

    def test_one_user_name_is_locked_out_across_addresses(self, client, make_user):
        user = make_user(role=roles.EDITOR)
        for number in range(settings.AXES_FAILURE_LIMIT - 1):
            assert attempt(client, user.username, address=f"192.0.2.{number + 1}").status_code == 200
        assert attempt(client, user.username, address="192.0.2.99").status_code == 429
        assert attempt(client, user.username, PASSWORD, address="192.0.2.100").status_code == 429

    def test_address_is_the_portals_client_address_behind_trusted_proxies(self, client, make_user, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        for number in range(settings.AXES_FAILURE_LIMIT):
            response = client.post(
                login_url(),
                {"username": f"ten-{number}", "password": "x"},
                REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR=f"172.16.0.{number}, 203.0.113.9",  # the left part is the client's own
            )
        assert response.status_code == 429
        # Another client behind the same proxy is not locked out with it.
        other = client.post(
            login_url(),
            {"username": "ten-khac", "password": "x"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.10",
        )
        assert other.status_code == 200

    def test_lockout_lifts_fifteen_minutes_after_the_last_failure(self, client, make_user):
        user = make_user(role=roles.EDITOR)
        with time_machine.travel(datetime.datetime(2026, 11, 5, 8, 0, tzinfo=datetime.UTC), tick=False) as clock:
            failures_before_lockout(client, user.username)
            clock.shift(datetime.timedelta(minutes=14))
            assert attempt(client, user.username, PASSWORD).status_code == 429
            clock.shift(datetime.timedelta(minutes=16))
            assert attempt(client, user.username, PASSWORD).status_code == 302

    def test_successful_logins_never_count(self, client, make_user):
        user = make_user(role=roles.EDITOR)
        for _ in range(settings.AXES_FAILURE_LIMIT + 2):
            assert attempt(client, user.username, PASSWORD).status_code == 302
            client.logout()


def test_running_app_locks_out_after_five_failures(transactional_db, tmp_path):
    """gunicorn with production settings, sharing this test's database: the same count, the Vietnamese 429."""
    from django.db import connection

    from tests.factories import UserFactory

    UserFactory(username="canbo-chay-that")
    with production_app(database_url(connection.settings_dict), tmp_path) as app:
        app.start()
        answers = []
        for _ in range(7):
            page = app.request("GET", "/admin/login/")
            fields = {"csrfmiddlewaretoken": page.hidden("csrfmiddlewaretoken"), "username": "canbo-chay-that"}
            response = app.request("POST", "/admin/login/", {**fields, "password": "sai"})
            answers.append(response.status)
            if response.status == 429:
                break
        assert answers == [200, 200, 200, 200, 429]
        assert LOCKOUT_TEXT in response.text
        right = app.request("POST", "/admin/login/", {**fields, "password": PASSWORD})
        assert right.status == 429


# ---------------------------------------------------------------- two-factor


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


@pytest.mark.django_db
class TestTwoFactor:
    def test_justice_office_must_enrol_then_enter_a_code_before_any_admin_page(self, client, make_user, two_factor_on):
        user = make_user(role=roles.JUSTICE_OFFICE)
        assert attempt(client, user.username, PASSWORD).status_code == 302
        response = client.get(reverse("wagtailadmin_home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor:enrol"))
        page = client.get(response["Location"]).content.decode()
        assert "Bật xác thực hai bước" in page and "<svg" in page
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        assert re.search(r"<code>([A-Z2-7]+)</code>", page).group(1)
        # The clock stands still here: on a loaded machine the retry could otherwise come after the 1 s wait.
        with time_machine.travel(timezone.now(), tick=False):
            wrong = client.post(
                reverse("two_factor:enrol"), {"token": "000000" if current_code(device) != "000000" else "1"}
            )
            assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
            # django-otp makes a device wait after a wrong code: an immediate retry is asked to wait.
            too_soon = client.post(reverse("two_factor:enrol"), {"token": current_code(device)})
            assert "hãy chờ vài giây" in too_soon.content.decode()
        with time_machine.travel(datetime.timedelta(seconds=5)):
            response = client.post(reverse("two_factor:enrol"), {"token": current_code(device), "next": "/admin/"})
            assert response.status_code == 302
            assert client.get(reverse("wagtailadmin_home")).status_code == 200

        # Next sign-in: password, then the code from the same device.
        client.logout()
        assert attempt(client, user.username, PASSWORD).status_code == 302
        pages_url = reverse("wagtailadmin_account")
        response = client.get(pages_url)
        assert response["Location"].startswith(reverse("two_factor:verify"))
        # A stolen password alone cannot enrol a new device.
        assert client.get(reverse("two_factor:enrol"))["Location"].startswith(reverse("two_factor:verify"))
        page = client.get(response["Location"]).content.decode()
        assert "Xác thực hai bước" in page
        with time_machine.travel(datetime.timedelta(seconds=60)):
            device.refresh_from_db()
            response = client.post(response["Location"], {"token": current_code(device), "next": pages_url})
            assert response.status_code == 302 and response["Location"] == pages_url
            assert client.get(pages_url).status_code == 200

    def test_superuser_is_held_too(self, client, make_user, two_factor_on):
        user = make_user(is_superuser=True)
        attempt(client, user.username, PASSWORD)
        assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("two_factor:enrol"))

    def test_editor_is_not_held_but_may_enrol(self, client, make_user, unit, two_factor_on):
        user = make_user(role=roles.EDITOR, units=[unit])
        attempt(client, user.username, PASSWORD)
        assert client.get(reverse("wagtailadmin_home")).status_code == 200
        account = client.get(reverse("wagtailadmin_account")).content.decode()
        assert reverse("two_factor:enrol") in account
        client.get(reverse("two_factor:enrol"))
        device = TOTPDevice.objects.get(user=user)
        client.post(reverse("two_factor:enrol"), {"token": current_code(device)})
        client.logout()
        attempt(client, user.username, PASSWORD)
        # Once enrolled, the code is asked of them as well.
        assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(reverse("two_factor:verify"))

    def test_off_by_default(self, client, make_user):
        assert settings.STAFF_TWO_FACTOR is False
        user = make_user(role=roles.JUSTICE_OFFICE)
        attempt(client, user.username, PASSWORD)
        assert client.get(reverse("wagtailadmin_home")).status_code == 200


# ---------------------------------------------------------------- idle sign-out


@pytest.mark.django_db
class TestIdleSessions:
    def test_staff_is_signed_out_after_an_hour_without_a_request(self, client, make_user, unit):
        user = make_user(role=roles.EDITOR, units=[unit])
        home = reverse("wagtailadmin_home")
        with time_machine.travel(datetime.datetime(2026, 11, 5, 8, 0, tzinfo=datetime.UTC), tick=False) as clock:
            attempt(client, user.username, PASSWORD)
            assert client.get(home).status_code == 200
            clock.shift(datetime.timedelta(minutes=59))
            assert client.get(home).status_code == 200  # activity moves the stamp on
            clock.shift(datetime.timedelta(minutes=59))
            assert client.get(home).status_code == 200
            clock.shift(datetime.timedelta(minutes=61))
            response = client.get(home)
            assert response.status_code == 302 and response["Location"].startswith(login_url())
            page = client.get(response["Location"]).content.decode()
            assert "Phiên làm việc đã hết hạn vì không thao tác quá 60 phút" in page

    def test_anonymous_visitors_get_no_session(self, client, demo_data):
        response = client.get("/")
        assert response.status_code == 200
        assert settings.SESSION_COOKIE_NAME not in response.cookies
