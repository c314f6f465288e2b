"""Forms of the verification pages."""
import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from kpis import limits
from submissions import cross_checks, roles

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
    verifier = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label=_("Verifier"))

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verifier"].queryset = (
            get_user_model().objects.filter(groups__name=roles.VERIFIER, is_active=True)
            .exclude(assignments__submission=submission).order_by("last_name", "first_name", "username")
        )
        self.fields["verifier"].label_from_instance = lambda user: user.get_full_name() or user.username


class ReviewForm(forms.Form):
    """One data point's verdict, query, return for correction or flag override, with the versions the verifier was shown."""

    ACTIONS = [("verified", _("Verified")), ("not_verified", _("Not verified")), ("query", _("Query")),
               ("return", _("Return for correction")), ("override", _("Acknowledge the flag"))]
    # What each action needs written in the one message box.
    MESSAGE_NEEDED = {
        "not_verified": _("Say why this data point is not verified."),
        "query": _("Write the question for the city."),
        "return": _("Say what the city should correct."),
        "override": _("Say why this flag is fine."),
    }

    action = forms.ChoiceField(choices=ACTIONS)
    message = forms.CharField(required=False, max_length=limits.MESSAGE, widget=forms.Textarea)
    check = forms.ChoiceField(required=False, choices=[(c.key, c.title) for c in cross_checks.CHECKS])
    version = forms.IntegerField(min_value=0)
    review_version = forms.IntegerField(min_value=0)

    def clean(self):
        data = super().clean()
        needed = self.MESSAGE_NEEDED.get(data.get("action"))
        if needed and not (data.get("message") or "").strip():
            self.add_error("message", needed)
        if data.get("action") == "override" and not data.get("check"):
            self.add_error("check", _("Choose the flag to acknowledge."))
        return data


class FindingsForm(forms.Form):
    comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=limits.SIGN_OFF_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your findings on the submission as a whole; the report's section 8 prints them."))


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), max_length=limits.MESSAGE, widget=forms.Textarea(attrs={"rows": 4}))


class FollowUpForm(forms.Form):
    question = forms.CharField(label=_("Ask again"), max_length=limits.MESSAGE, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    review_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SignOffForm(forms.ModelForm):
    class Meta:
        model = SignOff
        fields = ["verifier_name", "certification", "verified_on", "activities", "assurance_level", "limitations"]
        labels = {"verifier_name": _("Verifier's name"), "certification": _("Certification"),
                  "verified_on": _("Date of verification"), "activities": _("Activities"),
                  "assurance_level": _("Assurance level"), "limitations": _("Limitations")}
        help_texts = {
            "activities": _("One activity per line; the report lists them."),
            "limitations": _("Leave empty when no limitation impacted the verification."),
        }
        widgets = {
            "verified_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "activities": forms.Textarea(attrs={"rows": 5}),
            "limitations": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_verified_on(self):
        verified_on = self.cleaned_data["verified_on"]
        if verified_on > datetime.date.today():
            raise forms.ValidationError(_("The date of verification cannot be in the future."))
        return verified_on


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why it is reopened"), max_length=limits.REASON,
                             widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why the publication is withdrawn"), max_length=limits.REASON,
                             widget=forms.Textarea(attrs={"rows": 3}))
