"""Two gunicorn app servers sharing one PostgreSQL and one Redis, behind Debian's nginx as a round-robin proxy,
with a `db_worker` for background tasks: what the README's deployment section promises, run for real."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from tests.production_app import (
    ROOT,
    ProductionApp,
    free_port,
    manage,
    postgres_cluster,
    redis_server,
    skip_or_fail,
)

PASSWORD = "mat-khau-hai-may-chu-2026"  # noqa: S105 - a throw-away test account
SETUP = f"""
from django.contrib.auth import get_user_model
from tests.factories import ConsultationDraftFactory
draft = ConsultationDraftFactory(title="Dự thảo chạy trên hai máy chủ", slug="du-thao-hai-may-chu")
get_user_model().objects.create_superuser("quantri-hai-may", "quantri@example.vn", "{PASSWORD}")
get_user_model().objects.create_user("canbo-hai-may", "canbo@example.vn", "{PASSWORD}", is_staff=True)
print(draft.url)
"""
NGINX_CONF = """
{user}
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    log_format upstream '$upstream_addr $status $request';
    access_log {work}/nginx-access.log upstream;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    upstream portal {{
        server 127.0.0.1:{port_a};
        server 127.0.0.1:{port_b};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
        }}
    }}
}}
"""
BODY = "Đề nghị niêm yết bảng giá hỗ trợ tại nhà văn hóa thôn"


def wait_for_port(port, process, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, Path(log).read_text()[-3000:]
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port}:\n" + Path(log).read_text()[-3000:])


@contextmanager
def nginx(port_a, port_b, workdir):
    """Debian's nginx in front of both servers, round robin; `None` when nginx is not installed."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        yield None
        return
    work = Path(workdir) / "nginx"
    work.mkdir()
    port = free_port()
    conf = work / "nginx.conf"
    # As root, nginx's workers would drop to `nobody`, who cannot write the temporary folders of this test.
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(NGINX_CONF.format(user=user, work=work, port=port, port_a=port_a, port_b=port_b))
    log = work / "nginx-error.log"
    process = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)], stderr=subprocess.STDOUT)  # noqa: S603
    try:
        wait_for_port(port, process, log)
        yield port, work / "nginx-access.log"
    finally:
        process.terminate()
        process.wait(timeout=15)


class Browser(ProductionApp):
    """One visitor's cookie jar, pointed at one server's port at a time."""

    def __init__(self, port, env):
        self.port, self.env, self.cookies, self.server = port, env, {}, None

    def at(self, port):
        other = Browser(port, self.env)
        other.cookies = self.cookies  # the same browser, another server
        return other


def comment_fields(form, **overrides):
    fields = {name: form.hidden(name) for name in ("csrfmiddlewaretoken", "stamp", "token")}
    return {**fields, "body": BODY, "publish_as": "anonymous", "consent": "on", "website": "", **overrides}


def is_receipt(response):
    return response.status == 200 and "Đã nhận góp ý của bạn" in response.text


def log_in(browser, username, password=PASSWORD, address="203.0.113.1", **headers):
    headers = {"X-Forwarded-For": address, **headers}
    page = browser.request("GET", "/admin/login/", headers=headers)
    fields = {"csrfmiddlewaretoken": page.hidden("csrfmiddlewaretoken"), "username": username, "password": password}
    return browser.request("POST", "/admin/login/", fields, headers=headers)


@pytest.fixture(scope="module")
def servers():
    """Server A and server B (gunicorn, production settings), one PostgreSQL, one Redis, nginx if installed."""
    with (
        postgres_cluster() as cluster,
        redis_server() as redis_url,
        tempfile.TemporaryDirectory(prefix="portal-two-") as workdir,
    ):
        a = ProductionApp(cluster.url, workdir)
        a.env.update(REDIS_URL=redis_url, TRUSTED_PROXY_COUNT="1", COMMENT_MIN_SECONDS="0", COMMENT_RATE_LIMIT="5")
        manage("migrate", "--noinput", env=a.env)
        draft_url = manage("shell", "-c", SETUP, env=a.env).strip().splitlines()[-1]
        b = ProductionApp(cluster.url, workdir)
        b.env = a.env
        b.log = Path(workdir) / "gunicorn-b.log"
        try:
            a.start(threads=4)
            b.start(threads=4)
            with nginx(a.port, b.port, workdir) as proxy:
                yield {"a": a, "b": b, "cluster": cluster, "draft": draft_url, "proxy": proxy, "env": a.env}
        finally:
            a.stop()
            b.stop()


def query(cluster, sql, *params):
    with psycopg.connect(cluster.url) as db:
        return db.execute(sql, params).fetchall()


