"""python manage.py restore DIR: the database and the stored files from a backup (u4ssc_site.backups)."""
import time

from django.core.management.base import BaseCommand, CommandError

from u4ssc_site.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a backup made by `backup`: replaces the database's contents and puts back every stored file "
            "(checked against the manifest's SHA-256 first). Stop the web servers and workers before.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="the backup's folder")

    def handle(self, *args, source, **options):
        started = time.perf_counter()
        try:
            manifest = backup_restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the database and {len(manifest['files'])} file(s) from {source} "
                          f"in {time.perf_counter() - started:.1f} s")
