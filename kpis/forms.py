"""The console's catalogue forms (targets, SDG mappings): they read what was typed; kpis.services decides what is allowed."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from . import limits
from .models import KPI, DataPoint, Edition
from .numbers import number_for_typing, read_number
from .targets import COLUMNS

TARGET_FILE_LIMIT = 2 * 1024 * 1024
YES_NO_CHOICES = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]
REASON_HELP = gettext_lazy("Why the targets change: kept with the new targets edition and shown in its history.")


def _reason_field():
    # Not required here: the service says what a missing reason needs, beside this field.
    return forms.CharField(label=gettext_lazy("Reason for the change"), required=False, max_length=limits.REASON,
                           help_text=REASON_HELP, widget=forms.Textarea(attrs={"rows": 2}))


class ServiceErrorsMixin:
    def add_service_errors(self, error):
        """The service's ValidationError, each message beside its field (or above the form)."""
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)


class TargetForm(ServiceErrorsMixin, forms.Form):
    direction = forms.ChoiceField(choices=[choice for choice in DataPoint.DIRECTION_CHOICES
                                           if choice[0] in (DataPoint.HIGHER, DataPoint.LOWER)])
    value = forms.CharField(label=gettext_lazy("Target"), required=False, max_length=40,
                            help_text=gettext_lazy("A number with a dot for decimals, in the data point's unit."))
    yes_no = forms.ChoiceField(label=gettext_lazy("Target"), choices=YES_NO_CHOICES, widget=forms.RadioSelect,
                               help_text=gettext_lazy("The answer that meets the target."))
    source = forms.CharField(label=gettext_lazy("Source of the target"), required=False, max_length=limits.CATALOGUE_TEXT,
                             widget=forms.Textarea(attrs={"rows": 2}))
    reason = _reason_field()

    def __init__(self, *args, data_point, **kwargs):
        self.data_point = data_point
        target = getattr(data_point, "target", None)
        if target is not None:
            kwargs.setdefault("initial", {
                "direction": target.direction, "source": target.source,
                "value": "" if target.value is None else number_for_typing(format(target.value.normalize(), "f")),
                "yes_no": "yes" if target.yes_no else "no",
            })
        super().__init__(*args, **kwargs)
        if data_point.is_yes_no:
            del self.fields["direction"], self.fields["value"]
        else:
            del self.fields["yes_no"]
            if data_point.unit:
                self.fields["value"].help_text = gettext("A number in %(unit)s.") % {"unit": data_point.unit}

    def clean_value(self):
        """Read as the page's language writes numbers (kpis.numbers.read_number): 82,5 in French and Spanish."""
        typed = self.cleaned_data["value"].strip()
        if not typed:
            return None
        number, _ = read_number(typed)
        return number

    def target_fields(self):
        """What the form says, as target_set takes it."""
        data = self.cleaned_data
        if self.data_point.is_yes_no:
            return {"direction": DataPoint.YES, "value": None, "yes_no": data["yes_no"] == "yes",
                    "source": data["source"]}
        return {"direction": data["direction"], "value": data["value"], "yes_no": None, "source": data["source"]}


class TargetRemoveForm(ServiceErrorsMixin, forms.Form):
    reason = _reason_field()


class TargetImportForm(ServiceErrorsMixin, forms.Form):
    edition = forms.ModelChoiceField(label=gettext_lazy("Catalogue edition"), queryset=Edition.objects.all(), empty_label=None)
    file = forms.FileField(label=gettext_lazy("File"), help_text=format_lazy(gettext_lazy(
        "A .csv or .xlsx file with the columns {columns}, as the reference targets.csv. "
        "The data points it names (by their English names) get these targets; the others keep theirs."),
        columns=", ".join(COLUMNS)))
    reason = _reason_field()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(gettext("Upload a .csv or .xlsx file."))
        if upload.size > TARGET_FILE_LIMIT:
            raise forms.ValidationError(gettext("The file is over 2 MB; a targets file is a few kilobytes."))
        return upload


class SdgMappingForm(forms.Form):
    sdgs = forms.CharField(label=gettext_lazy("Linked SDGs"), max_length=KPI._meta.get_field("sdgs").max_length, required=False,
                           help_text=gettext_lazy("Goal numbers from 1 to 17, separated by “;”, e.g. 9;17."))
    sdg_targets = forms.CharField(label=gettext_lazy("SDG targets"), max_length=KPI._meta.get_field("sdg_targets").max_length,
                                  required=False, help_text=gettext_lazy("Separated by “;”, e.g. 9.c;17.8."))
    iso37120 = forms.CharField(label=gettext_lazy("ISO 37120 indicator"), max_length=KPI._meta.get_field("iso37120").max_length,
                               required=False)


class TranslationForm(ServiceErrorsMixin, forms.Form):
    """One catalogue row's translation into one language: name, and unit and definition where the row has them."""

    LABELS = {"name": gettext_lazy("Name"), "unit": gettext_lazy("Unit"), "definition": gettext_lazy("Definition")}

    def __init__(self, *args, row, fields, language, **kwargs):
        super().__init__(*args, **kwargs)
        for field in fields:
            english = getattr(row, f"{field}_en") or ""
            if field != "name" and not english:
                continue
            widget = forms.Textarea(attrs={"rows": 4}) if field == "definition" else forms.TextInput(
                attrs={"dir": "auto", "lang": language})
            if field == "definition":
                widget.attrs.update({"dir": "auto", "lang": language})
            self.fields[field] = forms.CharField(
                label=self.LABELS[field], required=False, initial=getattr(row, f"{field}_{language}") or "",
                help_text=gettext("In English: %(text)s") % {"text": english},
                max_length=row._meta.get_field(f"{field}_{language}").max_length)
            self.fields[field].widget = widget
