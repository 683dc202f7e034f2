from django.urls import include, path

from members import views
from members.views import clusters, member, staff

member_patterns = [
    path("", member.overview, name="overview"),
    path("cluster/<int:cluster_pk>/kostenanteil/", member.cost_share_new, name="cost_share_new"),
    path("kostenanteil/<int:pk>/", member.cost_share_detail, name="cost_share"),
    path("kostenanteil/<int:pk>/bescheid.pdf", member.cost_share_letter, name="cost_share_letter"),
    path("kostenanteil/<int:pk>/nachweis.pdf", member.cost_share_evidence, name="cost_share_evidence"),
    path("kostenanteil/<int:pk>/zurueckziehen/", member.cost_share_withdraw, name="cost_share_withdraw"),
    path("label/<int:pk>/zertifikat.pdf", member.label_certificate, name="label_certificate"),
]

staff_patterns = [
    path("", staff.members, name="list"),
    path("<int:pk>/", staff.member_detail, name="member"),
    path("<int:pk>/label/", staff.label_add, name="label_add"),
    path("<int:pk>/status/", staff.membership_status, name="status"),
    path("kostenanteile/", staff.cost_shares, name="cost_shares"),
    path("kostenanteile/<int:pk>/", staff.cost_share_decide, name="cost_share"),
    path("kostenanteile/warteliste/", staff.cost_share_waitlist, name="waitlist"),
]

urlpatterns = [
    path("", views.portal_start, name="portal-start"),
    path("cluster/neu/", clusters.cluster_create, name="cluster-create"),
    path("cluster/beanspruchen/", clusters.cluster_claim, name="cluster-claim"),
    path("cluster/<int:pk>/profil/", clusters.cluster_edit, name="cluster-edit"),
    path("cluster/<int:pk>/einladen/", clusters.cluster_invite, name="cluster-invite"),
    path("einladung/<str:token>/", clusters.invitation_accept, name="invitation-accept"),
    path("cluster-ansprueche/", clusters.claim_list, name="claim-list"),
    path("cluster-ansprueche/<int:pk>/", clusters.claim_decide, name="claim-decide"),
    path("mitgliedschaft/", include((member_patterns, "member"))),
    path("mitglieder/", include((staff_patterns, "members_staff"))),
]
