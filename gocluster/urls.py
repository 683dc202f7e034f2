from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from applications.views.public import criteria
from gocluster import views
from gocluster.health import healthz

# One login for every door: the admin's own login form (password only, no rate limit) is replaced by allauth's
# login with its second factor and rate limits; a logged-in account without is_staff gets a 403.
# Before `admin.site.urls` below, which binds the view.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.PageView.as_view(template_name="pages/home.html"), name="home"),
    path("impressum/", views.PageView.as_view(template_name="pages/impressum.html"), name="impressum"),
    path("datenschutz/", views.PageView.as_view(template_name="pages/datenschutz.html"), name="datenschutz"),
    path(
        "barrierefreiheit/",
        views.PageView.as_view(template_name="pages/barrierefreiheit.html"),
        name="barrierefreiheit",
    ),
    path("kriterien/", criteria, name="criteria"),
    path("", include("members.urls.public")),
    path("", include("applications.urls.public")),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("allauth.urls")),
    path("portal/", include("members.urls.portal")),
    path("antrag/", include("applications.urls.applicant")),
    path("geschaeftsstelle/", include("applications.urls.staff")),
    path("geschaeftsstelle/", include("applications.urls.documents")),
    path("abstimmung/", include("applications.urls.voting")),
    path("dokumente/", include("gocluster.documents.urls")),
    path("verwaltung/", admin.site.urls),
]

handler404 = "gocluster.views.handler404"
handler403 = "gocluster.views.handler403"
handler500 = "gocluster.views.handler500"
