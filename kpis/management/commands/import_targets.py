"""Replace or extend the benchmark targets from a file in the format of targets.csv."""
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

    def handle(self, *args, file, edition=None, **options):
        found = Edition.objects.filter(name=edition).first() if edition else edition_current()
        if found is None:
            raise CommandError(f"No edition named {edition!r}." if edition else "There is no current edition.")
        result = command_import(self, file, lambda handle: targets_import(rows=targets_read(handle, file), edition=found))
        self.stdout.write(self.style.SUCCESS(
            f"{found}: {result.created} target(s) added, {result.changed} changed, {result.unchanged} unchanged; "
            f"{result.rescored} value(s) rescored."
        ))
