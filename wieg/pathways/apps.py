from django.apps import AppConfig


class PathwaysConfig(AppConfig):
    name = "wieg.pathways"
    label = "pathways"
