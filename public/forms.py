"""The comparison's choices, read from the query string: a GET form that works without JavaScript."""
from django import forms
from django.utils.translation import gettext_lazy as _

from submissions.models import City

SORT_CHOICES = [(key, key) for name in ("city", "country", "year", "value") for key in (name, f"-{name}")]


class CompareForm(forms.Form):
    measure = forms.ChoiceField(label=_("Data point or score"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None,
                                  help_text=_("Empty: each city's latest year."))
    population_band = forms.ChoiceField(label=_("Population band"), required=False,
                                        choices=[("", _("All population bands")), *City.POPULATION_BANDS],
                                        help_text=_("The band the secretariat gives the city."))
    population_min = forms.IntegerField(label=_("Population from"), min_value=0, required=False,
                                        help_text=_("From the population the city reported for that year."))
    population_max = forms.IntegerField(label=_("Population up to"), min_value=0, required=False)
    city = forms.ChoiceField(label=_("Compare this city"), required=False)
    peers = forms.MultipleChoiceField(label=_("with these cities (its peer group)"), required=False,
                                      widget=forms.CheckboxSelectMultiple)
    signed_off = forms.BooleanField(label=_("Include signed-off data not yet published"), required=False)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)

    def __init__(self, data, *, measures, cities, countries, years, may_include_signed_off):
        super().__init__(data)
        self.fields["measure"].choices = [("", _("Choose…")), *measures]
        self.fields["country"].choices = [("", _("All countries")), *((c, c) for c in countries)]
        self.fields["year"].choices = [("", _("Latest")), *((y, y) for y in years)]
        city_choices = [(city.slug, f"{city.name}, {city.country}") for city in cities]
        self.fields["city"].choices = [("", _("No city chosen")), *city_choices]
        self.fields["peers"].choices = city_choices
        if not may_include_signed_off:
            del self.fields["signed_off"]
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            elif isinstance(field.widget, forms.NumberInput):
                field.widget.attrs["class"] = "form-control"
            if self.is_bound and name in self.errors:
                field.widget.attrs["class"] = field.widget.attrs.get("class", "") + " is-invalid"
                field.widget.attrs["aria-describedby"] = f"id_{name}_error"

    def clean(self):
        data = super().clean()
        low, high = data.get("population_min"), data.get("population_max")
        if low is not None and high is not None and low > high:
            self.add_error("population_max", _("The upper bound must not be below the lower one."))
        if data.get("peers") and not data.get("city"):
            self.add_error("city", _("Choose the city to compare with its peer group."))
        return data
