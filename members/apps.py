from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Mitglieder und Cluster")

    def ready(self):
        from members import signals  # noqa: F401 - connects the allauth signal receivers, once the registry is ready

        connect_published_data()


def connect_published_data() -> None:
    """Writes that change the public directory, its figures or the open data move the published-data stamp."""
    # Imported here: models load only once the app registry is ready.
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from gocluster.published import touch
    from members.models import Cluster, LabelRecord, Membership, MembershipStatusChange, TechnologyField

    for model in (Cluster, Membership, MembershipStatusChange, LabelRecord, TechnologyField):
        post_save.connect(touch, sender=model, dispatch_uid=f"published-save-{model.__name__}")
        post_delete.connect(touch, sender=model, dispatch_uid=f"published-delete-{model.__name__}")
    m2m_changed.connect(touch, sender=Cluster.technology_fields.through, dispatch_uid="published-cluster-fields")
