"""The catalogue's names, units and definitions in each language (django-modeltranslation).

Each registered field gets one column per language (name_en, name_fr, name_es, name_ar); reading
`name` gives the active language's text, or the English one where a translation is missing. Files
and the open data are keyed by the English text: `name_en` (see CatalogueTranslated.key_name).
"""
from modeltranslation.translator import TranslationOptions, register

from .models import KPI, Category, DataPoint, Dimension, SubDimension


@register(Dimension)
class DimensionTranslation(TranslationOptions):
    fields = ("name",)


@register(SubDimension)
class SubDimensionTranslation(TranslationOptions):
    fields = ("name",)


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(KPI)
class KPITranslation(TranslationOptions):
    fields = ("name", "unit", "definition")


@register(DataPoint)
class DataPointTranslation(TranslationOptions):
    fields = ("name", "unit")