def test_a_comment_approved_through_server_a_is_what_server_b_serves_next(servers):
    a, b, draft = servers["a"], servers["b"], servers["draft"]
    visitor = Browser(b.port, b.env)
    form = visitor.request("GET", draft + "gop-y/")
    sent = visitor.request("POST", draft + "gop-y/", comment_fields(form), headers={"X-Forwarded-For": "203.0.113.7"})
    assert is_receipt(sent)
    # Server B stores the public page in the shared cache, without the comment (it waits for moderation).
    assert BODY not in b.request("GET", draft).text
    assert b.request("GET", draft).headers.get("X-Page-Cache") == "hit"

    moderator = Browser(a.port, a.env)
    assert log_in(moderator, "quantri-hai-may").status == 302
    (pk,) = query(servers["cluster"], "SELECT id FROM policies_comment WHERE body = %s", BODY)[0]
    page = moderator.request("GET", f"/admin/policies/comment/inspect/{pk}/")
    assert page.status == 200
    approved = moderator.request(
        "POST",
        f"/admin/policies/comment/moderate/{pk}/",
        {"csrfmiddlewaretoken": page.hidden("csrfmiddlewaretoken"), "action": "approve"},
    )
    assert approved.status == 302

    again = b.request("GET", draft)
    assert again.headers.get("X-Page-Cache") != "hit"
    assert BODY in again.text


def test_the_comment_limit_counts_across_both_servers(servers):
    a, b, draft = servers["a"], servers["b"], servers["draft"]
    answers = []
    for n in range(6):
        server = Browser((a, b)[n % 2].port, a.env)
        form = server.request("GET", draft + "gop-y/")
        fields = comment_fields(form, body=f"{BODY}, lần {n}")
        answers.append(server.request("POST", draft + "gop-y/", fields, headers={"X-Forwarded-For": "203.0.113.50"}))
    assert [is_receipt(response) for response in answers] == [True] * 5 + [False]
    assert answers[-1].status == 429 and "Vui lòng đợi" in answers[-1].text


def test_the_login_lockout_counts_across_both_servers(servers):
    a, b = servers["a"], servers["b"]
    statuses = []
    for n in range(5):
        server = Browser((a, b)[n % 2].port, a.env)
        response = log_in(server, "canbo-hai-may", "sai-mat-khau", address="203.0.113.66")
        statuses.append(response.status)
    assert statuses == [200, 200, 200, 200, 429]
    # The right password on the other server is refused too: the lock is in the shared database.
    assert log_in(Browser(b.port, a.env), "canbo-hai-may", address="203.0.113.66").status == 429


def test_a_session_made_on_server_a_works_on_server_b(servers):
    a, b = servers["a"], servers["b"]
    person = Browser(a.port, a.env)
    assert log_in(person, "quantri-hai-may").status == 302
    dashboard = person.at(b.port).request("GET", "/admin/")
    assert dashboard.status == 200 and "Bảng điều khiển" in dashboard.text
    assert Browser(b.port, a.env).request("GET", "/admin/").status == 302  # a stranger on B is sent to log in


def test_a_task_queued_on_server_a_is_run_by_a_db_worker(servers):
    a, cluster, draft = servers["a"], servers["cluster"], servers["draft"]
    visitor = Browser(a.port, a.env)
    form = visitor.request("GET", draft + "gop-y/")
    fields = comment_fields(form, body=f"{BODY} (có địa chỉ thư)", contact="nguoidan@example.vn")
    assert is_receipt(visitor.request("POST", draft + "gop-y/", fields, headers={"X-Forwarded-For": "203.0.113.9"}))
    task = "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s"
    assert [row[0] for row in query(cluster, task, "%send_comment_receipt")] == ["READY"]

    env = {**a.env, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    worker = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    assert [row[0] for row in query(cluster, task, "%send_comment_receipt")] == ["SUCCESSFUL"]
    assert "nguoidan@example.vn" in worker.stdout  # the receipt went out through the worker's mail backend


def test_nginx_sends_requests_to_both_servers_in_turn(servers):
    if servers["proxy"] is None:
        skip_or_fail("Không có nginx (gói nginx của Debian): kiểm thử này gọi thẳng hai máy chủ, không qua proxy.")
    port, access_log = servers["proxy"]
    a, b = servers["a"], servers["b"]
    person = Browser(port, a.env)
    # Behind the proxy the request is HTTPS (X-Forwarded-Proto), where Django checks where a POST came from.
    https = {"Origin": "https://127.0.0.1", "Referer": "https://127.0.0.1/admin/login/"}
    assert log_in(person, "quantri-hai-may", **https).status == 302
    # Every request after the login alternates servers; the session holds on each.
    pages = [person.request("GET", "/admin/") for _n in range(4)]
    assert [page.status for page in pages] == [200] * 4
    served_by = [line.split()[0] for line in access_log.read_text().splitlines()]
    assert {f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"} <= set(served_by[-4:])
