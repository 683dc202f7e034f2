"""Write audit entries: who did what to which object, when, from which state to which."""

from django.contrib.contenttypes.models import ContentType

from applications.models import Application, AuditEntry


def record(*, actor, obj, action: str, application: Application | None = None, from_state: str = "",
           to_state: str = "", comment: str = "", visible_to_applicant: bool = False,
           before: dict | None = None, after: dict | None = None) -> AuditEntry:
    if application is None and isinstance(obj, Application):
        application = obj
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        application=application,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        visible_to_applicant=visible_to_applicant,
        before=before or {},
        after=after or {},
    )
