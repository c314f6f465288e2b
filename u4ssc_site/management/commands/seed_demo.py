"""Load the demo: catalogue, targets, Ålesund's published 2019 submission, one user per role, and a
sample programme of fictional cities (u4ssc_site.sample_programme).

It lives in the site, the top layer, because it drives every app: submissions loads the values,
verification replays the 2019 review and sign-off.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from kpis.models import TargetsEdition
from kpis.selectors import edition_current
from submissions import roles
from submissions.demo import alesund_rows
from submissions.models import Membership, Submission
from submissions.services import city_create, submission_create
from submissions.spreadsheet import values_import
from reports.receivers import renders_on_publication_paused
from verification.demo import alesund_publish, alesund_sign_off

from ...sample_programme import sample_programme_load

# Demo only: these accounts and passwords are printed for people trying the site.
DEMO_USERS = [
    ("city", "Ingrid", "Nilsen", roles.CITY_STAFF, "alesund-city-demo-2019"),
    ("verifier", "Jonas", "Smith", roles.VERIFIER, "u4ssc-verifier-demo-2019"),
    ("secretariat", "Amina", "Diallo", roles.SECRETARIAT, "u4ssc-secretariat-demo-2019"),
]


class Command(BaseCommand):
    help = ("Load the catalogue, the targets, Ålesund 2019 (signed off, published in June 2020), one demo user per role and a sample "
            "programme of fictional cities. Safe to run twice.")

    def add_arguments(self, parser):
        parser.add_argument("--without-samples", action="store_true",
                            help="Leave out the sample programme of fictional cities (Ålesund and the users only).")

    def handle(self, *args, **options):
        # Once loaded, targets change only through targets editions: loading the fixture again would
        # put its targets back behind the editions' backs.
        if not TargetsEdition.objects.exists():
            call_command("loaddata", str(settings.BASE_DIR / "fixtures" / "catalogue.json"), verbosity=0)
        with transaction.atomic(), renders_on_publication_paused():
            users = self.seed_users()
            city = city_create(slug="alesund", name="Ålesund", country="Norway")
            Membership.objects.get_or_create(user=users[roles.CITY_STAFF], city=city)
            submission = submission_create(city=city, year=2019, edition=edition_current(), actor=users[roles.CITY_STAFF])
            if submission.state == Submission.DRAFT:
                result = values_import(submission=submission, rows=list(alesund_rows()), actor=users[roles.CITY_STAFF])
                if not result.ok:
                    raise SystemExit(f"The Ålesund values do not import: {result.errors}")
                alesund_sign_off(submission=submission, city_user=users[roles.CITY_STAFF],
                                 verifier=users[roles.VERIFIER], secretariat=users[roles.SECRETARIAT])
            alesund_publish(submission=submission, secretariat=users[roles.SECRETARIAT])
            samples = [] if options["without_samples"] else sample_programme_load(
                city_user=users[roles.CITY_STAFF], verifier=users[roles.VERIFIER], secretariat=users[roles.SECRETARIAT])
        self.stdout.write(self.style.SUCCESS(
            f"Demo loaded: catalogue, targets, Ålesund 2019 (signed off, published), {len(samples)} new sample "
            "submission(s) of fictional cities."))
        self.stdout.write("Demo users (demo only; change these passwords anywhere public):")
        for username, _, _, role, password in DEMO_USERS:
            self.stdout.write(f"  {role:<12} {username:<12} {password}")

    def seed_users(self):
        groups = roles.ensure_groups()
        User = get_user_model()
        users = {}
        for username, first, last, role, password in DEMO_USERS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
            )
            user.set_password(password)
            user.is_staff = role == roles.SECRETARIAT
            user.save()
            user.groups.set([groups[role]])
            users[role] = user
        return users
