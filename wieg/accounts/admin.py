"""Administrators manage accounts, never care data: whatever they change of someone's way in (password,
second factor, the account a professional signs in with) holds that account until its owner enrolled again,
and shows in the access log of that professional's families (wieg/accounts/services.py)."""

from allauth.account.decorators import secure_admin_login
from allauth.mfa.admin import AuthenticatorAdmin as BaseAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, User
from .services import account_hold

# The admin signs in through Wieg's own login, with its second factor and its throttling, never through
# Django's admin login form, which knows neither.
admin.site.login = secure_admin_login(admin.site.login)

HOLD_FIELDS = ("must_choose_password", "must_enrol_second_factor")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "kind", "is_active")
    list_filter = ("kind", "is_active", "is_staff")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Wieg", {"fields": ("kind", "preferred_language", *HOLD_FIELDS)}),
    )
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Wieg", {"fields": ("kind", "preferred_language")}))
    # An administrator can put a hold on, never lift it: only the owner's own enrolment does.
    readonly_fields = HOLD_FIELDS

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # A password chosen by an administrator is a first-time password only.
            account_hold(admin=request.user, user=obj, change="password")

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            if user is not None:
                account_hold(admin=request.user, user=user, change="password")
        return response


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(BaseAuthenticatorAdmin):
    """Administrators may remove a lost second factor, never add or edit one (that would let them hold a
    professional's second factor themselves)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        if obj.type == Authenticator.Type.TOTP:
            account_hold(admin=request.user, user=user, change="second_factor")

    def delete_queryset(self, request, queryset):
        users = {a.user for a in queryset.select_related("user") if a.type == Authenticator.Type.TOTP}
        super().delete_queryset(request, queryset)
        for user in users:
            account_hold(admin=request.user, user=user, change="second_factor")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued to their owner (`manage.py create_api_token`); an administrator may only revoke."""

    list_display = ("user", "label", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("public_id", "user", "label", "key_hash", "created_at", "expires_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Intrekken"))
    def revoke(self, request, queryset):
        queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
