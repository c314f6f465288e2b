"""Import a filled-in spreadsheet (.csv or .xlsx) into a city's draft submission for a year."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kpis.selectors import edition_current
from submissions.models import City, Submission
from submissions.services import NotAllowed, submission_create
from submissions.spreadsheet import command_import, spreadsheet_import


class Command(BaseCommand):
    help = "Import values from a .csv or .xlsx file (the spreadsheet template's format); creates the draft if needed."

    def add_arguments(self, parser):
        parser.add_argument("--city", required=True, help="the city's slug")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--language", default=settings.LANGUAGE_CODE,
                            choices=[code for code, _ in settings.LANGUAGES],
                            help="whose convention reads typed figures, e.g. fr: a decimal comma (default: en)")
        parser.add_argument("file")

    def handle(self, *args, city, year, file, language, **options):
        found = City.objects.filter(slug=city).first()
        if found is None:
            raise CommandError(f"No city with the slug {city!r}; create it with create_city first.")
        if not file.lower().endswith((".csv", ".xlsx")):
            raise CommandError("Give a .csv or .xlsx file.")
        existing = Submission.objects.filter(city=found, year=year, edition=edition_current()).first()
        if existing is not None and existing.state != Submission.DRAFT:
            raise CommandError(f"{existing} is {existing.get_state_display().lower()}: only a draft can be imported into.")
        submission = None

        def load(handle):
            nonlocal submission
            submission = existing or submission_create(city=found, year=year, edition=edition_current())
            return spreadsheet_import(submission=submission, handle=handle, filename=file, actor=None,
                                      language=language)

        try:
            result = command_import(self, file, load)
        except NotAllowed as refusal:  # signed off while the file was read
            raise CommandError(str(refusal))
        for row, label, reading in result.readings:
            self.stdout.write(f"row {row}: {label}: {reading}.")
        self.stdout.write(self.style.SUCCESS(
            f"{submission}: {result.changed} data point(s) changed, {result.unchanged} unchanged."
        ))
