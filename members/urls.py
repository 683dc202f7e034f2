from django.urls import path

from . import views

urlpatterns = [
    path("", views.portal_start, name="portal-start"),
    path("cluster/neu/", views.cluster_create, name="cluster-create"),
    path("cluster/beanspruchen/", views.cluster_claim, name="cluster-claim"),
    path("cluster/<int:pk>/profil/", views.cluster_edit, name="cluster-edit"),
    path("cluster/<int:pk>/einladen/", views.cluster_invite, name="cluster-invite"),
    path("cluster-ansprueche/", views.claim_list, name="claim-list"),
    path("cluster-ansprueche/<int:pk>/", views.claim_decide, name="claim-decide"),
]
