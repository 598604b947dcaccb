from django.contrib import admin

from .models import BulkExportJob, SystemScope


@admin.register(SystemScope)
class SystemScopeAdmin(admin.ModelAdmin):
    """Administrators give a system account its export scope; the permission "fhir.export_identities" on the
    account (user permissions) lifts pseudonymisation."""

    list_display = ("label", "user", "active", "created_at")
    list_filter = ("active",)
    filter_horizontal = ("provinces", "organisations")
    raw_id_fields = ("user",)


@admin.register(BulkExportJob)
class BulkExportJobAdmin(admin.ModelAdmin):
    """Read-only: who exported what, when, pseudonymised or not. The files themselves are not shown."""

    list_display = (
        "public_id",
        "user",
        "status",
        "pseudonymised",
        "resource_count",
        "requested_at",
        "finished_at",
    )
    list_filter = ("status", "pseudonymised")
    readonly_fields = [f.name for f in BulkExportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
