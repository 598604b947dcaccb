from django.contrib import admin

from wieg.accounts.services import account_hold

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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "user" in form.changed_data and obj.user is not None:
            # Another account now signs in as this professional: it must prove itself first.
            account_hold(admin=request.user, user=obj.user, change="account_link")
