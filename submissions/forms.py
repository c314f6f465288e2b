"""Forms of the data entry pages: one value, the context figures, a new year, evidence, a spreadsheet."""
import datetime
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy as _

from kpis import limits
from kpis.models import DataPoint
from kpis.numbers import number_for_typing, read_number
from kpis.selectors import edition_current

from .evidence import check_upload
from .models import City, Submission, Value
from .services import ValueInput
from .spreadsheet import SPREADSHEET_MAX_BYTES, TOO_LARGE
from .validation import CONTEXT_FIELDS, compute_from_parts, context_check, read_answer, value_check
from .value_text import TYPED, number_typed, value_text

YES_NO_CHOICES = [("", _("— no answer yet —")), ("yes", _("Yes")), ("no", _("No"))]
QUALITY_CHOICES = [("", _("— choose —"))] + Value.QUALITY_CHOICES


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by its content (submissions.evidence)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if self.required and not files:
            raise ValidationError(gettext("Choose one or more files."), code="required")
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(check_upload(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        self.accepted = checked  # the files that passed, even when another was refused (kept by a failed save)
        if errors:
            raise ValidationError(errors)
        return checked


def calculation_hint(data_point, population=None):
    """What the U4SSC template asks for, in words, for the field's help text."""
    if data_point.is_yes_no:
        return gettext("Answer yes or no.")
    if not data_point.unit:
        if data_point.calculation == DataPoint.DIRECT:
            return gettext("Type the value as a number.")
        hint = gettext("Type the value as a number, or give numerator and denominator: %(calculation)s.") % {
            "calculation": data_point.get_calculation_display().lower()}
    elif data_point.calculation == DataPoint.DIRECT:
        return gettext("Type the value in %(unit)s.") % {"unit": data_point.unit}
    else:
        hint = gettext("Type the value in %(unit)s, or give numerator and denominator: %(calculation)s.") % {
            "unit": data_point.unit, "calculation": data_point.get_calculation_display().lower()}
    if data_point.default_denominator_is_population:
        shown = number_format(population, force_grouping=True) if population else gettext("not entered yet")
        hint += " " + gettext("The denominator defaults to the population (%(population)s).") % {"population": shown}
    return hint


def value_initial(value):
    return {
        "version": value.version,
        # In the language of the page: a French or Spanish field shows a decimal comma, read back as typed.
        "value": number_for_typing(value_text(value, form=TYPED)),
        "numerator": number_for_typing(number_typed(value.numerator)),
        "denominator": number_for_typing(number_typed(value.denominator)),
        "not_reported": value.not_reported,
        "not_reported_reason": value.not_reported_reason,
        "source": value.source,
        "data_quality": value.data_quality,
        "note": value.note,
    }


class ValueForm(forms.Form):
    """One data point's value, typed or as numerator and denominator, or "not reported" with a reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    value = forms.CharField(required=False, max_length=40)
    numerator = forms.CharField(required=False, max_length=40, label=_("Numerator"))
    denominator = forms.CharField(required=False, max_length=40, label=_("Denominator"))
    not_reported = forms.BooleanField(required=False, label=_("Not reported"))
    not_reported_reason = forms.CharField(
        required=False, label=_("Why it is not reported"), max_length=limits.REASON, widget=forms.Textarea(attrs={"rows": 2})
    )
    source = forms.CharField(required=False, max_length=limits.SOURCE, label=_("Source of the data"))
    data_quality = forms.ChoiceField(required=False, choices=QUALITY_CHOICES, label=_("Data quality"))
    note = forms.CharField(required=False, label=_("Note"), max_length=limits.NOTE, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = MultipleFileField(label=_("Attach evidence"),
                                 help_text=_("PDF, office documents, spreadsheets, CSV, text or images."))

    def __init__(self, data=None, files=None, *, value, population=None, with_files=True):
        self.instance = value
        self.population = population
        self.read_as = {}
        self.pending = []  # evidence kept from a save that failed (PendingUpload), set by the page
        self.data_point = dp = value.data_point
        super().__init__(data, files, prefix=f"v{value.pk}", initial=value_initial(value))
        unit = f" ({dp.unit})" if dp.unit and not dp.is_yes_no else ""
        self.fields["value"].label = f"{dp.name}{unit}"
        self.fields["value"].help_text = calculation_hint(dp, population)
        if dp.is_yes_no:
            self.fields["value"] = forms.ChoiceField(
                required=False, choices=YES_NO_CHOICES, label=dp.name, help_text=self.fields["value"].help_text,
                error_messages={"invalid_choice": gettext("Answer yes or no.")},
            )
        else:
            self.fields["value"].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        if dp.calculation == DataPoint.DIRECT:
            del self.fields["numerator"], self.fields["denominator"]
        else:
            for name in ("numerator", "denominator"):
                self.fields[name].widget.attrs.update({
                    "inputmode": "decimal", "autocomplete": "off", "aria-label": f"{dp.name}: {self.PART_NAMES[name]}",
                })
            if dp.default_denominator_is_population:
                self.fields["denominator"].help_text = gettext("Blank: the population.")
        if not with_files:
            del self.fields["evidence"]
        self.helper = self._helper()

    def _helper(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        first_row = [Column("value", css_class="col-md-4")]
        if "numerator" in self.fields:
            first_row += [Column("numerator", css_class="col-md-4"), Column("denominator", css_class="col-md-4")]
        layout = [
            Field("version"),
            Row(*first_row),
            Row(Column("not_reported", css_class="col-md-3 pt-md-4"), Column("not_reported_reason", css_class="col-md-9")),
            Row(Column("source", css_class="col-md-8"), Column("data_quality", css_class="col-md-4")),
            Field("note"),
        ]
        if "evidence" in self.fields:
            layout.append(Field("evidence"))
        # One group per data point: "Source of the data", "Note", "Attach evidence" are read with its name.
        # (crispy renders a legend as a template: the name goes in escaped, its braces as entities.)
        name = escape(self.legend).replace("{", "&#123;").replace("}", "&#125;").replace("%", "&#37;")
        legend = f'<span class="visually-hidden">{name}</span>'
        helper.layout = Layout(Fieldset(legend, *layout, css_class="entry-fieldset"))
        return helper

    @property
    def legend(self):
        return f"{self.data_point.kpi.code} {self.data_point.name}"

    @property
    def pending_name(self):
        return self.add_prefix("pending")

    @property
    def pending_remove_name(self):
        return self.add_prefix("pending_remove")

    # ---- fields

    def clean_value(self):
        number, yes_no, reading = read_answer(self.data_point, self.cleaned_data["value"])
        self._read_as("value", reading)
        return yes_no if self.data_point.is_yes_no else number

    def _clean_part(self, name):
        raw = self.cleaned_data.get(name, "")
        if not str(raw).strip():
            return None
        number, reading = read_number(raw)
        self._read_as(name, reading)
        return number

    def clean_numerator(self):
        return self._clean_part("numerator")

    def clean_denominator(self):
        return self._clean_part("denominator")

    def clean_not_reported_reason(self):
        return self.cleaned_data["not_reported_reason"].strip()

    # ---- the data point as a whole: what was typed, read into a ValueInput that value_set's check judges

    # The check's words for a box people tick rather than a reason they leave blank.
    REWORDED = {"both": _("Clear the value, or untick “not reported”: a data point has one or the other.")}
    PART_NAMES = {"numerator": _("numerator"), "denominator": _("denominator")}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        answer = data.get("value")
        number = None if self.data_point.is_yes_no else answer
        yes_no = answer if self.data_point.is_yes_no else None
        numerator, denominator = data.get("numerator"), data.get("denominator")
        if "numerator" in self.fields:
            number, numerator, denominator = self._from_parts(number, numerator, denominator)
        not_reported, reason = data["not_reported"], data["not_reported_reason"]
        if not not_reported and reason:
            if "not_reported_reason" in self.changed_data:
                self.add_error("not_reported", gettext("Tick “not reported” to give a reason, or clear the reason."))
            reason = ""  # the stored reason of a data point that is now reported
        if self.errors:
            return data
        value_input = ValueInput(
            number=number, yes_no=yes_no, numerator=numerator, denominator=denominator,
            not_reported=not_reported, not_reported_reason=reason,
            source=data["source"].strip(), data_quality=data["data_quality"], note=data["note"].strip(),
        )
        try:
            value_check(self.data_point, value_input)
        except ValidationError as refusal:
            for name, errors in refusal.error_dict.items():
                for error in errors:
                    self.add_error(name if name in self.fields else "value", self.REWORDED.get(error.code, error))
            return data
        self.value_input = value_input
        return data

    def _from_parts(self, number, numerator, denominator):
        """The value computed from numerator and denominator, as the U4SSC template does."""
        if numerator is None:
            # A denominator just typed alone: the check asks for the numerator; one left from before goes.
            alone = denominator is not None and number is None and "denominator" in self.changed_data
            return number, None, denominator if alone else None
        if denominator is None and self.data_point.default_denominator_is_population:
            if not self.population:
                self.add_error("denominator", gettext("Give the denominator, or enter the population in the context figures first."))
                return number, numerator, None
            denominator = Decimal(self.population)
        if denominator is None:
            return number, numerator, None  # the check asks for the denominator
        if number is not None and "value" in self.changed_data:
            if not {"numerator", "denominator"} & set(self.changed_data):
                return number, None, None  # a value typed over an earlier calculation replaces it
            return number, numerator, denominator  # both typed: the check says whether they agree
        try:
            return compute_from_parts(self.data_point, numerator, denominator), numerator, denominator
        except ValidationError:
            return number, numerator, denominator  # the check says what is wrong with the parts

    def _read_as(self, name, reading):
        """Say beside the field how a figure that could have been meant otherwise was read."""
        if reading:
            self.read_as[name] = reading
            self[name].help_text = (gettext("%(reading)s.") % {"reading": reading} + " "
                                    + str(self.fields[name].help_text)).strip()

    @property
    def readings(self):
        """How such figures were read, for the message after saving."""
        return [gettext("%(data_point)s: %(reading)s.") % {"data_point": self.data_point.name, "reading": reading}
                for reading in self.read_as.values()]

    @property
    def uploads(self):
        return self.cleaned_data.get("evidence", []) if "evidence" in self.fields else []

    @property
    def value_changed(self):
        return bool(set(self.changed_data) - {"version", "evidence"})


class ContextForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = list(CONTEXT_FIELDS)
        # The decimal figures are typed with the language's decimal separator (a comma in French and Spanish).
        localized_fields = ("land_area_km2", "gdp")
        labels = {"population": _("Population"), "households": _("Households"), "land_area_km2": _("Land area (km²)"),
                  "gdp": _("City GDP"), "gdp_currency": _("GDP currency")}
        help_texts = {
            "population": _("The denominator of per-capita and per 100 000 inhabitants rates, unless you give another."),
            "gdp_currency": _("Three letters, e.g. NOK, EUR, USD."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("population", css_class="col-md-4"), Column("households", css_class="col-md-4"),
                Column("land_area_km2", css_class="col-md-4")),
            Row(Column("gdp", css_class="col-md-8"), Column("gdp_currency", css_class="col-md-4")),
        )
        if self.instance.context_from_year:
            for name in CONTEXT_FIELDS:
                field = self.fields[name]
                field.help_text = " ".join(filter(None, [
                    gettext("From %(year)s.") % {"year": self.instance.context_from_year}, str(field.help_text)]))

    def clean_gdp_currency(self):
        return self.cleaned_data["gdp_currency"].strip().upper()

    def clean(self):
        """submission_context_set's own check, its messages beside the fields."""
        data = super().clean()
        try:
            context_check({name: data[name] for name in CONTEXT_FIELDS if name in data})
        except ValidationError as refusal:
            for name, errors in refusal.error_dict.items():
                if name not in self.errors:
                    self.add_error(name, errors)
        return data


class NewSubmissionForm(ContextForm):
    """Start a new year: which city, which year, and that year's context figures."""

    city = forms.ModelChoiceField(queryset=City.objects.none(), empty_label=None, label=_("City"))
    year = forms.IntegerField(min_value=1990, label=_("Year"))

    class Meta(ContextForm.Meta):
        fields = ["city", "year"] + ContextForm.Meta.fields
        labels = ContextForm.Meta.labels

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.filter(memberships__user=user)
        self.fields["year"].initial = datetime.date.today().year - 1
        self.helper.layout.fields[:0] = [Row(Column("city", css_class="col-md-8"), Column("year", css_class="col-md-4"))]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > datetime.date.today().year:
            raise ValidationError(gettext("The year cannot be in the future."))
        return year

    def clean(self):
        data = super().clean()
        city, year = data.get("city"), data.get("year")
        if city and year and Submission.objects.filter(city=city, year=year, edition=edition_current()).exists():
            self.add_error("year", gettext("%(city)s already has a submission for %(year)s.") % {"city": city.name, "year": year})
        return data

    def validate_unique(self):
        """The edition is chosen by the site, so uniqueness is checked in clean()."""


class EvidenceForm(forms.Form):
    """Files for the whole submission or for one of its data points."""

    value = forms.ModelChoiceField(
        queryset=Value.objects.none(), required=False, empty_label=_("The whole submission"), label=_("Evidence for")
    )
    files = MultipleFileField(label=_("Files"), required=True,
                              help_text=_("One or more PDF, office documents, spreadsheets, CSV, text or images."))

    pending_name = "pending"
    pending_remove_name = "pending_remove"

    def __init__(self, *args, values, **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = []  # files kept from a save that failed (PendingUpload), set by pending_set
        self.fields["value"].queryset = values
        self.fields["value"].label_from_instance = lambda v: f"{v.data_point.kpi.code} — {v.data_point.name}"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def pending_set(self, items):
        """Files kept from a save that failed: they count as chosen, so choosing more is optional."""
        self.pending = list(items)
        self.fields["files"].required = not self.pending

    def accepted_files(self):
        """The chosen files that passed their check, whatever else is wrong with the form."""
        self.is_valid()
        return getattr(self.fields["files"], "accepted", [])


class SpreadsheetForm(forms.Form):
    file = forms.FileField(label=_("Filled-in spreadsheet (.xlsx or .csv)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError(gettext("Upload the template as .xlsx or .csv."))
        if upload.size > SPREADSHEET_MAX_BYTES:
            raise ValidationError(TOO_LARGE)
        return upload
