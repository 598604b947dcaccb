from django.apps import AppConfig


class BookletsConfig(AppConfig):
    name = "wieg.booklets"
    label = "booklets"
