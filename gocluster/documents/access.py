"""Who may download a document: the owning app's rule, registered at start-up (no heavy imports here)."""

from collections.abc import Callable

from django.http import Http404

from gocluster.documents.models import Document

AccessRule = Callable[[Document, object], bool]
_ACCESS: dict[str, AccessRule] = {}


def register_access(model, rule: AccessRule) -> None:
    """The owning app says who may download documents of its `model` (the rule may also raise Http404).

    Called from `AppConfig.ready`, so keyed by the model's label (no database yet)."""
    _ACCESS[model._meta.label_lower] = rule


def document_for_user(pk, user) -> Document:
    """The document if the owning app's rule lets `user` have it; otherwise 404."""
    document = Document.objects.select_related("related_type").filter(pk=pk).first()
    if document is None or not user.is_authenticated or not user.is_active:
        raise Http404
    related_type = document.related_type
    rule = _ACCESS.get(f"{related_type.app_label}.{related_type.model}")
    if rule is None or not rule(document, user):
        raise Http404
    return document
