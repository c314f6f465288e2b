"""Forms of the people console; each is an adapter over the service that validates and writes."""
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from submissions import roles
from submissions.models import City

from .selectors import role_label


def _helper(*layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    return helper


class CityForm(forms.Form):
    name = City._meta.get_field("name").formfield(label=_("Name"))
    country = City._meta.get_field("country").formfield(label=_("Country"))
    slug = City._meta.get_field("slug").formfield(
        label=_("Slug"),
        help_text=_("Lower-case letters, digits and hyphens; it appears in addresses and commands, e.g. alesund."))
    population_band = forms.ChoiceField(label=_("Population band"),
                                        choices=[("", _("Choose…"))] + City.POPULATION_BANDS)
    currency = forms.CharField(label=_("Currency"), max_length=3, help_text=_(
        "ISO 4217 code: three capital letters, e.g. NOK, EUR, USD."))
    report_language = forms.ChoiceField(label=_("Report language"), choices=settings.LANGUAGES, initial="en",
                                        help_text=_("The language its verification reports are rendered in."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("name", css_class="col-md-6"), Column("country", css_class="col-md-6")),
                              Row(Column("slug", css_class="col-md-6")),
                              Row(Column("population_band", css_class="col-md-6"),
                                  Column("currency", css_class="col-md-3")),
                              Row(Column("report_language", css_class="col-md-6")))

    def clean_currency(self):
        currency = self.cleaned_data["currency"].strip().upper()
        City._meta.get_field("currency").run_validators(currency)
        return currency

    def clean_slug(self):
        return self.cleaned_data["slug"].strip().lower()


ROLE_CHOICES = [("", _("Choose…"))] + [(role, role_label(role)) for role in roles.ROLES]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    cities = forms.ModelMultipleChoiceField(
        queryset=City.objects.order_by("name"), required=False, label=_("Cities"),
        help_text=_("City staff only: the cities whose data they enter (hold Ctrl or ⌘ to choose several)."),
        widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class InviteForm(RoleForm):
    email = forms.CharField(label=_("E-mail address"), max_length=254,
                            help_text=_("The invitation goes here; it is also the person's user name."))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    field_order = ["email", "first_name", "last_name", "role", "cities"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("email", Row(Column("first_name", css_class="col-md-6"),
                                           Column("last_name", css_class="col-md-6")), "role", "cities")


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=16, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class PeopleFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False,
                             choices=[("", _("Every role"))] + [(role, role_label(role)) for role in roles.ROLES])
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.order_by("name"), required=False,
                                  empty_label=_("Every city"))


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.get_full_name()} ({person.username})" if person.get_full_name() else person.username


class AuditFilterForm(forms.Form):
    person = PersonChoiceField(queryset=get_user_model().objects.order_by("last_name", "first_name", "username"),
                               required=False, empty_label=_("Everyone"), label=_("Person"))
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.order_by("name"), required=False,
                                  empty_label=_("Every city"))
