"""The portal run as deployed, for tests that need the real thing: gunicorn, cms.settings.production,
collected static files, its own database (a temporary SQLite file or a private PostgreSQL cluster)."""

import atexit
import functools
import glob
import http.client
import http.cookies
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")

CREATE_DRAFT = """
from tests.factories import ConsultationDraftFactory
draft = ConsultationDraftFactory(title="Dự thảo thử trang lỗi", slug="du-thao-thu-trang-loi")
print(draft.url)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def skip_or_fail(reason):
    """Missing system software skips a test, except in CI where everything must run (as for Chromium)."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def base_env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on the loopback: no TLS proxy in front to redirect to.
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(*args, env):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@functools.cache
def collected_static():
    """`collectstatic` once per test run, as a deployment does (the manifest storage needs it)."""
    path = tempfile.mkdtemp(prefix="portal-static-")
    atexit.register(shutil.rmtree, path, True)
    manage("collectstatic", "--noinput", env=base_env(STATIC_ROOT=path))
    return path


class Response:
    def __init__(self, status, headers, text):
        self.status, self.headers, self.text = status, headers, text

    def hidden(self, name):
        """The value of a form field named `name` on the page (the first one)."""
        match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.text) or re.search(
            rf'value="([^"]*)" name="{re.escape(name)}"', self.text
        )
        return unescape(match.group(1)) if match else None


class ProductionApp:
    """gunicorn serving cms.wsgi with production settings; a tiny browser with a cookie jar."""

    def __init__(self, database_url, workdir):
        self.port = free_port()
        self.env = base_env(
            DATABASE_URL=database_url,
            STATIC_ROOT=collected_static(),
            MEDIA_ROOT=str(Path(workdir) / "media"),
            PRIVATE_MEDIA_ROOT=str(Path(workdir) / "private-media"),
        )
        self.cookies = {}
        self.server = None
        self.log = Path(workdir) / "gunicorn.log"

    def migrate_and_create_draft(self):
        manage("migrate", "--noinput", env=self.env)
        return manage("shell", "-c", CREATE_DRAFT, env=self.env).strip().splitlines()[-1]

    def start(self, workers=1, threads=1):
        """Serve; with threads > 1 gunicorn's threaded worker takes requests at the same time, as deployed."""
        with open(self.log, "wb") as log:
            self.server = subprocess.Popen(  # noqa: S603
                [
                    *(GUNICORN, "cms.wsgi:application", "-b", f"127.0.0.1:{self.port}", "--timeout", "60"),
                    *("-w", str(workers), "--threads", str(threads)),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start:\n" + self.log.read_text()[-3000:])

    def stop(self):
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.server.kill()

    def request(self, method, path, fields=None, headers=None):
        """GET, or POST `fields` as multipart/form-data like a browser's comment form."""
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            boundary = uuid.uuid4().hex
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                for name, value in fields.items()
            ]
            body = ("".join(parts) + f"--{boundary}--\r\n").encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                # The cookies are Secure (production); this client plays the browser behind the TLS proxy.
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Response(response.status, response.headers, text)
        finally:
            connection.close()


def database_url(settings_dict):
    """The address of the database a test uses, for a server process to share it."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict["USER"] or "", safe="")
    if settings_dict["PASSWORD"]:
        user += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = f"{settings_dict['HOST'] or 'localhost'}:{settings_dict['PORT'] or 5432}"
    return f"postgres://{user}@{host}/{settings_dict['NAME']}"


@contextmanager
def production_app(database_url, workdir):
    app = ProductionApp(database_url, workdir)
    try:
        yield app
    finally:
        app.stop()


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        skip_or_fail(
            "Không có PostgreSQL (/usr/lib/postgresql/*/bin/initdb): cài gói postgresql để chạy kiểm thử này."
        )
    return Path(found[-1]).parent


class PostgresCluster:
    """A throw-away PostgreSQL cluster on its own port and folder; the shared server is never touched."""

    def __init__(self, workdir):
        self.bin = postgres_bin()
        self.port = free_port()
        self.workdir = Path(workdir)
        self.data = self.workdir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *args):
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)  # noqa: S603
        assert result.returncode == 0, result.stdout + result.stderr

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "-N")

    def start(self):
        options = f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.workdir / "postgres.log"), "-o", options, "-w", "start"
        )

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def is_running(self):
        return (self.data / "postmaster.pid").exists()


@contextmanager
def postgres_cluster():
    workdir = tempfile.mkdtemp(prefix="portal-pg-")
    cluster = PostgresCluster(workdir)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if cluster.is_running():
            cluster.run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def redis_server():
    """A private Redis on its own port, keeping nothing on disk: the shared cache of several app servers."""
    binary = shutil.which("redis-server")
    if binary is None:
        skip_or_fail("Không có Redis (redis-server): cài gói redis-server để chạy kiểm thử này.")
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=15)
