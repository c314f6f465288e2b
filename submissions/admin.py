"""Cities, memberships and submissions in the admin, for the secretariat.

Values are read-mostly: an answer changed here goes through value_set like any other
save (history, rescoring, review reset, event), and never once signed off; context figures
go through submission_context_set. Both decide again, under the submission's lock, whether
the change is still allowed. Evidence and the event log are read-only.
"""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from . import roles

from .models import City, Event, Evidence, Membership, Submission, Value
from .services import ALL_FIELDS, NotAllowed, StaleValue, ValueInput, submission_context_set, value_set
from .forms import ContextForm
from .validation import value_check


class SecretariatOnly:
    def has_module_permission(self, request):
        return roles.is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_add_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)


class SavedThroughAService:
    """save_model calls a service; when it refuses, the page says why and not that the change was saved."""

    def service_save(self, request, save):
        try:
            save()
        except (NotAllowed, StaleValue) as refusal:
            request.refused_by_service = True
            message = str(refusal) if isinstance(refusal, NotAllowed) else (
                gettext("Someone else changed this value meanwhile; nothing was saved."))
            messages.error(request, message)

    def response_change(self, request, obj):
        if getattr(request, "refused_by_service", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def log_change(self, request, obj, message):
        if getattr(request, "refused_by_service", False):
            return None  # nothing changed, so nothing goes in the admin's log
        return super().log_change(request, obj, message)


class ReadOnly(SecretariatOnly):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(SecretariatOnly, admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(City)
class CityAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ["name", "country", "slug"]
    search_fields = ["name", "country", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ["user", "city"]
    list_select_related = ["user", "city"]
    autocomplete_fields = ["user", "city"]


@admin.register(Submission)
class SubmissionAdmin(SavedThroughAService, SecretariatOnly, admin.ModelAdmin):
    """Context figures may be corrected here; the state moves only through the site's pages."""

    form = ContextForm  # submission_context_set's check, beside the fields

    list_display = ["city", "year", "edition", "state", "submitted_at"]
    list_filter = ["state", "year", "edition"]
    list_select_related = ["city", "edition"]
    search_fields = ["city__name"]
    readonly_fields = ["city", "year", "edition", "state", "created_at", "updated_at", "submitted_at"]
    context_fields = ["population", "households", "land_area_km2", "gdp", "gdp_currency"]
    fields = readonly_fields[:4] + context_fields + readonly_fields[4:]

    def save_model(self, request, obj, form, change):
        self.service_save(request, lambda: submission_context_set(
            submission_id=obj.pk, actor=request.user, **{name: form.cleaned_data[name] for name in self.context_fields}
        ))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_signed_off)

    def has_delete_permission(self, request, obj=None):
        return False


class ValueAdminForm(forms.ModelForm):
    # The version the form was shown with: a save over someone else's newer one is refused.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Value
        fields = ["number", "yes_no", "numerator", "denominator", "not_reported", "not_reported_reason",
                  "source", "data_quality", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        """value_set's own check, its messages put beside the admin's fields."""
        data = super().clean()
        if data.get("loaded_version") != self.instance.version:
            raise ValidationError(gettext("Someone else changed this value after you opened it; reload the page."))
        if self.errors:
            return data
        self.value_input = ValueInput(**{field: data.get(field, getattr(self.instance, field)) for field in ALL_FIELDS})
        try:
            value_check(self.instance.data_point, self.value_input)
        except ValidationError as refusal:
            for name, errors in refusal.error_dict.items():
                self.add_error(self._answer_field() if name == "value" else name, errors)
        return data

    def _answer_field(self):
        """The admin shows the answer in two fields: the number, unless only a yes / no was given or asked for."""
        answer = self.value_input
        if answer.number is None and (answer.yes_no is not None or self.instance.data_point.is_yes_no):
            return "yes_no"
        return "number"


@admin.register(Value)
class ValueAdmin(SavedThroughAService, SecretariatOnly, SimpleHistoryAdmin):
    form = ValueAdminForm
    list_display = ["submission", "data_point", "number", "yes_no", "not_reported", "score_status", "entered_at"]
    list_filter = ["submission__state", "score_status", "not_reported"]
    list_select_related = ["submission__city", "data_point__kpi"]
    search_fields = ["submission__city__name", "data_point__kpi__code", "data_point__name"]
    readonly_fields = ["submission", "data_point", "entered_by", "entered_at", "version",
                       "score_status", "percent_of_target", "band", "scored_target", "scored_direction"]
    fields = readonly_fields[:2] + ValueAdminForm.Meta.fields + ["loaded_version"] + readonly_fields[2:]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.submission.is_signed_off)

    def revert_disabled(self, request, obj=None):
        return True  # a revert would bypass value_set

    def has_change_history_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        self.service_save(request, lambda: value_set(
            value_id=obj.pk, actor=request.user, data=form.value_input,
            expected_version=form.cleaned_data["loaded_version"], reason="changed in the admin",
        ))


@admin.register(Evidence)
class EvidenceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["original_name", "submission", "value", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["submission__city", "value__data_point__kpi", "uploaded_by"]
    exclude = ["file"]


@admin.register(Event)
class EventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "submission", "action", "actor", "from_state", "to_state"]
    list_filter = ["action"]
    list_select_related = ["submission__city", "actor"]
