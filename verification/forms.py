"""Forms of the verification pages."""
import datetime

from django import forms
from django.contrib.auth import get_user_model

from kpis import limits
from submissions import roles

from .models import SignOff

CERTIFICATION = "Certified U4SSC Key Performance Indicators for Smart Sustainable Cities Verifier"
ACTIVITIES = "\n".join([
    "collecting and reviewing KPI data",
    "interviewing city stakeholders",
    "verifying that the data were submitted in conformity with the requirements of the "
    "Collection Methodology for Key Performance Indicators for Smart Sustainable Cities",
    "preparing the Verification Report",
])


class AssignForm(forms.Form):
    verifier = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Verifier")

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verifier"].queryset = (
            get_user_model().objects.filter(groups__name=roles.VERIFIER, is_active=True)
            .exclude(assignments__submission=submission).order_by("last_name", "first_name", "username")
        )
        self.fields["verifier"].label_from_instance = lambda user: user.get_full_name() or user.username


class ReviewForm(forms.Form):
    """One data point's verdict or query, with the versions the verifier was shown."""

    ACTIONS = [("verified", "Verified"), ("not_verified", "Not verified"), ("query", "Query")]

    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(required=False, max_length=limits.MESSAGE, widget=forms.Textarea)
    question = forms.CharField(required=False, max_length=limits.MESSAGE, widget=forms.Textarea)
    version = forms.IntegerField(min_value=0)
    review_version = forms.IntegerField(min_value=0)

    def clean(self):
        data = super().clean()
        if data.get("action") == "not_verified" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why this data point is not verified.")
        if data.get("action") == "query" and not (data.get("question") or "").strip():
            self.add_error("question", "Write the question for the city.")
        return data


class AnswerForm(forms.Form):
    body = forms.CharField(label="Your answer", max_length=limits.MESSAGE, widget=forms.Textarea(attrs={"rows": 4}))


class FollowUpForm(forms.Form):
    question = forms.CharField(label="Ask again", max_length=limits.MESSAGE, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    review_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SignOffForm(forms.ModelForm):
    class Meta:
        model = SignOff
        fields = ["verifier_name", "certification", "verified_on", "activities", "assurance_level", "limitations"]
        labels = {"verifier_name": "Verifier's name", "verified_on": "Date of verification"}
        help_texts = {
            "activities": "One activity per line; the report lists them.",
            "limitations": "Leave empty when no limitation impacted the verification.",
        }
        widgets = {
            "verified_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "activities": forms.Textarea(attrs={"rows": 5}),
            "limitations": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_verified_on(self):
        verified_on = self.cleaned_data["verified_on"]
        if verified_on > datetime.date.today():
            raise forms.ValidationError("The date of verification cannot be in the future.")
        return verified_on


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Why it is reopened", max_length=limits.REASON,
                             widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why the publication is withdrawn", max_length=limits.REASON,
                             widget=forms.Textarea(attrs={"rows": 3}))
