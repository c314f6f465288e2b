"""The secretariat's form for a KPI's SDG mapping; kpis.services.kpi_sdg_confirm validates it."""
from django import forms

from .models import KPI


class SdgMappingForm(forms.Form):
    sdgs = forms.CharField(label="Linked SDGs", max_length=KPI._meta.get_field("sdgs").max_length, required=False,
                           help_text="Goal numbers from 1 to 17, separated by “;”, e.g. 9;17.")
    sdg_targets = forms.CharField(label="SDG targets", max_length=KPI._meta.get_field("sdg_targets").max_length,
                                  required=False, help_text="Separated by “;”, e.g. 9.c;17.8.")
    iso37120 = forms.CharField(label="ISO 37120 indicator", max_length=KPI._meta.get_field("iso37120").max_length,
                               required=False)
