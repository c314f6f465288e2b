from django.urls import path

from . import views

app_name = "programme"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("programme.csv", views.dashboard_csv, name="dashboard_csv"),
    path("cycles/", views.cycles, name="cycles"),
    path("cycles/new/", views.cycle_edit, name="cycle_create"),
    path("cycles/<int:pk>/", views.cycle_edit, name="cycle_edit"),
    path("cycles/<int:pk>/invite/", views.cycle_invite_cities, name="cycle_invite"),
]
