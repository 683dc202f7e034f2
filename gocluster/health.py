"""`/healthz`: database, broker and worker state as JSON for load balancers and operators."""

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gocluster.celery import app as celery_app


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        return "unavailable"


def _broker_and_worker() -> tuple[str, str]:
    if celery_app.conf.task_always_eager:
        return "in-process", "in-process"
    try:
        with celery_app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return "unavailable", "unknown"
    try:
        replies = celery_app.control.ping(timeout=1.0)
    except Exception:
        replies = []
    return "ok", ("ok" if replies else "unavailable")


@never_cache
@require_GET
def healthz(request):
    database = _database()
    broker, worker = _broker_and_worker()
    healthy = database == "ok" and broker in ("ok", "in-process") and worker in ("ok", "in-process")
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "database": database, "broker": broker, "worker": worker},
        status=200 if healthy else 503,
    )
