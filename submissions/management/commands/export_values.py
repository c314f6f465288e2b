"""Export a city's submission for a year as .csv or .xlsx, in the spreadsheet template's format."""
from django.core.management.base import BaseCommand, CommandError

from kpis.selectors import edition_current
from submissions.models import Submission
from submissions.spreadsheet import write_csv, write_xlsx


class Command(BaseCommand):
    help = "Export values to a .csv or .xlsx file (one row per data point), chosen by the file's extension."

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="the city's slug")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("file")

    def handle(self, *args, city, year, file, **options):
        submission = (
            Submission.objects.filter(city__slug=city, year=year, edition=edition_current())
            .select_related("city").first()
        )
        if submission is None:
            raise CommandError(f"{city} has no submission for {year}.")
        try:
            if file.lower().endswith(".xlsx"):
                with open(file, "wb") as handle:
                    write_xlsx(submission, handle)
            else:
                with open(file, "w", newline="", encoding="utf-8") as handle:
                    write_csv(submission, handle)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}.")
        self.stdout.write(self.style.SUCCESS(f"{submission} written to {file}."))
