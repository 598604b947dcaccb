from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "wieg.portal"
    label = "portal"
