"""python manage.py backup --output DIR: the database and every stored file into a folder (u4ssc_site.backups)."""
import time

from django.core.management.base import BaseCommand, CommandError

from u4ssc_site.backups import BackupError, backup_make


class Command(BaseCommand):
    help = "Back up the database (pg_dump, or a copy of the SQLite file) and every stored file into an empty folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="an empty or new folder")

    def handle(self, *args, output, **options):
        started = time.perf_counter()
        try:
            manifest = backup_make(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(f"Backed up the database ({manifest['database']['file']}) and {len(manifest['files'])} "
                          f"file(s), {size / 1024:.0f} KiB, into {output} in {time.perf_counter() - started:.1f} s")
