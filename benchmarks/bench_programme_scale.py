"""Programme scale: 200 cities x 5 years (112,000 values) seeded in under two minutes, and the page budgets, query
counts and per-value costs of recompute_scores, the open data CSV and the dashboard CSV at 20 and 200 cities.

Runs on a database of its own, never the demo's or anyone's: u4ssc_bench_programme_<pid>, created on the
PostgreSQL server of DATABASE_URL (or BENCH_DATABASE_URL) and dropped afterwards, or a temporary SQLite file of
that name when there is no PostgreSQL. The work itself is benchmarks/scale.py, which refuses any database not
flagged as a benchmark's by its name (or empty).
"""
import subprocess
import sys

from benchmarks.bench_pages import ROOT, BenchDatabase


def main():
    with BenchDatabase("u4ssc_bench_programme") as database:
        database.seed_demo()
        subprocess.run([sys.executable, "-m", "benchmarks.scale"], cwd=ROOT, env=database.env, check=True)


if __name__ == "__main__":
    main()
