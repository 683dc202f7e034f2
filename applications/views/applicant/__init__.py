"""The cluster manager's pages: dashboard, advisory call, application wizard, actors, case page."""

from applications.views.applicant.actors import actor_import, actor_import_confirm, actor_template, actors
from applications.views.applicant.advisory import call_cancel, call_ics, call_request, interview_ics
from applications.views.applicant.case import case, submitted, withdraw
from applications.views.applicant.dashboard import application_start, dashboard
from applications.views.applicant.wizard import review, section, strategy

__all__ = [
    "actor_import", "actor_import_confirm", "actor_template", "actors", "application_start",
    "call_cancel", "call_ics", "call_request", "case", "dashboard", "interview_ics", "review", "section", "strategy",
    "submitted", "withdraw",
]
