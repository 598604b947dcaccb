from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "wieg.screening"
    label = "screening"
