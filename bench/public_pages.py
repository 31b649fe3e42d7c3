"""Requests per second for an anonymous draft page against a trivial Django view, same gunicorn server.

Usage: .venv/bin/python bench/public_pages.py
Builds a throw-away SQLite database with the demo data, serves it with gunicorn on
127.0.0.1, runs a bounded number of requests against each URL (alternating rounds,
best round kept), stops the server and prints the figures. Last line: the ratio.
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DRAFT_URL = "/du-thao/ho-tro-hoc-sinh-dan-toc-thieu-so/"
TRIVIAL_URL = "/bench/trivial/"
WORKERS = 2
CLIENT_THREADS = 4
REQUESTS_PER_ROUND = 1200
ROUNDS = 3
ROUND_TIME_LIMIT = 30.0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, url):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", url, headers={"Host": "localhost"})
        response = connection.getresponse()
        body = response.read()
        return response.status, response.getheader("X-Page-Cache"), body
    finally:
        connection.close()


def wait_until_up(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(port, TRIVIAL_URL)[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def one_round(port, url):
    """REQUESTS_PER_ROUND requests from CLIENT_THREADS threads; returns requests per second."""
    remaining = [REQUESTS_PER_ROUND]
    lock = threading.Lock()
    errors = []
    started = time.perf_counter()

    def worker():
        while time.perf_counter() - started < ROUND_TIME_LIMIT:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            status = get(port, url)[0]
            if status != 200:
                errors.append(status)

    threads = [threading.Thread(target=worker) for _n in range(CLIENT_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{url}: {len(errors)} errors, e.g. HTTP {errors[0]}")
    return (REQUESTS_PER_ROUND - remaining[0]) / elapsed


def main():
    workdir = tempfile.mkdtemp(prefix="bench-public-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
        "MEDIA_ROOT": f"{workdir}/media",
        "PYTHONPATH": str(ROOT),
        "BENCH_STATIC_ROOT": f"{workdir}/static",
    }
    os.makedirs(f"{workdir}/static")
    env.pop("REDIS_URL", None)
    server = None
    try:
        for command in (["migrate", "--noinput"], ["seed_demo"]):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, timeout=300
            )
        port = free_port()
        server = subprocess.Popen(
            [
                GUNICORN,
                "cms.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_until_up(port)
        status, cache_header, body = get(port, DRAFT_URL)
        assert status == 200, status
        print(f"draft page size: {len(body)} bytes")
        for url in (DRAFT_URL, TRIVIAL_URL):
            for _n in range(100 * WORKERS):  # warm every worker's cache and connections
                get(port, url)
        print(f"draft page served from cache: {get(port, DRAFT_URL)[1] == 'hit'}")
        uncached = DRAFT_URL + "?bench=1"  # a query string bypasses the page cache
        best = {DRAFT_URL: 0.0, TRIVIAL_URL: 0.0, uncached: 0.0}
        for _round in range(ROUNDS):
            for url in best:
                best[url] = max(best[url], one_round(port, url))
        print(f"gunicorn workers: {WORKERS}, client threads: {CLIENT_THREADS}, best of {ROUNDS} rounds")
        print(f"draft page {DRAFT_URL}: {best[DRAFT_URL]:.0f} req/s")
        print(f"draft page rendered each time (cache bypassed): {best[uncached]:.0f} req/s")
        print(f"trivial view {TRIVIAL_URL}: {best[TRIVIAL_URL]:.0f} req/s")
        print(f"draft/trivial ratio: {best[DRAFT_URL] / best[TRIVIAL_URL]:.2f}")
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
