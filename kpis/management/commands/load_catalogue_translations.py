"""Load the provisional French, Spanish and Arabic names and units of the catalogue into a database whose
catalogue was loaded before they existed (a new database gets them with fixtures/catalogue.json)."""
import csv
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kpis.models import KPI, Category, DataPoint, Dimension, SubDimension

DEFAULT = Path(settings.BASE_DIR) / "fixtures" / "reference" / "catalogue_translations.csv"
MODELS = {"dimension": Dimension, "subdimension": SubDimension, "category": Category, "kpi": KPI,
          "datapoint": DataPoint}


class Command(BaseCommand):
    help = ("Set the catalogue's provisional translations from catalogue_translations.csv "
            "(kind,key,field,lang,text); translations the secretariat has confirmed are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT))

    @transaction.atomic
    def handle(self, *args, file, **options):
        try:
            with open(file, newline="", encoding="utf-8") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.")
        changed = kept = 0
        for row in rows:
            model = MODELS.get(row["kind"])
            if model is None:
                raise CommandError(f"Unknown kind {row['kind']!r}.")
            lookup = {"code": row["key"]} if row["kind"] == "kpi" else {"name_en": row["key"]}
            for item in model.objects.filter(**lookup):
                if row["lang"] in (item.translations_confirmed or []):
                    kept += 1
                    continue
                column = f"{row['field']}_{row['lang']}"
                if getattr(item, column) != row["text"]:
                    setattr(item, column, row["text"])
                    item.save(update_fields=[column])
                    changed += 1
        self.stdout.write(f"{changed} translation(s) set; {kept} confirmed by the secretariat kept.")
