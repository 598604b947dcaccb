from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "wieg.network"
    label = "network"
