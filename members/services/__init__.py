"""Writes of the members floor: clusters and their managers; memberships, labels and Gold-label cost shares."""

from members.services.clusters import (
    cluster_claim_decide,
    cluster_claim_request,
    cluster_create,
    cluster_update,
    invitation_create,
    invitations_accept,
)
from members.services.membership import (
    budget_used,
    cost_share_approve,
    cost_share_reject,
    cost_share_request_submit,
    cost_share_waitlist,
    cost_share_withdraw,
    label_record_add,
    membership_end,
    membership_give_notice,
    membership_start,
    promote_waitlist,
)

__all__ = [
    "budget_used",
    "cluster_claim_decide",
    "cluster_claim_request",
    "cluster_create",
    "cluster_update",
    "cost_share_approve",
    "cost_share_reject",
    "cost_share_request_submit",
    "cost_share_waitlist",
    "cost_share_withdraw",
    "invitation_create",
    "invitations_accept",
    "label_record_add",
    "membership_end",
    "membership_give_notice",
    "membership_start",
    "promote_waitlist",
]
