"""Cities, their yearly submissions, one value per data point, evidence and the event log."""
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kpis import limits
from kpis import models as catalogue
from kpis.models import DataPoint, Edition
from . import roles
from .signals import value_has_open_query


class City(models.Model):
    name = models.CharField(max_length=100)
    country = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    # A fictional city of the demo's sample programme: every page and PDF showing it says "sample data".
    is_sample = models.BooleanField(_("sample data"), default=False)
    # Set by the secretariat on the people console (people app); empty for a city made before them.
    POPULATION_BANDS = [
        ("under_100k", _("under 100 000")),
        ("100k_500k", _("100 000–500 000")),
        ("500k_1m", _("500 000–1 million")),
        ("1m_5m", _("1–5 million")),
        ("over_5m", _("over 5 million")),
    ]
    population_band = models.CharField(max_length=10, choices=POPULATION_BANDS, blank=True)
    currency = models.CharField(
        max_length=3, blank=True, help_text=_("ISO 4217 code: three capital letters, e.g. NOK, EUR, USD."),
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Give the three-letter ISO 4217 code in capitals, e.g. NOK."),
                                   code="currency")],
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="cities", blank=True
    )
    # The language its verification report is rendered in unless the secretariat asks for another.
    report_language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="en")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cities"

    def __str__(self):
        return f"{self.name}, {self.country}"


class Profile(models.Model):
    """What a person chose for themselves: the language of their pages and e-mails."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="en")

    def __str__(self):
        return f"{self.user}: {self.language}"


class Membership(models.Model):
    """A city staff member's belonging to a city."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "city"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} in {self.city}"


