import json

import pytest


@pytest.mark.django_db
def test_healthz_reports_in_process_default_as_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok", "database": "ok", "broker": "in-process", "worker": "in-process",
    }


@pytest.mark.django_db
def test_healthz_is_503_when_broker_unreachable(client, settings):
    from gocluster.celery import app

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    app.conf.task_always_eager = False
    try:
        response = client.get("/healthz")
    finally:
        app.conf.task_always_eager = True
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "unavailable"
