from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "wieg.directory"
    label = "directory"
