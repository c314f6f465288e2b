"""Render time and peak memory of the Ålesund report, beside WeasyPrint alone on the same HTML.

Each measurement runs in a fresh child process, so its peak resident memory is its own.
Targets on the reference machine: the whole report under 3 s and 200 MB; a 50-page
stress version (section 6 repeated) under 12 s and 400 MB, i.e. growing linearly.
"""
import os
import resource
import time

import django

from benchmarks import in_a_fresh_process

STRESS_PAGES = 50


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


def _measure(kind, queue):
    _setup()
    import io

    from pypdf import PdfReader

    from reports.pdf import html_to_pdf
    from reports.selectors import report_content
    from reports.services import report_html

    submission = _alesund()
    started = time.perf_counter()
    html = _stress_html(submission, STRESS_PAGES) if kind == "stress" else report_html(submission)
    html_seconds = time.perf_counter() - started
    if kind == "weasyprint":
        started = time.perf_counter()
    # The report carries its values (CSV) as the worker's rendering does; WeasyPrint alone does not.
    pdf = html_to_pdf(html, data_files=[] if kind == "weasyprint" else [report_content(submission)["data_file"]])
    seconds = time.perf_counter() - started
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((seconds, peak, pages, len(pdf), html_seconds))


def measure(kind):
    return in_a_fresh_process(_measure, kind)


def main():
    # One warm-up run, so the first measurement does not pay for cold caches of the file system.
    measure("weasyprint")
    report = measure("report")
    alone = measure("weasyprint")
    stress = measure("stress")
    print(f"report (queries + template + WeasyPrint): {report[0]:6.2f} s  peak {report[1]:6.0f} MB  "
          f"{report[2]} pages  {report[3] / 1024:.0f} KiB")
    print(f"  of which queries and the HTML template:  {report[4]:6.2f} s  ({report[4] / report[0] * 100:.0f} %)")
    print(f"WeasyPrint alone on the same HTML:         {alone[0]:6.2f} s  peak {alone[1]:6.0f} MB")
    print(f"stress, section 6 repeated:                {stress[0]:6.2f} s  peak {stress[1]:6.0f} MB  "
          f"{stress[2]} pages  ({stress[0] / stress[2]:.3f} s per page vs {report[0] / report[2]:.3f})")
    print("targets: report < 3 s and < 200 MB; 50 pages < 12 s and < 400 MB")


if __name__ == "__main__":
    main()
