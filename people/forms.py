"""Forms of the people console; each is an adapter over the service that validates and writes."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.contrib.auth import get_user_model

from submissions import roles
from submissions.models import City


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class CityForm(forms.Form):
    name = City._meta.get_field("name").formfield()
    country = City._meta.get_field("country").formfield()
    slug = City._meta.get_field("slug").formfield(
        help_text="Lower-case letters, digits and hyphens; it appears in addresses and commands, e.g. alesund.")
    population_band = forms.ChoiceField(choices=[("", "Choose…")] + City.POPULATION_BANDS)
    currency = forms.CharField(max_length=3, help_text=City._meta.get_field("currency").help_text)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("name", css_class="col-md-6"), Column("country", css_class="col-md-6")),
                              Row(Column("slug", css_class="col-md-6")),
                              Row(Column("population_band", css_class="col-md-6"),
                                  Column("currency", css_class="col-md-3")))

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        City._meta.get_field("currency").run_validators(currency)
        return currency

    def clean_slug(self):
        return self.cleaned_data["slug"].strip().lower()


ROLE_CHOICES = [("", "Choose…")] + [(role, role) for role in roles.ROLES]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)
    cities = forms.ModelMultipleChoiceField(
        queryset=City.objects.order_by("name"), required=False,
        help_text="City staff only: the cities whose data they enter (hold Ctrl or ⌘ to choose several).",
        widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class InviteForm(RoleForm):
    email = forms.CharField(label="E-mail address", max_length=254,
                            help_text="The invitation goes here; it is also the person's user name.")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    field_order = ["email", "first_name", "last_name", "role", "cities"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("email", Row(Column("first_name", css_class="col-md-6"),
                                           Column("last_name", css_class="col-md-6")), "role", "cities")


class CodeForm(forms.Form):
    code = forms.CharField(label="Code", max_length=16, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class PeopleFilterForm(forms.Form):
    role = forms.ChoiceField(choices=[("", "Every role")] + [(role, role) for role in roles.ROLES], required=False)
    city = forms.ModelChoiceField(queryset=City.objects.order_by("name"), required=False, empty_label="Every city")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.get_full_name()} ({person.username})" if person.get_full_name() else person.username


class AuditFilterForm(forms.Form):
    person = PersonChoiceField(queryset=get_user_model().objects.order_by("last_name", "first_name", "username"),
                               required=False, empty_label="Everyone")
    city = forms.ModelChoiceField(queryset=City.objects.order_by("name"), required=False, empty_label="Every city")
