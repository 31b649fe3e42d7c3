"""Benchmark: the whole test suite on SQLite, as `make test` runs it (issue 8's target: at most 3 minutes here).

Runs pytest with this interpreter from the repository, on a fresh SQLite test database (`--create-db`, so the
figure includes building the schema and the demo snapshot once per worker) unless `--reuse-db` is given. The last
line prints `test suite seconds: N`.

    .venv/bin/python bench/test_suite.py [--reuse-db]
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    database = [] if "--reuse-db" in sys.argv else ["--create-db"]
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", *database], cwd=ROOT, env=env, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"the suite failed (exit {result.returncode}); no figure")
    print(f"test suite seconds: {seconds:.0f}")


if __name__ == "__main__":
    main()
