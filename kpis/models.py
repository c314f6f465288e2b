"""The U4SSC KPI catalogue: editions, dimensions, categories, KPIs, data points, targets and their editions, SDG mappings."""
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy


from . import limits, sdgs


class Edition(models.Model):
    """One version of the KPI set; a submission stays bound to the edition it was made under."""

    name = models.CharField(max_length=100, unique=True)
    year = models.PositiveSmallIntegerField()
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year"]

    def __str__(self):
        return self.name


# The languages the catalogue is translated into; English is the catalogue's own and never provisional.
TRANSLATED_LANGUAGES = ("fr", "es", "ar")


class CatalogueTranslated(models.Model):
    """A catalogue row whose names (and units) are translated: each translation is provisional until the
    secretariat confirms it (kpis.services.translation_correct), language by language."""

    # The languages whose translation of this row the secretariat has confirmed, e.g. ["fr"].
    translations_confirmed = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The original columns (name, unit, definition) keep the English text, whatever the language
        # of the request that saves: reading `name` in another language goes through name_<lang>.
        with translation.override(settings.LANGUAGE_CODE):
            super().save(*args, **kwargs)

    def translation_is_provisional(self, language=None):
        """True when the row is read in a language whose translation is not yet confirmed."""
        language = (language or translation.get_language() or "en").split("-")[0]
        return language in TRANSLATED_LANGUAGES and language not in (self.translations_confirmed or [])

    @property
    def name_is_provisional(self):
        return self.translation_is_provisional()

    @property
    def key_name(self):
        """The English name: the key of spreadsheets and open data, whatever the language of the page."""
        return getattr(self, "name_en", None) or self.name


class Dimension(CatalogueTranslated):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="dimensions")
    code = models.CharField(max_length=4)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["edition", "order"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="dimension_code_unique")]

    def __str__(self):
        return self.name


class SubDimension(CatalogueTranslated):
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="subdimensions")
    code = models.CharField(max_length=8)
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["dimension__order", "order"]
        verbose_name = "sub-dimension"
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="subdimension_code_unique")
        ]

    def __str__(self):
        return f"{self.dimension.name} / {self.name}"


class Category(CatalogueTranslated):
    """A category within a dimension. The same name under two dimensions is two rows."""

    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="categories")
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["dimension__order", "order"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["dimension", "name"], name="category_name_unique")
        ]

    def __str__(self):
        return f"{self.dimension.name} / {self.name}"


class KPI(CatalogueTranslated):
    CORE = "core"
    ADVANCED = "advanced"
    TYPE_CHOICES = [(CORE, gettext_lazy("Core")), (ADVANCED, gettext_lazy("Advanced"))]

    # Where a KPI's SDG mapping comes from: the U4SSC's own text, a provisional reading, or the
    # secretariat's confirmation. Only a provisional mapping is marked as such on pages and in the report.
    SDG_U4SSC = "u4ssc"
    SDG_PROVISIONAL = "provisional"
    SDG_SECRETARIAT = "secretariat"
    SDG_SOURCE_CHOICES = [
        (SDG_U4SSC, gettext_lazy("Confirmed from the U4SSC text")),
        (SDG_PROVISIONAL, gettext_lazy("Provisional")),
        (SDG_SECRETARIAT, gettext_lazy("Confirmed by the secretariat")),
    ]

    subdimension = models.ForeignKey(SubDimension, on_delete=models.PROTECT, related_name="kpis")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="kpis")
    code = models.CharField(max_length=32, help_text="As the methodology writes it, e.g. EC: ICT: ICT: 1C")
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=8, choices=TYPE_CHOICES)
    unit = models.CharField(max_length=60, blank=True)
    definition = models.TextField(blank=True, max_length=limits.CATALOGUE_TEXT)
    # The SDG mapping (fixtures/reference/sdg_map.csv): goals and targets separated by ";" ("9;17", "9.c;17.8").
    sdgs = models.CharField("linked SDGs", max_length=100, blank=True)
    sdg_targets = models.CharField("SDG targets", max_length=200, blank=True)
    sdg_source = models.CharField("source of the SDG mapping", max_length=12, choices=SDG_SOURCE_CHOICES,
                                  default=SDG_PROVISIONAL)
    iso37120 = models.CharField("ISO 37120 indicator", max_length=60, blank=True)
    iso37120_source = models.CharField("source of the ISO 37120 number", max_length=20, blank=True)
    # Set when the secretariat confirms or corrects the SDG mapping (kpis.services.kpi_sdg_confirm).
    sdg_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                         related_name="+")
    sdg_confirmed_at = models.DateTimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["category__dimension__order", "category__order", "order"]
        verbose_name = "KPI"
        constraints = [
            models.UniqueConstraint(fields=["subdimension", "code"], name="kpi_code_unique"),
            limits.text_limit("definition", limits.CATALOGUE_TEXT),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_core(self):
        return self.type == self.CORE

    @property
    def sdg_goals(self):
        """The linked SDGs as numbers, in order: "9;17" -> [9, 17]."""
        return sdgs.goals_parse(self.sdgs)

    @property
    def sdg_target_list(self):
        return [target for target in (part.strip() for part in self.sdg_targets.split(";")) if target]

    @property
    def sdg_is_provisional(self):
        return self.sdg_source == self.SDG_PROVISIONAL


# The catalogue's order of data points: dimension, category, KPI, then the data point's own.
CATALOGUE_ORDER = ("kpi__category__dimension__order", "kpi__category__order", "kpi__order", "order")


class DataPointQuerySet(models.QuerySet):
    def in_catalogue_order(self):
        return self.order_by(*CATALOGUE_ORDER)


class DataPoint(CatalogueTranslated):
    PERCENT = "percent"
    NUMBER = "number"
    COUNT = "count"
    YES_NO = "yes_no"
    KIND_CHOICES = [(PERCENT, gettext_lazy("Percentage")), (NUMBER, gettext_lazy("Number")), (COUNT, gettext_lazy("Count")), (YES_NO, gettext_lazy("Yes / no"))]

    HIGHER = "higher"
    LOWER = "lower"
    YES = "yes"
    NONE = "none"
    DIRECTION_CHOICES = [
        (HIGHER, gettext_lazy("Higher is better")),
        (LOWER, gettext_lazy("Lower is better")),
        (YES, gettext_lazy("Yes is better")),
        (NONE, gettext_lazy("No direction")),
    ]

    # How a value is computed from a numerator and a denominator, as the U4SSC
    # data collection template does it.
    DIRECT = "direct"
    TIMES_100 = "times_100"
    PER_100K = "per_100k"
    PER_CAPITA = "per_capita"
    RATIO = "ratio"
    CALCULATION_CHOICES = [
        (DIRECT, gettext_lazy("Typed directly")),
        (TIMES_100, gettext_lazy("Numerator / denominator × 100")),
        (PER_100K, gettext_lazy("Numerator / denominator × 100 000")),
        (PER_CAPITA, gettext_lazy("Numerator / population")),
        (RATIO, gettext_lazy("Numerator / denominator")),
    ]

    kpi = models.ForeignKey(KPI, on_delete=models.PROTECT, related_name="data_points")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60, blank=True)
    value_kind = models.CharField(max_length=8, choices=KIND_CHOICES)
    direction = models.CharField(max_length=8, choices=DIRECTION_CHOICES)
    calculation = models.CharField(max_length=12, choices=CALCULATION_CHOICES, default=DIRECT)
    default_denominator_is_population = models.BooleanField(default=False)
    min_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    order = models.PositiveSmallIntegerField()

    objects = DataPointQuerySet.as_manager()

    class Meta:
        ordering = list(CATALOGUE_ORDER)
        constraints = [models.UniqueConstraint(fields=["kpi", "name"], name="data_point_name_unique")]

    def __str__(self):
        return f"{self.kpi.code} {self.name}"

    @property
    def label(self):
        """The name the report prints: the KPI name, with the data point when they differ."""
        if self.name == self.kpi.name:
            return self.name
        return f"{self.kpi.name}: {self.name}"

    @property
    def is_yes_no(self):
        return self.value_kind == self.YES_NO


