"""Render a submission's verification report to a PDF file, through the code the worker runs."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.services import report_pdf
from submissions.models import Submission


class Command(BaseCommand):
    help = "Render the verification report of a city's submission for a year to a PDF file (no worker needed)."

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="the city's slug, e.g. alesund")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", required=True, help="the PDF file to write")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            help="the report's language (the city's report language by default)")

    def handle(self, *args, city, year, output, language=None, **options):
        submission = (Submission.objects.filter(city__slug=city, year=year)
                      .select_related("city").order_by("-edition__year").first())
        if submission is None:
            raise CommandError(f"There is no submission of {city!r} for {year}.")
        language = language or submission.city.report_language
        pdf = report_pdf(submission, language=language)
        Path(output).write_bytes(pdf)
        draft = "" if submission.is_signed_off else " (DRAFT: not signed off)"
        self.stdout.write(self.style.SUCCESS(
            f"Wrote the report of {submission}{draft} in {language!r} to {output} ({len(pdf)} bytes)."))
