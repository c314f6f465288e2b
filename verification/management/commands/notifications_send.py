"""Hand queued notifications to the worker again (after the broker was unreachable)."""
from django.core.management.base import BaseCommand

from verification.tasks import notifications_resend


class Command(BaseCommand):
    help = (
        "Send the notifications still queued a minute after they were recorded, and those a worker "
        "claimed but did not send within ten minutes (Celery beat runs the same every minute)."
    )

    def handle(self, *args, **options):
        ids = notifications_resend()
        self.stdout.write(f"{len(ids)} notification(s) handed to the worker.")
