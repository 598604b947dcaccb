from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "wieg.referrals"
    label = "referrals"
