"""The cluster manager's pages: dashboard, advisory call, application wizard, actors, case page."""

from .actors import actor_import, actor_import_confirm, actor_template, actors
from .advisory import call_cancel, call_ics, call_request
from .case import case, submitted, withdraw
from .dashboard import application_start, dashboard
from .wizard import review, section, strategy, strategy_download

__all__ = [
    "actor_import", "actor_import_confirm", "actor_template", "actors", "application_start",
    "call_cancel", "call_ics", "call_request", "case", "dashboard", "review", "section", "strategy",
    "strategy_download", "submitted", "withdraw",
]
