"""Benchmark: peak memory of parsing the worst activity sheets the importer accepts, and a few it refuses.

Each sheet is parsed (`outreach.importing.parsing.parse_sheet`: the streaming reader plus the column mapping)
in a child process of its own, which reports its peak resident memory. Then the whole preview
the worker runs (parse, name resolution, row checks) is measured on the largest sheet against
a throw-away SQLite database with the demo data. The last line prints `import peak MiB: N`,
the highest peak among the sheets under the limits (target ≤ 256).

    .venv/bin/python bench/import_memory.py
"""

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
TARGET_MIB = 256


def child(path):
    """Parse one sheet; print the outcome and this process's peak RSS in MiB."""
    import django

    django.setup()
    from outreach.importing.parsing import parse_sheet
    from outreach.spreadsheets import SheetError

    content = Path(path).read_bytes()
    try:
        parsed = parse_sheet(content, Path(path).name)
        outcome = f"read {len(parsed.rows)} rows"
    except SheetError as error:
        outcome = f"refused: {error}"
    print(f"{peak_mib():.1f}\t{outcome}")


def peak_mib():
    """This process's peak resident memory: VmHWM starts afresh at exec, unlike ru_maxrss, which
    a forked child inherits from its parent (here, the parent that just built a large sheet)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_child():
    """Build the throw-away database the preview runs against."""
    import django

    django.setup()
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("migrate", verbosity=0, stdout=devnull)
        call_command("seed_demo", stdout=devnull)


def preview_child(path):
    """Run the worker's whole preview of one sheet as the Justice Office; print the peak RSS in MiB."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from outreach import importing

    user = get_user_model().objects.get(username="tuphap")
    report = importing.preview(Path(path).read_bytes(), Path(path).name, user=user)
    assert not report.errors, report.errors[:3]
    print(f"{peak_mib():.1f}\tpreviewed {report.new} new rows")


# ---------------------------------------------------------------- the sheets


def sheets():
    """(name, under the limits?, builder) for each sheet; builders return the file's bytes."""
    from outreach.spreadsheets import limits
    from tests.outreach.sheets import raw_activity_xlsx, raw_xlsx, row, row_xml

    max_rows = limits.MAX_ROWS
    long_cell = "Nội dung dài " + "x" * (limits.MAX_CELL_CHARS - 13)
    # One character outside the BMP makes Python store the whole string at 4 bytes a character.
    wide_cell = "😀" + "y" * (limits.MAX_CELL_CHARS - 1)
    wide_budget = limits.MAX_TEXT_BYTES // sys.getsizeof(wide_cell) - 1

    def max_rows_sheet():
        return raw_activity_xlsx(row(content=f"Hội nghị lần {n}", number=n) for n in range(1, max_rows + 1))

    def many_shared_strings():
        # As many distinct shared strings as the text budget allows, each used once, on the most rows allowed.
        count = limits.MAX_TEXT_BYTES // sys.getsizeof("s1000000") - 100
        per_row = count // max_rows + 1
        strings = (f"s{n}" for n in range(count))
        rows = (
            [("s", index) for index in range(start, min(start + per_row, count))] for start in range(0, count, per_row)
        )
        return raw_activity_xlsx(rows, strings)

    def largest_cells_shared():
        # Cells at the length limit, stored as wide shared strings up to the text budget, reused by every row.
        strings = [f"{n}{wide_cell[len(str(n)) :]}" for n in range(wide_budget)]
        rows = (
            row(content=("s", n % wide_budget), note=("s", (n + 1) % wide_budget), number=n)
            for n in range(1, max_rows + 1)
        )
        return raw_activity_xlsx(rows, strings)

    def largest_cells_inline():
        # Cells at the length limit written inline, as many as the text budget allows.
        texts = [value for value in row(content=long_cell) if isinstance(value, str)]
        count = limits.MAX_TEXT_BYTES // sum(sys.getsizeof(text) for text in texts) - 10
        return raw_activity_xlsx(row(content=long_cell, number=n) for n in range(1, count + 1))

    def max_cells():
        # The cell limit filled with numbers across all the columns a sheet may use.
        columns = limits.MAX_COLUMNS
        rows = limits.MAX_CELLS // columns - 1
        return raw_activity_xlsx([n] * columns for n in range(1, rows + 1))

    def one_huge_row():
        return raw_xlsx([row_xml(1, ["x" * 1024 * 1024] * 148)])

    def zip_of_137_mb():
        line = row_xml(2, row(content="z" * 1000))
        return raw_xlsx([line] * (137 * 1024 * 1024 // len(line)))

    def cell_over_the_limit():
        return raw_activity_xlsx([row(content="x" * (limits.MAX_CELL_CHARS + 1))])

    def too_many_cells():
        columns = limits.MAX_COLUMNS
        return raw_activity_xlsx([n] * columns for n in range(1, limits.MAX_CELLS // columns + 2))

    def shared_strings_over_the_budget():
        return raw_activity_xlsx([row()], (wide_cell for _n in range(wide_budget * 2)))

    return [
        ("50,000 rows", True, max_rows_sheet),
        ("many shared strings", True, many_shared_strings),
        ("largest cells, shared", True, largest_cells_shared),
        ("largest cells, inline", True, largest_cells_inline),
        ("1,000,000 cells", True, max_cells),
        ("one 148 MB row", False, one_huge_row),
        ("137 MB uncompressed", False, zip_of_137_mb),
        ("a cell over the limit", False, cell_over_the_limit),
        ("too many cells", False, too_many_cells),
        ("shared strings over the text budget", False, shared_strings_over_the_budget),
    ]


def run_child(*args):
    result = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True, cwd=ROOT)
    return result.stdout.strip().splitlines()[-1].split("\t", 1) if result.stdout.strip() else None


def print_line(name, size_kib, peak, outcome):
    print(f"{name:<40} {size_kib:>8.0f} KiB  peak {float(peak):>6.1f} MiB  {outcome[:110]}")


def main():
    import django

    django.setup()
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-memory-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"  # for the preview's children
    worst = 0.0
    for name, under_limits, build in sheets():
        path = workdir / "sheet.xlsx"
        path.write_bytes(build())
        size_kib = path.stat().st_size / 1024
        peak, outcome = run_child("--child", str(path))
        refused = outcome.startswith("refused")
        if under_limits == refused:
            sys.exit(f"{name}: expected {'to be read' if under_limits else 'a refusal'}, got {outcome}")
        if under_limits:
            worst = max(worst, float(peak))
        print_line(name, size_kib, peak, outcome)
        if name == "50,000 rows":
            run_child("--setup")
            peak, outcome = run_child("--preview", str(path))
            worst = max(worst, float(peak))
            print_line("50,000 rows, whole preview (worker)", size_kib, peak, outcome)
        path.unlink()
    print(f"target: <= {TARGET_MIB} MiB for every sheet under the limits")
    print(f"import peak MiB: {worst:.0f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    elif sys.argv[1:2] == ["--setup"]:
        setup_child()
    elif sys.argv[1:2] == ["--preview"]:
        preview_child(sys.argv[2])
    else:
        main()
