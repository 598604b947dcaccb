from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wieg.demo"
    label = "demo"