class Target(models.Model):
    """The benchmark target of one data point; a data point without one is not scored."""

    data_point = models.OneToOneField(DataPoint, on_delete=models.CASCADE, related_name="target")
    direction = models.CharField(max_length=8, choices=DataPoint.DIRECTION_CHOICES)
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    yes_no = models.BooleanField(null=True, blank=True, help_text="For yes/no data points: the value that meets the target")
    source = models.TextField(max_length=limits.CATALOGUE_TEXT)

    class Meta:
        ordering = ["data_point"]
        constraints = [limits.text_limit("source", limits.CATALOGUE_TEXT)]

    def __str__(self):
        return f"{self.data_point}: {self.text}"

    @property
    def text(self):
        return target_text(self.fields(), self.data_point.unit)

    def fields(self):
        """The target as a targets edition records it (TargetChange.before / after)."""
        return {
            "direction": self.direction,
            "value": None if self.value is None else format(self.value.normalize(), "f"),
            "yes_no": self.yes_no,
            "source": self.source,
        }


def target_text(fields, unit=""):
    """A target as people read it: "≥ 100 %", "≤ 0.5 t", "Yes"; "No target" for none."""
    if fields is None:
        return gettext("No target")
    if fields["direction"] == DataPoint.YES:
        return gettext("Yes") if fields["yes_no"] else gettext("No")
    sign = "≤" if fields["direction"] == DataPoint.LOWER else "≥"
    return f"{sign} {fields['value']} {unit}".strip()


class TargetsEdition(models.Model):
    """One numbered state of a catalogue edition's targets: every change of a target makes the next one.

    Number 1 is the initial load (the catalogue fixture, or the migration for a database that had
    targets before editions existed). A signed-off submission records the edition it was scored against.
    """

    catalogue = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="targets_editions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    # Empty for the initial load and for imports from the command line.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    reason = models.TextField(max_length=limits.REASON)

    class Meta:
        ordering = ["catalogue", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "number"], name="targets_edition_number_unique"),
            limits.text_limit("reason", limits.REASON),
        ]

    def __str__(self):
        return f"targets edition {self.number}"


class TargetChange(models.Model):
    """What one targets edition did to one data point's target; None before (added) or after (removed)."""

    edition = models.ForeignKey(TargetsEdition, on_delete=models.PROTECT, related_name="changes")
    data_point = models.ForeignKey(DataPoint, on_delete=models.PROTECT, related_name="target_changes")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["edition", *(f"data_point__{name}" for name in CATALOGUE_ORDER)]
        constraints = [models.UniqueConstraint(fields=["edition", "data_point"], name="target_change_unique")]

    def __str__(self):
        return f"{self.data_point}: {self.before_text} → {self.after_text}"

    @property
    def before_text(self):
        return target_text(self.before, self.data_point.unit)

    @property
    def after_text(self):
        return target_text(self.after, self.data_point.unit)


class TranslationChange(models.Model):
    """The secretariat corrected and/or confirmed one catalogue row's translation into one language:
    who, when, and the texts before and after ({"name": …, "unit": …})."""

    model = models.CharField(max_length=20)  # "dimension", "subdimension", "category", "kpi", "datapoint"
    object_id = models.PositiveIntegerField()
    language = models.CharField(max_length=8)
    before = models.JSONField()
    after = models.JSONField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.model} {self.object_id} ({self.language})"
