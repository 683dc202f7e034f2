"""Serve a private file only after the caller checked the permission: attachment, exact type, no sniffing."""

from io import BytesIO

from django.http import FileResponse


def private_file_response(fieldfile, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(fieldfile.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def private_bytes_response(content: bytes, *, filename: str, content_type: str) -> FileResponse:

    response = FileResponse(BytesIO(content), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
