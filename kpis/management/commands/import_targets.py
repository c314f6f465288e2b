"""Replace or extend the benchmark targets from a file in the format of targets.csv."""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kpis.models import Edition
from kpis.selectors import edition_current
from kpis.spreadsheets import command_import
from kpis.targets import targets_import, targets_read


class Command(BaseCommand):
    help = (
        "Import benchmark targets from a .csv or .xlsx file with the columns code,data_point,direction,target,source. "
        "The data points it names get these targets; the others keep theirs. Nothing is saved from a file with errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--edition", help="the edition's name (default: the current edition)")
        parser.add_argument("--reason", help="why the targets change, kept with the new targets edition "
                                             "(default: 'Imported from <file> on the command line')")

    def handle(self, *args, file, edition=None, reason=None, **options):
        found = Edition.objects.filter(name=edition).first() if edition else edition_current()
        if found is None:
            raise CommandError(f"No edition named {edition!r}." if edition else "There is no current edition.")
        reason = reason or f"Imported from {Path(file).name} on the command line"
        try:
            result = command_import(self, file, lambda handle: targets_import(
                rows=targets_read(handle, file), edition=found, reason=reason, actor=None))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        made = f"Targets edition {result.edition.number}" if result.edition else "Nothing changed, no new targets edition"
        self.stdout.write(self.style.SUCCESS(
            f"{found}: {result.created} target(s) added, {result.changed} changed, {result.unchanged} unchanged; "
            f"{result.rescored} value(s) rescored. {made}."
        ))
