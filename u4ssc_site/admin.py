"""People's accounts in the admin: the secretariat manages them, and can give no more rights than a role."""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from submissions import roles

# Only a superuser makes a superuser or grants a permission outside the roles.
PRIVILEGE_FIELDS = ("is_superuser", "user_permissions")

User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(UserAdmin):
    """A superuser has Django's whole form. Anyone else (the secretariat) sets an account's details, whether
    it is active and staff, and its roles; never superuser status or single permissions, and never changes
    a superuser's account."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [(name, {**options, "fields": [field for field in options["fields"] if field not in PRIVILEGE_FIELDS]})
                for name, options in fieldsets]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=roles.ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        # Groups other than the roles are not on the secretariat's form: saving keeps them.
        kept = [] if request.user.is_superuser else list(form.instance.groups.exclude(name__in=roles.ROLES))
        super().save_related(request, form, formsets, change)
        form.instance.groups.add(*kept)
