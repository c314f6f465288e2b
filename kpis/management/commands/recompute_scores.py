"""Rescore every value of the submissions not yet signed off against today's targets."""
from django.core.management.base import BaseCommand

from kpis.services import scores_recompute


class Command(BaseCommand):
    help = (
        "Recompute the stored score of every value in submissions not yet signed off "
        "(signed-off submissions keep the scores they were signed off with)."
    )

    def handle(self, *args, **options):
        changed = scores_recompute()
        self.stdout.write(self.style.SUCCESS(f"Scores recomputed: {changed} value(s) changed."))
