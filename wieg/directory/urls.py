from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("professionals/options/", views.professional_options, name="professional_options"),
]
