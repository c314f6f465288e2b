from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from submissions.models import City
from submissions.services import city_create


class Command(BaseCommand):
    help = "Create a city (or update its name and country)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--country", required=True)
        parser.add_argument("--population-band", choices=[code for code, _ in City.POPULATION_BANDS])
        parser.add_argument("--currency", help="ISO 4217 code, e.g. NOK")

    def handle(self, *args, slug, name, country, population_band=None, currency=None, **options):
        try:
            city = city_create(slug=slug, name=name, country=country, population_band=population_band,
                               currency=currency)
        except ValidationError as error:
            raise CommandError(" ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()))
        self.stdout.write(f"City {city} ({city.slug}) is ready.")
