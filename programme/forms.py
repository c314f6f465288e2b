"""The programme's forms: the dashboard's filters, a cycle, and inviting cities to a cycle."""
from django import forms
from django.utils.translation import gettext_lazy as _

from submissions.models import City, Cycle, Submission

from . import selectors


class DashboardFilterForm(forms.Form):
    cycle = forms.ModelChoiceField(Cycle.objects.all(), required=False, empty_label=_("All cycles"), label=_("Cycle"))
    state = forms.ChoiceField(choices=[("", _("All states"))] + Submission.STATE_CHOICES, required=False,
                              label=_("State"))
    country = forms.ChoiceField(required=False, label=_("Country"))
    verifier = forms.ModelChoiceField(selectors.verifiers(), required=False, empty_label=_("All verifiers"), label=_("Verifier"))
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                             choices=[("", "")] + [(f"{sign}{key}", key) for key in selectors.SORTS for sign in ("", "-")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries"))] + [(c, c) for c in selectors.countries()]
        self.fields["verifier"].label_from_instance = lambda user: user.get_full_name() or user.username

    def filters(self):
        """The filters asked for; a choice that is not valid is left out (the form says why)."""
        data = self.cleaned_data if self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}
        return selectors.Filters(cycle=data.get("cycle"), state=data.get("state", ""),
                                 country=data.get("country", ""), verifier=data.get("verifier"),
                                 overdue=bool(data.get("overdue")), sort=data.get("sort", ""))


class DateInput(forms.DateInput):
    input_type = "date"


class CycleForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["name", "year", "edition", "opens_on", "submission_deadline", "verification_deadline"]
        widgets = {name: DateInput for name in ("opens_on", "submission_deadline", "verification_deadline")}
        labels = {"name": _("Name"), "year": _("Reporting year"), "edition": _("Catalogue edition"),
                  "opens_on": _("Opening date"), "submission_deadline": _("Submission deadline"),
                  "verification_deadline": _("Verification deadline")}


class InviteForm(forms.Form):
    cities = forms.ModelMultipleChoiceField(City.objects.all(), widget=forms.CheckboxSelectMultiple,
                                            label=_("Cities"),
                                            error_messages={"required": _("Choose at least one city.")})
