import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from applications.models import Application
from members.enums import CostShareState, SilverStatus
from members.models import CostShareRequest, User
from members.selectors.membership import member_rows

pytestmark = pytest.mark.django_db


# The demo dates its members relative to today; on a leap day its month arithmetic is at its hardest.
@pytest.mark.time_machine("2028-02-29T10:00:00+01:00")
def test_seed_demo_has_members_in_every_silver_status_and_cost_shares_in_every_state():
    call_command("seed_demo")
    call_command("seed_demo")
    statuses = {row.silver.status for row in member_rows(today=timezone.localdate())}
    assert statuses == set(SilverStatus.values)
    assert set(CostShareRequest.objects.values_list("state", flat=True)) == set(CostShareState.values)
    admitted = Application.objects.get(state="admitted")
    assert admitted.membership.cluster == admitted.cluster


def test_seed_demo_refuses_outside_development(settings):
    """Security finding 3: the demo's superuser with the README's password never reaches production."""
    settings.GOCLUSTER_DEVELOPMENT = False
    with pytest.raises(CommandError) as refused:
        call_command("seed_demo")
    assert "nur mit GOCLUSTER_ENV=development" in str(refused.value)
    assert User.objects.count() == 0
