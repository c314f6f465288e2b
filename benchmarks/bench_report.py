"""Render time and peak memory of the Ålesund report, beside bare WeasyPrint on the report of before.

The yardstick: `fixtures/report-2f630e5.html` is the Ålesund report's HTML as the site made it at
commit 2f630e5 (its stylesheet of then inlined, its fonts from today's assets, so it prints the same
pages as then), before the report became a tagged PDF/A-3a with its CSV, a table of every sunburst
segment and band words. A first rendering of today's whole report (snapshot, queries, template,
WeasyPrint, PDF/A) must take at most 0.85 × what bare WeasyPrint takes on that HTML. The two are
measured alternately in one run, each in a fresh process, so a machine loaded by others weighs on
both alike; the median of the per-pair ratios is the figure.

Also: peak memory, and a 50-page stress version (section 6 repeated) to show time grows linearly.
Targets on the reference machine: the whole report under 3 s and 200 MB; 50 pages under 12 s and 400 MB.
"""
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import django

from benchmarks import in_a_fresh_process
from benchmarks.bench_pages import BenchDatabase

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "report-2f630e5.html"
STRESS_PAGES = 50
PAIRS = int(os.environ.get("BENCH_REPORT_PAIRS", "5"))
TARGET_RATIO = 0.85


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "u4ssc_site.settings")
    django.setup()


def _alesund():
    from django.core.management import call_command

    from submissions.models import Submission

    submission = Submission.objects.filter(city__slug="alesund", year=2019).first()
    if submission is None:
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        submission = Submission.objects.get(city__slug="alesund", year=2019)
    return submission


def _stress_html(submission, pages):
    """The report with section 6 repeated until it runs to about `pages` pages."""
    from django.template.loader import render_to_string

    from reports.selectors import report_content

    content = report_content(submission)
    # The base report has about 10 pages outside section 6, which itself takes about 4.5.
    content["results"] = content["results"] * max(1, round((pages - 10) / 4.5))
    return render_to_string("reports/pdf/report.html", content)


def _bare_weasyprint(html):
    """WeasyPrint as the site called it at 2f630e5: no PDF variant, no attachment."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports.pdf import ASSETS_URL, AssetsOnlyFetcher

    fetcher = AssetsOnlyFetcher()
    pdf = HTML(string=html, base_url=ASSETS_URL, url_fetcher=fetcher).write_pdf(font_config=FontConfiguration())
    assert not fetcher.refused, fetcher.refused
    return pdf


def _measure(kind, queue):
    _setup()
    import io

    from pypdf import PdfReader

    from reports.pdf import html_to_pdf
    from reports.services import report_pdf

    submission = _alesund()
    html_seconds = 0.0
    started, cpu_started = time.perf_counter(), time.process_time()
    if kind == "fixture":
        pdf = _bare_weasyprint(FIXTURE.read_text(encoding="utf-8"))
    elif kind == "report":
        pdf = report_pdf(submission)
    else:
        html = _stress_html(submission, STRESS_PAGES)
        html_seconds = time.perf_counter() - started
        pdf = html_to_pdf(html)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, peak, pages, len(pdf), html_seconds, cpu_seconds))


def measure(kind):
    return in_a_fresh_process(_measure, kind)


def main(pairs=PAIRS, stress=True):
    """On a database of its own (as bench_pages makes one), seeded with the demo; the measured processes
    inherit it through the environment."""
    before = dict(os.environ)
    with BenchDatabase("u4ssc_bench_report") as database:
        database.seed_demo()
        os.environ.update({name: database.env[name] for name in ("DATABASE_URL", "SECRET_KEY", "DEBUG",
                                                                 "STATIC_ROOT", "MEDIA_ROOT")})
        os.environ.pop("REDIS_URL", None)
        try:
            return _compare(pairs, stress)
        finally:
            os.environ.clear()
            os.environ.update(before)


def _compare(pairs, stress):
    # One warm-up of each, so neither pays alone for cold caches of the file system.
    measure("fixture")
    measure("report")
    ratios, cpu_ratios, reports, fixtures = [], [], [], []
    for number in range(1, pairs + 1):
        # Alternate which goes first, so a load that rises or falls over a pair favours neither.
        order = ("fixture", "report") if number % 2 else ("report", "fixture")
        results = {kind: measure(kind) for kind in order}
        fixture, report = results["fixture"], results["report"]
        fixtures.append(fixture[0])
        reports.append(report[0])
        ratios.append(report[0] / fixture[0])
        cpu_ratios.append(report[5] / fixture[5])
        print(f"pair {number}: report of today {report[0]:6.2f} s ({report[5]:.2f} s CPU, {report[2]} pages)   "
              f"bare WeasyPrint on 2f630e5's HTML {fixture[0]:6.2f} s ({fixture[5]:.2f} s CPU, {fixture[2]} pages)   "
              f"ratio {ratios[-1]:.3f} (CPU {cpu_ratios[-1]:.3f})")
    ratio = statistics.median(ratios)
    # CPU time is the steadier figure on a machine shared with other work; both are printed.
    print(f"median: report {statistics.median(reports):.2f} s, 2f630e5 bare {statistics.median(fixtures):.2f} s, "
          f"ratio {ratio:.3f}, CPU time ratio {statistics.median(cpu_ratios):.3f} "
          f"(target ≤ {TARGET_RATIO}) {'OK' if ratio <= TARGET_RATIO else 'OVER'}")
    print(f"report peak {report[1]:.0f} MB, {report[3] / 1024:.0f} KiB")
    if stress:
        result = measure("stress")
        print(f"stress, section 6 repeated: {result[0]:6.2f} s  peak {result[1]:6.0f} MB  {result[2]} pages  "
              f"({result[0] / result[2]:.3f} s per page vs {statistics.median(reports) / report[2]:.3f})")
        print("targets: report < 3 s and < 200 MB; 50 pages < 12 s and < 400 MB")
    return ratio


if __name__ == "__main__":
    main(pairs=int(sys.argv[1]) if len(sys.argv) > 1 else PAIRS)
