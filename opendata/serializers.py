"""What the API answers for each kind of object; values take their columns from opendata.columns."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kpis import scoring
from kpis.models import KPI, Category, DataPoint, Dimension, Edition
from submissions.models import City, Submission

from . import columns


class EditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Edition
        fields = ["id", "name", "year", "is_current"]


class DimensionSerializer(serializers.ModelSerializer):
    edition = serializers.CharField(source="edition.name")

    class Meta:
        model = Dimension
        fields = ["id", "code", "name", "order", "edition"]


class CategorySerializer(serializers.ModelSerializer):
    dimension = serializers.CharField(source="dimension.code")
    edition = serializers.CharField(source="dimension.edition.name")

    class Meta:
        model = Category
        fields = ["id", "name", "dimension", "order", "edition"]


class TargetField(serializers.Field):
    """A data point's current target: a number, or yes / no; null when it has none."""

    def to_representation(self, data_point):
        target = getattr(data_point, "target", None)
        if target is None:
            return None
        shown = ("no" if target.yes_no is False else "yes") if target.direction == scoring.YES else str(target.value.normalize())
        return {"direction": target.direction, "value": shown, "source": target.source}


extend_schema_field({"type": "object", "nullable": True, "properties": {
    "direction": {"type": "string"}, "value": {"type": "string"}, "source": {"type": "string"}}})(TargetField)


class DataPointSerializer(serializers.ModelSerializer):
    kpi = serializers.CharField(source="kpi.code")
    edition = serializers.CharField(source="kpi.category.dimension.edition.name")
    target = TargetField(source="*")

    class Meta:
        model = DataPoint
        fields = ["id", "kpi", "name", "unit", "value_kind", "direction", "min_value", "max_value", "target", "edition"]


class KpiDataPointSerializer(DataPointSerializer):
    class Meta(DataPointSerializer.Meta):
        fields = ["id", "name", "unit", "value_kind", "direction", "target"]


class KpiSerializer(serializers.ModelSerializer):
    dimension = serializers.CharField(source="category.dimension.code")
    category = serializers.CharField(source="category.name")
    subdimension = serializers.CharField(source="subdimension.name")
    edition = serializers.CharField(source="category.dimension.edition.name")
    sdgs = serializers.ListField(source="sdg_goals", child=serializers.IntegerField(),
                                 help_text="The SDGs the KPI is linked to.")
    sdg_targets = serializers.ListField(source="sdg_target_list", child=serializers.CharField())
    sdg_provisional = serializers.BooleanField(source="sdg_is_provisional",
                                               help_text="True until the U4SSC text or the secretariat confirms the SDG mapping.")
    data_points = KpiDataPointSerializer(many=True)

    class Meta:
        model = KPI
        fields = ["id", "code", "name", "type", "unit", "definition", "dimension", "subdimension", "category",
                  "sdgs", "sdg_targets", "sdg_source", "sdg_provisional", "iso37120", "edition", "data_points"]


class CitySerializer(serializers.ModelSerializer):
    sample_data = serializers.BooleanField(source="is_sample", help_text="A fictional sample city: its figures are invented.")
    published_years = serializers.SerializerMethodField()

    class Meta:
        model = City
        fields = ["slug", "name", "country", "sample_data", "published_years"]

    def get_published_years(self, city) -> list[int]:
        return [submission.year for submission in city.published_submissions]


class SubmissionSerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.slug")
    city_name = serializers.CharField(source="city.name")
    country = serializers.CharField(source="city.country")
    sample_data = serializers.BooleanField(source="city.is_sample")
    edition = serializers.CharField(source="edition.name")
    overall_percent_of_target = serializers.SerializerMethodField()
    overall_band = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = ["id", "city", "city_name", "country", "sample_data", "year", "edition", "population", "households",
                  "land_area_km2", "gdp", "gdp_currency", "overall_percent_of_target", "overall_band"]

    def _aggregate(self, submission):
        return scoring.Aggregate(points=submission.points or 0, max_points=scoring.MAX_POINTS * submission.scored)

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_overall_percent_of_target(self, submission):
        return scoring.percent_rounded(self._aggregate(submission).percent, 2)

    def get_overall_band(self, submission) -> int | None:
        return self._aggregate(submission).band


SCHEMA_TYPES = {"string": OpenApiTypes.STR, "integer": OpenApiTypes.INT, "number": OpenApiTypes.DECIMAL,
                "boolean": OpenApiTypes.BOOL}


class ColumnField(serializers.Field):
    """One column of opendata.columns, read from the whole value."""

    def __init__(self, column, **kwargs):
        self.column = column
        super().__init__(source="*", read_only=True, help_text=column.description, **kwargs)

    def to_representation(self, value):
        return self.column.read(value)


class ValueSerializer(serializers.Serializer):
    """A published value: the columns of the bulk CSV (opendata.columns.COLUMNS)."""

    def get_fields(self):
        fields = {}
        for column in columns.COLUMNS:
            field = ColumnField(column, allow_null=True)
            extend_schema_field(SCHEMA_TYPES[column.type])(field)
            fields[column.name] = field
        return fields
