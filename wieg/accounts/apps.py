from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wieg.accounts"
    label = "accounts"
