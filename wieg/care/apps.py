from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "wieg.care"
    label = "care"
