"""Users' text never becomes a link in a mail: only the portal's own addresses are links in the HTML part."""

import re

import pytest
from django.conf import settings

from applications.enums import ApplicationState as S
from gocluster.outbox.models import OutboxMail
from gocluster.outbox.templatetags.mail import portal_links
from tests.applications.builders import case_in_state
from tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db
EVIL = "https://evil.example/login"


def _hrefs(html: str) -> list[str]:
    return re.findall(r'<a href="([^"]*)"', html)


@pytest.mark.parametrize(("state", "event"), [(S.VOTING, "voting_opened"), (S.CHANGES_REQUESTED, "changes_requested")])
def test_url_in_a_cluster_name_stays_text_in_the_html_part(django_capture_on_commit_callbacks, state, event):
    cluster = ClusterFactory(name=f"Cluster Nord {EVIL}")
    with django_capture_on_commit_callbacks(execute=True):
        case_in_state(state, cluster=cluster)
    mails = list(OutboxMail.objects.filter(event=event))
    assert mails
    portal = settings.SITE_URL.rstrip("/") + "/portal/"
    for mail in mails:
        assert f"„Cluster Nord {EVIL}“" in mail.body_html
        assert _hrefs(mail.body_html) == [portal]


def test_portal_links_links_only_the_portals_own_addresses():
    site = "https://portal.go-cluster.de"
    html = portal_links(f"Im Portal: {site}/portal/. Nicht: {site}.evil.example/x, {site}@evil.example, "
                        f"{EVIL}, <b>fett</b> & „{site}/antrag/1/“", site)
    assert html == (
        f'Im Portal: <a href="{site}/portal/">{site}/portal/</a>. Nicht: {site}.evil.example/x, '
        f"{site}@evil.example, {EVIL}, &lt;b&gt;fett&lt;/b&gt; &amp; "
        f'„<a href="{site}/antrag/1/">{site}/antrag/1/</a>“'
    )
