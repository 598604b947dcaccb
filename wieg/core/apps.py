from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wieg.core"
    label = "core"
