from django.core.management.base import BaseCommand

from submissions.services import city_create


class Command(BaseCommand):
    help = "Create a city (or update its name and country)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--country", required=True)

    def handle(self, *args, slug, name, country, **options):
        city = city_create(slug=slug, name=name, country=country)
        self.stdout.write(f"City {city} ({city.slug}) is ready.")
