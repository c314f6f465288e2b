"""The health check of Celery beat: fails when the periodic sweep has not run lately."""
import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.heartbeat import beat_heartbeat_age


class Command(BaseCommand):
    help = ("Exit non-zero when the reports sweep beat schedules has not run for --max-age seconds: "
            "beat (or every worker) is dead, or Redis cannot be reached.")

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=float, default=8 * settings.SWEEP_SECONDS,
                            help="seconds since the last sweep that still count as healthy (default: eight sweeps)")

    def handle(self, *args, max_age, **options):
        if not settings.REDIS_URL:
            raise CommandError("REDIS_URL is not set: tasks run in-process and there is no beat to check.")
        try:
            age = beat_heartbeat_age()
        except redis.RedisError as error:
            raise CommandError(f"Redis cannot be reached: {error}")
        if age is None:
            raise CommandError("The sweep has never run: is celery beat running, and a worker?")
        if age > max_age:
            raise CommandError(f"The sweep last ran {age:.0f} s ago (more than {max_age:.0f} s): "
                               "is celery beat running, and a worker?")
        self.stdout.write(f"The sweep ran {age:.0f} s ago.")
