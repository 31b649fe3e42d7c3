"""Requests per second for every cached anonymous public page against a trivial Django view, same gunicorn server.

Usage: .venv/bin/python bench/public_pages.py [PORT]   (default: a free port)
Builds a throw-away SQLite database with the demo data, serves it with gunicorn on
127.0.0.1, runs a bounded number of requests against each URL (alternating rounds,
best round kept), stops the server and prints the figures. Last line: the lowest
cached page/trivial ratio (issue 12 target: >= 0.9 for every page).
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
# Every public page the anonymous cache serves (policies/cache.py), the draft's sub-pages included.
CACHED_URLS = (
    "/",
    "/du-thao/",
    "/du-thao/?trang_thai=open",
    "/tim-kiem/?q=thue",
    DRAFT_URL,
    DRAFT_URL + "tong-hop/",
    DRAFT_URL + "in/",
    DRAFT_URL + "loa/",
    "/du-thao/rss/",
    "/du-thao/rss/dang-lay-y-kien/",
    "/so-lieu-cong-khai/",
    "/tap-huan/",
    "/sitemap.xml",
)
WORKERS = 2
CLIENT_THREADS = 4
REQUESTS_PER_ROUND = 800
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
        port = int(sys.argv[1]) if len(sys.argv) > 1 else free_port()
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
        for url in (*CACHED_URLS, TRIVIAL_URL):
            for _n in range(100 * WORKERS):  # warm every worker's cache and connections
                get(port, url)
            if url != TRIVIAL_URL and get(port, url)[1] != "hit":
                raise SystemExit(f"{url} is not served from the page cache")
        uncached = DRAFT_URL + "?bench=1"  # an unknown parameter: never stored, rendered each time
        best = dict.fromkeys((*CACHED_URLS, TRIVIAL_URL, uncached), 0.0)
        for _round in range(ROUNDS):
            for url in best:
                best[url] = max(best[url], one_round(port, url))
        print(f"gunicorn workers: {WORKERS}, client threads: {CLIENT_THREADS}, best of {ROUNDS} rounds")
        trivial = best[TRIVIAL_URL]
        print(f"trivial view {TRIVIAL_URL}: {trivial:.0f} req/s")
        print(f"draft page rendered each time (cache bypassed): {best[uncached]:.0f} req/s")
        for url in CACHED_URLS:
            print(f"{url}: {best[url]:.0f} req/s, {best[url] / trivial:.2f}x trivial")
        lowest = min(CACHED_URLS, key=best.get)
        print(f"draft/trivial ratio: {best[DRAFT_URL] / trivial:.2f}")
        print(f"lowest cached page/trivial ratio: {best[lowest] / trivial:.2f} ({lowest})")
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
