from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "wieg.monitoring"
    label = "monitoring"
