"""The report's editable texts in the admin, and the requests (read-only) for the secretariat."""
from django.contrib import admin

from submissions import roles

from .models import ReportRequest, ReportText, ReportVersion
from .texts import DEFAULTS


class SecretariatOnly:
    def has_module_permission(self, request):
        return roles.is_secretariat(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)


@admin.register(ReportText)
class ReportTextAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ["key", "body"]

    def has_add_permission(self, request):
        return roles.is_secretariat(request.user)

    def has_change_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_delete_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def get_changeform_initial_data(self, request):
        # A new text starts from the wording the report prints today.
        initial = super().get_changeform_initial_data(request)
        key = initial.get("key")
        if key in DEFAULTS:
            initial.setdefault("body", DEFAULTS[key])
        return initial


@admin.register(ReportRequest)
class ReportRequestAdmin(SecretariatOnly, admin.ModelAdmin):
    list_display = ["submission", "language", "state", "requested_by", "created_at", "sent_at", "finished_at", "attempts"]
    list_filter = ["state"]
    list_select_related = ["submission__city", "requested_by"]
    readonly_fields = [field.name for field in ReportRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)


@admin.register(ReportVersion)
class ReportVersionAdmin(SecretariatOnly, admin.ModelAdmin):
    """Issued versions are kept: nobody changes or deletes one."""

    list_display = ["submission", "number", "language", "published", "digest", "requested_by", "created_at"]
    list_select_related = ["submission__city", "requested_by"]
    readonly_fields = [field.name for field in ReportVersion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
