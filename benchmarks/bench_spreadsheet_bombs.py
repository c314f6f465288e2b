"""Time and peak memory of refusing hostile spreadsheets: a 400 MB cell, a million blank rows.

Also the largest cell the expansion check lets through, so the cost at that bound is seen.

Each file is written to a temporary folder by streaming (benchmarks.bomb_files), then read by
the import's read_rows in a fresh child process, so the peak resident memory is its own.
Target: each refused with a clear message within a few seconds and a few hundred MB.
"""
import os
import resource
import tempfile
import time
from pathlib import Path

from benchmarks import bomb_files, in_a_fresh_process

CASES = {
    "xlsx, one cell of 400 MB": ("cell.xlsx", lambda h: bomb_files.write_xlsx(h, bomb_files.one_huge_cell(400))),
    "xlsx, a cell of 16 MB that compresses 4:1": (
        "cell16.xlsx", lambda h: bomb_files.write_xlsx(h, bomb_files.one_huge_cell(16, varied=True))),
    "xlsx, a million blank rows": (
        "blank.xlsx", lambda h: bomb_files.write_xlsx(h, bomb_files.blank_rows_then_a_value(1_000_000))),
    "xlsx, a million blank rows, declared": (
        "declared.xlsx",
        lambda h: bomb_files.write_xlsx(h, bomb_files.blank_rows_then_a_value(1_000_000), dimension="A1:G1000002")),
    "csv, a million blank lines": (
        "blank.csv", lambda h: bomb_files.write_csv_with_blank_lines(h, 1_000_000)),
}


def _measure(path, queue):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "u4ssc_site.settings")
    import django

    django.setup()
    from kpis.spreadsheets import SpreadsheetError, read_rows

    started = time.perf_counter()
    cpu = time.process_time()
    try:
        with open(path, "rb") as handle:
            outcome = f"read {len(read_rows(handle, path.name))} row(s)"
    except SpreadsheetError as error:
        outcome = f"refused: {error}"
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    queue.put((seconds, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, outcome))


def main():
    with tempfile.TemporaryDirectory(prefix="bench-bombs-") as folder:
        for label, (name, write) in CASES.items():
            path = Path(folder) / name
            with open(path, "wb") as handle:
                write(handle)
            seconds, cpu, peak, outcome = in_a_fresh_process(_measure, path)
            print(f"{label:<40} {path.stat().st_size / 1024:8.0f} KiB  {seconds:5.2f} s  cpu {cpu:5.2f} s  "
                  f"peak {peak:5.0f} MB  {outcome}")
    print("target: each refused with a clear message in a few seconds and a few hundred MB")


if __name__ == "__main__":
    main()
