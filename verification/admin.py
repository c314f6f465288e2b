"""Verification records in the admin, read-only: every change goes through the site's pages,
which record it in the history."""
from django.contrib import admin

from submissions import roles

from .models import Assignment, Notification, Query, QueryMessage, Review, SignOff


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_view_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_module_permission(self, request):
        return roles.is_secretariat(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["submission", "verifier", "assigned_by", "assigned_at"]
    list_select_related = ["submission__city", "verifier", "assigned_by"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["value", "status", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["value__submission__city", "value__data_point__kpi", "reviewed_by"]


class QueryMessageInline(admin.TabularInline):
    model = QueryMessage
    extra = 0

    def has_view_permission(self, request, obj=None):
        return roles.is_secretariat(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Query)
class QueryAdmin(ReadOnlyAdmin):
    list_display = ["value", "status", "raised_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["value__submission__city", "value__data_point__kpi", "raised_by"]
    inlines = [QueryMessageInline]


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    list_display = ["submission", "verifier_name", "verified_on", "assurance_level", "signed_at"]
    list_select_related = ["submission__city"]
    exclude = ["targets_snapshot"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["kind", "submission", "state", "subject", "created_at", "sent_at"]
    list_filter = ["kind", "state"]
    list_select_related = ["submission__city"]
