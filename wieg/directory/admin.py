from django.contrib import admin

from .models import Membership, Organisation, Professional


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ("family_name", "given_name", "discipline", "user")
    list_filter = ("discipline",)
    search_fields = ("family_name", "given_name")
    inlines = [MembershipInline]
