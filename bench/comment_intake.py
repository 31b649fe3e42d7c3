"""Comment intake under a flash crowd: gunicorn + PostgreSQL + Redis, 50 clients each fetching the form and posting.

Usage: .venv/bin/python bench/comment_intake.py [--clients 50] [--seconds 20] [--workers 3] [--threads 4]

Creates a throw-away PostgreSQL database on the local server (DATABASE_ADMIN_URL, default
postgres://postgres@127.0.0.1:5432/postgres) and a private Redis, serves the portal with gunicorn and
bench.settings, and for the same server measures:
- a trivial CSRF-checked form: GET the form, POST it back (bench/urls.py `trivial_form`), completed POSTs per second;
- the comment form of an open draft: GET the form, POST a comment, receipts per second.
Then it checks that nothing was lost silently: every 2xx receipt has its row and every stored row was answered with
a 2xx, and no response was a 500. It also measures the in-process CPU time of one accepted comment POST (Django's
test client, the same code path without the network). Last line: accepted comments per second / trivial POSTs per
second.
"""

import argparse
import http.client
import http.cookies
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
TAG = "bench-intake"
CREATE_DRAFT = """
from tests.factories import ConsultationDraftFactory
print(ConsultationDraftFactory(title="Dự thảo đo tốc độ nhận góp ý", slug="du-thao-do-toc-do").url)
"""
CPU_PER_POST = """
import re, time
from django.test import Client
from policies.models import Comment
url = "{url}"
client = Client(REMOTE_ADDR="198.51.100.1", HTTP_HOST="127.0.0.1")
def post(n):
    page = client.get(url).content.decode()
    fields = {{name: re.search(r'name="%s" value="([^"]*)"' % name, page).group(1)
              for name in ("csrfmiddlewaretoken", "stamp", "token")}}
    fields.update(body=f"{tag} cpu {{n}} Đề nghị tăng mức hỗ trợ", publish_as="anonymous", consent="on", website="")
    started = time.process_time()
    response = client.post(url, fields)
    spent = time.process_time() - started
    assert response.status_code == 200 and "GY-" in response.content.decode(), response.status_code
    return spent
for n in range(20):
    post(n)  # warm up: templates, connections
spent = sorted(post(n) for n in range(20, 220))
print(f"{{1000 * spent[len(spent) // 2]:.2f}}")
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One visitor: a cookie jar and a keep-alive-free HTTP/1.1 connection per request, like a phone."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, fields=None):
        headers = {"Host": "127.0.0.1", "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, text
        finally:
            connection.close()


def hidden(text, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', text)
    return unescape(match.group(1)) if match else ""


def flood(port, clients, seconds, one_post):
    """`clients` threads repeat `one_post(client, n)` for `seconds`; returns (answers, elapsed)."""
    answers, lock = [], threading.Lock()
    start = threading.Barrier(clients)

    def visitor(number):
        client = Client(port, f"10.{number // 250}.{number % 250}.1")
        start.wait()
        ends = time.monotonic() + seconds
        n = 0
        while time.monotonic() < ends:
            answer = one_post(client, f"{number}-{n}")
            with lock:
                answers.append(answer)
            n += 1

    threads = [threading.Thread(target=visitor, args=(number,)) for number in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, time.perf_counter() - started


def trivial_post(client, _key):
    status, text = client.request("GET", "/bench/form/")
    if status != 200:
        return ("get", status, None)
    token = hidden(text, "csrfmiddlewaretoken")
    status, _text = client.request("POST", "/bench/form/", {"csrfmiddlewaretoken": token})
    return ("post", status, None)


def comment_post(url, label):
    def post(client, key):
        status, text = client.request("GET", url)
        if status != 200:
            return ("get", status, None)
        fields = {name: hidden(text, name) for name in ("csrfmiddlewaretoken", "stamp", "token")}
        body = f"{TAG} {label}-{key} Đề nghị tăng mức hỗ trợ cho hộ nghèo ở thôn"
        fields.update(body=body, publish_as="anonymous", consent="on", website="")
        status, text = client.request("POST", url, fields)
        receipt = re.search(r"GY-[0-9A-Z-]+", text) if status == 200 else None
        return ("post", status, (body, receipt.group(0) if receipt else None))

    return post


def redis(port):
    return subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )


def wait_until_up(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Client(port, "127.0.0.1").request("GET", "/bench/trivial/")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    admin_url = os.environ.get("DATABASE_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"bench_intake_{os.getpid()}"
    database_url = admin_url.rsplit("/", 1)[0] + "/" + name
    workdir = tempfile.mkdtemp(prefix="bench-intake-")
    redis_port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "MEDIA_ROOT": f"{workdir}/media",
        "PRIVATE_MEDIA_ROOT": f"{workdir}/private-media",
        "BENCH_STATIC_ROOT": f"{workdir}/static",
        "PYTHONPATH": str(ROOT),
        "TRUSTED_PROXY_COUNT": "1",
        "COMMENT_MIN_SECONDS": "0",
        "COMMENT_RATE_LIMIT": "100000",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    os.makedirs(f"{workdir}/static")
    with psycopg.connect(admin_url, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    cache, server = redis(redis_port), None
    try:
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        out = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", CREATE_DRAFT], cwd=ROOT, env=env, check=True, capture_output=True
        )
        url = out.stdout.decode().strip().splitlines()[-1] + "gop-y/"

        cpu = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", CPU_PER_POST.format(url=url, tag=TAG)],
            cwd=ROOT,
            env={**env, "REDIS_URL": ""},
            check=True,
            capture_output=True,
        )
        cpu_ms = float(cpu.stdout.decode().strip().splitlines()[-1])

        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [GUNICORN, "cms.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", str(args.workers)]
            + ["--threads", str(args.threads), "--log-level", "warning", "--backlog", "2048"],
            cwd=ROOT,
            env=env,
        )
        wait_until_up(port)
        flood(port, 4, 2, trivial_post)  # warm every worker
        flood(port, 4, 2, comment_post(url, "warm"))

        trivial, trivial_seconds = flood(port, args.clients, args.seconds, trivial_post)
        comments, comment_seconds = flood(port, args.clients, args.seconds, comment_post(url, "flood"))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cache.terminate()

    try:
        with psycopg.connect(database_url) as db:
            rows = dict(db.execute("SELECT body, receipt FROM policies_comment WHERE body LIKE %s", (f"{TAG} %",)))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)

    trivial_ok = sum(1 for kind, status, _ in trivial if kind == "post" and status == 200)
    posted = [(status, sent) for kind, status, sent in comments if kind == "post"]
    accepted = {sent[0]: sent[1] for status, sent in posted if 200 <= status < 300 and sent[1]}
    errors = [status for kind, status, _ in trivial + comments if status >= 500]
    answered_2xx_without_receipt = [sent for status, sent in posted if 200 <= status < 300 and not sent[1]]
    flooded_rows = {body: receipt for body, receipt in rows.items() if body.startswith(f"{TAG} flood-")}
    lost = [body for body in accepted if flooded_rows.get(body) != accepted[body]]
    unanswered = [body for body in flooded_rows if body not in accepted]

    trivial_rate = trivial_ok / trivial_seconds
    comment_rate = len(accepted) / comment_seconds
    served_by = f"gunicorn {args.workers} workers × {args.threads} threads"
    print(f"{args.clients} clients, {served_by}, {args.seconds:.0f} s each")
    print(f"trivial CSRF-checked form: {trivial_ok} POSTs answered 200, {trivial_rate:.0f}/s")
    refused = [status for status, _ in posted if not 200 <= status < 300]
    print(f"comments: {len(accepted)} accepted, {comment_rate:.0f}/s; other answers: {sorted(set(refused))}")
    print(f"5xx answers: {len(errors)}; 2xx without a receipt: {len(answered_2xx_without_receipt)}")
    print(f"silent loss: {len(lost)} receipts without their row, {len(unanswered)} rows never answered with a 2xx")
    print(f"in-process CPU per accepted comment POST (median of 200): {cpu_ms:.2f} ms")
    for body in lost[:5]:
        print(f"  lost? {body!r}: answered {accepted[body]}, stored {flooded_rows.get(body)}")
    if errors or lost or unanswered or answered_2xx_without_receipt:
        print("FAILED: errors or silent loss")
        print(f"accepted/trivial ratio: {comment_rate / trivial_rate:.2f} (invalid: see above)")
        return 1
    print(f"accepted/trivial ratio: {comment_rate / trivial_rate:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
