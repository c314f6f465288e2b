from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="people_list"),
    path("invite/", views.person_invite, name="invite"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/deactivate/", views.person_deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", views.person_reactivate, name="reactivate"),
    path("<int:pk>/invitation/resend/", views.invitation_resend, name="invitation_resend"),
    path("<int:pk>/second-factor/reset/", views.second_factor_reset, name="second_factor_reset"),
    path("cities/", views.city_list, name="city_list"),
    path("cities/new/", views.city_create, name="city_create"),
    path("cities/<int:pk>/", views.city_edit, name="city_edit"),
    path("audit/", views.audit, name="audit"),
    path("invitation/<uidb64>/<token>/", views.invitation_accept, name="invitation_accept"),
    path("account/", views.account, name="account"),
    path("account/second-factor/", views.second_factor_setup, name="second_factor_setup"),
    path("second-factor/", views.second_factor_verify, name="second_factor_verify"),
]
