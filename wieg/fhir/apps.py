from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "wieg.fhir"
    label = "fhir"
