"""The programme's forms: the dashboard's filters, a cycle, and inviting cities to a cycle."""
from django import forms

from submissions.models import City, Cycle, Submission

from . import selectors


class DashboardFilterForm(forms.Form):
    cycle = forms.ModelChoiceField(Cycle.objects.all(), required=False, empty_label="All cycles")
    state = forms.ChoiceField(choices=[("", "All states")] + Submission.STATE_CHOICES, required=False)
    country = forms.ChoiceField(required=False)
    verifier = forms.ModelChoiceField(selectors.verifiers(), required=False, empty_label="All verifiers")
    overdue = forms.BooleanField(required=False, label="Overdue only")
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                             choices=[("", "")] + [(f"{sign}{key}", key) for key in selectors.SORTS for sign in ("", "-")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "All countries")] + [(c, c) for c in selectors.countries()]
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


class InviteForm(forms.Form):
    cities = forms.ModelMultipleChoiceField(City.objects.all(), widget=forms.CheckboxSelectMultiple,
                                            error_messages={"required": "Choose at least one city."})
