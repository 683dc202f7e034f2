from celery import shared_task
from django.conf import settings

from members.services import notifications


@shared_task(acks_late=True, soft_time_limit=settings.DOCUMENT_RENDER_TIME_LIMIT,
             time_limit=settings.DOCUMENT_RENDER_TIME_LIMIT + 30)
def send_cost_share_decision(request_id: int) -> None:
    """Render and send the cost-share decision letter in the worker."""
    notifications.notify_cost_share_decision(request_id)
