"""The form that chooses two issued versions of a submission to compare."""
from django import forms
from django.utils.translation import gettext, gettext_lazy


class VersionsCompareForm(forms.Form):
    older = forms.TypedChoiceField(label=gettext_lazy("Compare version"), coerce=int)
    newer = forms.TypedChoiceField(label=gettext_lazy("with version"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, gettext("Version %(number)s") % {"number": number}) for number in numbers]
        self.fields["older"].choices = self.fields["newer"].choices = choices
        if len(numbers) >= 2:
            self.fields["older"].initial, self.fields["newer"].initial = numbers[-2], numbers[-1]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("older") is not None and cleaned.get("older") == cleaned.get("newer"):
            self.add_error("newer", gettext("Choose two different versions."))
        return cleaned
