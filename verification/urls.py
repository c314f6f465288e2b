from django.urls import path

from . import views

app_name = "verification"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("submissions/<int:pk>/", views.review, name="review"),
    path("submissions/<int:pk>/assign/", views.assign, name="assign"),
    path("submissions/<int:pk>/verify-selected/", views.bulk_verify, name="bulk_verify"),
    path("submissions/<int:pk>/verify-all/", views.verify_all, name="verify_all"),
    path("submissions/<int:pk>/summary/", views.summary, name="summary"),
    path("checks/", views.checks, name="checks"),
    path("submissions/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("submissions/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("submissions/<int:pk>/publish/", views.publish, name="publish"),
    path("submissions/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("submissions/<int:pk>/history/", views.history, name="history"),
    path("values/<int:pk>/review/", views.value_review, name="value_review"),
    path("values/<int:pk>/history/", views.value_history, name="value_history"),
    path("values/<int:pk>/details/", views.value_details, name="value_details"),
    path("queries/<int:pk>/", views.query_thread, name="query"),
]
