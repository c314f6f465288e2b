"""Hand queued notifications to the worker again (after the broker was unreachable)."""
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from verification.models import Notification
from verification.tasks import notification_deliver


class Command(BaseCommand):
    help = "Send the notifications still queued a minute after they were recorded."

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(minutes=1)
        ids = list(Notification.objects.filter(state=Notification.QUEUED, created_at__lt=cutoff).values_list("pk", flat=True))
        for notification_id in ids:
            notification_deliver.delay(notification_id)
        self.stdout.write(f"{len(ids)} notification(s) handed to the worker.")
