from django.urls import path

app_name = "opendata"
urlpatterns: list = []
