"""The agency's workbench (issue: staff and board work a case to a decision)."""

from applications.views.staff.board import board, board_remove
from applications.views.staff.calls import call_action, call_detail, call_list
from applications.views.staff.cases import (
    case_decision,
    case_decision_preview_pdf,
    case_decision_release,
    case_detail,
    case_export,
    case_extend_deadline,
    case_list,
    case_note,
    case_transition,
)
from applications.views.staff.dashboard import dashboard

__all__ = [
    "board", "board_remove", "call_action", "call_detail", "call_list", "case_decision", "case_decision_preview_pdf",
    "case_decision_release",
    "case_detail", "case_export", "case_extend_deadline", "case_list", "case_note",
    "case_transition", "dashboard",
]
