from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "kind", "is_active")
    list_filter = ("kind", "is_active", "is_staff")
    fieldsets = (*BaseUserAdmin.fieldsets, ("Wieg", {"fields": ("kind", "preferred_language")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Wieg", {"fields": ("kind", "preferred_language")}))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "label", "created_at", "revoked_at")
    readonly_fields = ("key_hash", "created_at")
