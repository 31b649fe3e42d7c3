"""Seconds from `make run` to a 200 on `/`, on a checkout already set up (issue 12 target: < 5 s).

Usage: .venv/bin/python bench/make_run.py [--port 8172]
Copies this checkout (its files, not .git, databases or media) to a temporary folder, links the copy's
.venv to the virtualenv of the Python running this script, runs `make run` once to set it up (migrate,
seed_demo) and stops it, then runs `make run` again and times it until `/` answers 200. Last line: seconds.
"""

import argparse
import http.client
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "db.sqlite3*", ".test-db.sqlite3*", "media", "private-media", "staticfiles", "__pycache__",
    ".demo-seeded.json", "bench-*", "tests",
)  # fmt: skip


def answers_200(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/", headers={"Host": "localhost"})
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def timed_run(copy, port, env, limit):
    """Starts `make run`, returns seconds until / answers 200, and stops it (its whole process group)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=copy,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - started < limit:
            if process.poll() is not None:
                raise SystemExit(f"make run stopped with {process.returncode}")
            if answers_200(port):
                return time.perf_counter() - started
            time.sleep(0.05)
        raise SystemExit(f"/ did not answer 200 within {limit} s")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8172)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-make-run-"))
    copy = workdir / "portal"
    try:
        shutil.copytree(ROOT, copy, ignore=IGNORED, symlinks=True)  # copy2 keeps mtimes: make sees nothing new
        (copy / ".venv").symlink_to(Path(sys.prefix))
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "PYTHONPATH")
        }
        first = timed_run(copy, args.port, env, limit=600)
        print(f"first make run (migrate, seed_demo, serve): {first:.1f} s")
        again = timed_run(copy, args.port, env, limit=120)
        print(f"make run on the set-up checkout: {again:.2f} s until / answers 200")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