class Cycle(models.Model):
    """A year's reporting round, to which the secretariat invites cities."""

    name = models.CharField(max_length=40, unique=True, help_text=_('As the programme calls it, e.g. "2025".'))
    year = models.PositiveSmallIntegerField(_("reporting year"), help_text=_("The year the cities' data are of."))
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="cycles",
                                verbose_name=_("catalogue edition"))
    opens_on = models.DateField(_("opening date"))
    submission_deadline = models.DateField()
    verification_deadline = models.DateField()

    class Meta:
        ordering = ["-year", "-opens_on"]

    def __str__(self):
        return self.name

    def clean(self):
        dates = (self.opens_on, self.submission_deadline, self.verification_deadline)
        if None in dates:
            return
        if self.submission_deadline < self.opens_on:
            raise ValidationError({"submission_deadline": _("The submission deadline comes after the opening date.")})
        if self.verification_deadline < self.submission_deadline:
            raise ValidationError({"verification_deadline": _("The verification deadline comes after the submission deadline.")})


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The submissions a user may see: the only door every view goes through."""
        if not user.is_authenticated:
            return self.none()
        if roles.is_secretariat(user):
            return self
        rule = Q(pk__in=[])
        if roles.is_city_staff(user):
            rule |= Q(city__memberships__user=user)
        if roles.is_verifier(user):
            rule |= Q(assignments__verifier=user)
        return self.filter(rule).distinct()

    def published(self):
        """Released by the secretariat: the only submissions shown outside the city, its verifier and the secretariat."""
        return self.filter(state=Submission.PUBLISHED)


class Submission(models.Model):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    PUBLISHED = "published"
    STATE_CHOICES = [
        (DRAFT, _("Draft")),
        (SUBMITTED, _("Submitted for verification")),
        (VERIFIED, _("Verified (signed off)")),
        (PUBLISHED, _("Published")),
    ]

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="submissions")
    year = models.PositiveSmallIntegerField()
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="submissions")
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default=DRAFT)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, null=True, blank=True, related_name="submissions")

    # The year's context figures, which the verifier screens first and which
    # per-capita and per-100 000 rates are computed from.
    population = models.PositiveIntegerField(null=True, blank=True)
    households = models.PositiveIntegerField(null=True, blank=True)
    land_area_km2 = models.DecimalField("land area (km²)", max_digits=12, decimal_places=3, null=True, blank=True)
    gdp = models.DecimalField("city GDP", max_digits=20, decimal_places=2, null=True, blank=True)
    gdp_currency = models.CharField("GDP currency", max_length=3, blank=True)
    # The year the context figures were copied from when the city was invited; empty once the city confirms them.
    context_from_year = models.PositiveSmallIntegerField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set by the secretariat's publication, emptied when it is withdrawn (the reason is in the event log).
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["city__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["city", "year", "edition"], name="submission_unique")
        ]

    def __str__(self):
        return f"{self.city.name} {self.year}"

    @property
    def is_signed_off(self):
        return self.state in (self.VERIFIED, self.PUBLISHED)


def reported_rule(path=""):
    """A number or a yes / no, not marked "not reported"; path leads to the value from another model ("values__")."""
    return Q(**{f"{path}not_reported": False}) & (
        Q(**{f"{path}number__isnull": False}) | Q(**{f"{path}yes_no__isnull": False})
    )


def answered_rule(path=""):
    """Reported, or marked "not reported" (which needs a reason)."""
    return reported_rule(path) | Q(**{f"{path}not_reported": True})


CATALOGUE_ORDER = tuple(f"data_point__{key}" for key in catalogue.CATALOGUE_ORDER)


class ValueQuerySet(models.QuerySet):
    def editable_by(self, user):
        """The values a user may change now: the one rule (submissions.permissions asks it).

        City staff: their city's draft values, and a submitted value while a verifier's
        query on it is open. Secretariat: anything not yet signed off. Verifiers: nothing.
        """
        if not user.is_authenticated:
            return self.none()
        if roles.is_secretariat(user):
            return self.filter(submission__state__in=(Submission.DRAFT, Submission.SUBMITTED))
        if not roles.is_city_staff(user):
            return self.none()
        member = Membership.objects.filter(user=user, city=models.OuterRef("submission__city"))
        return self.filter(
            models.Exists(member),
            Q(submission__state=Submission.DRAFT)
            | Q(value_has_open_query(models.OuterRef("pk")), submission__state=Submission.SUBMITTED),
        )

    def reported(self):
        """A number or a yes / no, not marked "not reported" (Value.is_reported)."""
        return self.filter(reported_rule())

    def answered(self):
        """A value, or "not reported" with a reason (Value.has_answer)."""
        return self.filter(answered_rule())

    def in_catalogue_order(self):
        """Dimension, category, KPI, data point: the order of the catalogue, the forms and the report."""
        return self.order_by(*CATALOGUE_ORDER)


class Value(models.Model):
    """The city's answer for one data point in one submission, with its stored score."""

    QUALITY_CHOICES = [
        ("accurate", _("Accurate measurement")),
        ("survey", _("Extrapolated from a survey")),
        ("regional", _("Extrapolated from regional or national data")),
        ("assumptions", _("Estimate from assumptions")),
        ("expert", _("Expert estimate")),
        ("unknown", _("Unknown")),
    ]

    SCORED = "scored"
    NO_TARGET = "no_target"
    NOT_REPORTED = "not_reported"
    EMPTY = "empty"
    SCORE_STATUS_CHOICES = [
        (SCORED, _("Scored")),
        (NO_TARGET, _("Data reported, no target yet")),
        (NOT_REPORTED, _("Not reported")),
        (EMPTY, _("No value yet")),
    ]

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    data_point = models.ForeignKey(DataPoint, on_delete=models.PROTECT, related_name="values")

    number = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    yes_no = models.BooleanField(null=True, blank=True)
    numerator = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    not_reported = models.BooleanField(default=False)
    not_reported_reason = models.TextField(blank=True, max_length=limits.REASON)
    source = models.CharField(max_length=limits.SOURCE, blank=True)
    data_quality = models.CharField(max_length=12, choices=QUALITY_CHOICES, blank=True)
    note = models.TextField(blank=True, max_length=limits.NOTE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every save: a form carries the version it was shown, and a save
    # against an older version is refused instead of overwriting someone else.
    version = models.PositiveIntegerField(default=0)

    # Stored by the scoring service on every save, with the target it was scored against.
    score_status = models.CharField(max_length=12, choices=SCORE_STATUS_CHOICES, default=EMPTY)
    percent_of_target = models.DecimalField(max_digits=24, decimal_places=10, null=True, blank=True)
    band = models.PositiveSmallIntegerField(null=True, blank=True)
    scored_target = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    scored_direction = models.CharField(max_length=8, blank=True)

    history = HistoricalRecords()
    objects = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["data_point"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "data_point"], name="value_unique"),
            models.CheckConstraint(
                condition=~Q(not_reported=True, not_reported_reason=""),
                name="not_reported_needs_reason",
            ),
            limits.text_limit("not_reported_reason", limits.REASON),
            limits.text_limit("note", limits.NOTE),
        ]

    def __str__(self):
        return f"{self.submission}: {self.data_point}"

    @property
    def is_reported(self):
        """The in-memory twin of reported_rule."""
        return not self.not_reported and (self.number is not None or self.yes_no is not None)

    @property
    def has_answer(self):
        return self.is_reported or self.not_reported


def evidence_path(instance, filename):
    # The stored name is generated; the person's file name is kept in original_name only.
    return f"evidence/{instance.submission_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    value = models.ForeignKey(Value, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name


class Event(models.Model):
    """An append-only record of every change of a value's or a submission's state."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    value = models.ForeignKey(Value, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=200, blank=True)
    to_state = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True, max_length=limits.MESSAGE)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [limits.text_limit("reason", limits.MESSAGE)]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


def pending_upload_path(instance, filename):
    return f"pending/{instance.submission_id}/{uuid.uuid4().hex}"


class PendingUpload(models.Model):
    """An evidence file chosen in a form that failed, kept until that form is saved or it expires.

    The re-rendered form carries its token (never its id), so the person does not choose the file
    again; only its owner can claim it, and the save that succeeds makes it evidence.
    """

    token = models.CharField(max_length=64, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    # The data point the form was for; none for a file of the whole submission.
    value = models.ForeignKey(Value, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    file = models.FileField(upload_to=pending_upload_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def __str__(self):
        return self.original_name
