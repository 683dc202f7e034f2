"""Downloads of generated documents, each through the owning app's permission rule."""

from django.views.decorators.http import require_GET

from gocluster.documents.access import document_for_user
from gocluster.downloads import private_file_response
from members.decorators import role_required
from members.enums import Role


@require_GET
@role_required(*Role.values)
def download(request, pk: int):
    document = document_for_user(pk, request.user)
    return private_file_response(document.file, filename=document.download_name, content_type="application/pdf")
