"""The PDF renderer reads nothing and fetches nothing the template did not put there on purpose."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from io import BytesIO

import pytest
from django.conf import settings
from pypdf import PdfReader

from applications import tasks
from gocluster.pdf import STATIC_PREFIX, RefusedURL, SafeURLFetcher, render_pdf_from_html

PNG_1PX = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAh"
           "KmMIQAAAABJRU5ErkJggg==")


@pytest.fixture
def local_server():
    """A tiny HTTP server on 127.0.0.1 that records every request (and redirects /weiter to file:)."""
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            if self.path == "/weiter":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
            else:
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def refused(caplog) -> int:
    return sum("refused a resource" in r.getMessage() for r in caplog.records)


def html(body: str) -> str:
    return f'<!DOCTYPE html><html lang="de"><head><title>Test</title></head><body>{body}</body></html>'


def test_file_url_in_template_is_not_read(caplog):
    caplog.set_level(logging.WARNING, logger="gocluster.pdf")
    pdf = render_pdf_from_html(html(
        '<p>Text</p><img src="file:///etc/passwd" alt="x">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<a rel="attachment" href="file:///etc/passwd">Anhang</a>'))
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    assert reader.attachments == {}
    assert refused(caplog) >= 2
    assert b"root:" not in pdf


def test_local_http_url_and_redirect_are_never_fetched(local_server, caplog):
    base, requests = local_server
    caplog.set_level(logging.WARNING, logger="gocluster.pdf")
    render_pdf_from_html(html(
        f'<img src="{base}/bild.png" alt="x"><link rel="stylesheet" href="{base}/stil.css">'
        f'<img src="{base}/weiter" alt="y"><p style="background: url({base}/hintergrund.png)">Text</p>'))
    with pytest.raises(RefusedURL):
        SafeURLFetcher().fetch(f"{base}/weiter")
    assert requests == []
    assert refused(caplog) >= 4


def test_static_path_traversal_is_refused():
    fetcher = SafeURLFetcher()
    for url in (f"{STATIC_PREFIX}../gocluster/settings.py", f"{STATIC_PREFIX}css/../../manage.py",
                f"{STATIC_PREFIX}/etc/passwd", f"{STATIC_PREFIX}%2e%2e/manage.py"):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    # Relative ../ in a template resolves above /static/ and is refused as well.
    pdf = render_pdf_from_html(html('<link rel="stylesheet" href="/static/../../gocluster/settings.py"><p>x</p>'))
    assert len(PdfReader(BytesIO(pdf)).pages) == 1


def test_own_static_assets_and_data_urls_are_served():
    fetcher = SafeURLFetcher()
    response = fetcher.fetch(f"{STATIC_PREFIX}css/letters.css")
    assert response.headers["Content-Type"] == "text/css"
    pdf = render_pdf_from_html(html(f'<img src="{PNG_1PX}" alt="Punkt"><img src="/static/img/favicon.svg" alt="go">'))
    assert len(PdfReader(BytesIO(pdf)).pages) == 1


def test_render_tasks_have_a_soft_time_limit():
    for task in (tasks.send_decision_letters, tasks.render_dossier):
        assert task.soft_time_limit == settings.DOCUMENT_RENDER_TIME_LIMIT
        assert task.time_limit > task.soft_time_limit
