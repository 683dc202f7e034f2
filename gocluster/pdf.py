"""PDF rendering with WeasyPrint that never reads a file or the network the template did not put there.

Templates reference the project's own static files (`{% static %}`, resolved against a fake origin
that only this fetcher understands) and `data:` URLs. Everything else - `file:` paths, http(s),
redirects, path traversal - is refused.

`{% static %}` names a file as the staticfiles storage does: `css/letters.css` in development, the hashed
`css/letters.3f2a….css` of the manifest in production (DEBUG off). The fetcher reads both: the first through
the finders (the source folders), the second from the collected files (STATIC_ROOT) through the storage.
"""

import logging
import mimetypes
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in templates resolve against this origin; nothing answers it but our fetcher.
STATIC_ORIGIN = "https://static.gocluster.invalid"
STATIC_PREFIX = f"{STATIC_ORIGIN}/static/"


class RefusedURL(ValueError):
    pass


class SafeURLFetcher(URLFetcher):
    def __init__(self):
        super().__init__(timeout=5, allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            relative = url[len(STATIC_PREFIX):].split("?", 1)[0].split("#", 1)[0]
            content = static_file(relative)
            if content is not None:
                content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
                return URLFetcherResponse(url, content, {"Content-Type": content_type})
        logger.warning("PDF renderer refused a resource (%s...)", url[:40])
        raise RefusedURL("refused")


def static_file(relative: str) -> bytes | None:
    """The bytes of the project's static file `relative` (as `{% static %}` names it), or None."""
    if not relative or ".." in relative.split("/") or relative.startswith("/") or "\\" in relative:
        return None
    try:
        found = finders.find(relative)
        if found:
            return Path(found).read_bytes()
        # A hashed name of the manifest exists only among the collected files.
        if staticfiles_storage.exists(relative):
            with staticfiles_storage.open(relative) as handle:
                return handle.read()
    except (SuspiciousFileOperation, OSError, ValueError):
        return None
    return None


def render_pdf_from_html(html: str) -> bytes:
    document = HTML(string=html, base_url=f"{STATIC_ORIGIN}/", url_fetcher=SafeURLFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def render_pdf(template: str, context: dict) -> bytes:
    """Render a Django template (autoescaped) to a tagged PDF."""
    return render_pdf_from_html(render_to_string(template, context))
