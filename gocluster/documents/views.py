"""Downloads of generated documents, each through the owning app's permission rule."""

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from gocluster.documents.access import document_for_user
from gocluster.downloads import private_file_response


@require_GET
@login_required  # any account; the owning app's rule decides, and says 404 to everyone else
def download(request, pk: int):
    document = document_for_user(pk, request.user)
    return private_file_response(document.file, filename=document.download_name, content_type="application/pdf")
