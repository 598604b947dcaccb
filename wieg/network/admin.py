from django.contrib import admin

from .models import (
    Activity,
    ActivityLanguage,
    DomainAction,
    FamilyCentre,
    LifeDomain,
    Meeting,
    NeighbourhoodNetwork,
    NetworkPartner,
    Partnership,
    PerinatalNetwork,
    Session,
    WorkGroup,
)


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    autocomplete_fields = ["organisation"]


class DomainActionInline(admin.TabularInline):
    model = DomainAction
    extra = 0
    fields = ["life_domain", "title", "status"]


class NeighbourhoodInline(admin.TabularInline):
    model = NeighbourhoodNetwork
    extra = 0
    fields = ["name", "municipality", "description"]


@admin.register(FamilyCentre)
class FamilyCentreAdmin(admin.ModelAdmin):
    list_display = ["__str__", "active", "email"]
    list_filter = ["active"]
    filter_horizontal = ["municipalities"]
    raw_id_fields = ["contact_person", "organisation"]
    inlines = [PartnershipInline, DomainActionInline, NeighbourhoodInline]
    search_fields = ["organisation__name"]


@admin.register(LifeDomain)
class LifeDomainAdmin(admin.ModelAdmin):
    list_display = ["order", "key", "name_nl", "name_fr", "name_en"]


class LanguageInline(admin.TabularInline):
    model = ActivityLanguage
    extra = 0


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "centre", "kind", "target_group", "municipality", "status"]
    list_filter = ["status", "kind", "target_group"]
    search_fields = ["title"]
    raw_id_fields = ["centre", "organiser", "municipality"]
    inlines = [LanguageInline, SessionInline]


class NetworkPartnerInline(admin.TabularInline):
    model = NetworkPartner
    extra = 0
    raw_id_fields = ["organisation", "contact"]


@admin.register(PerinatalNetwork)
class PerinatalNetworkAdmin(admin.ModelAdmin):
    list_display = ["name"]
    inlines = [NetworkPartnerInline]


admin.site.register(WorkGroup)
admin.site.register(Meeting)
