"""The admin is not a side door: workflow data is read-only there, and what stays editable is audited.

Two base classes for every `ModelAdmin` of the project:

- `ReadOnlyAdmin`: view only. Adding, changing and deleting are refused (403), also for superusers; the
  data changes only through the services (audited, with their checks and mails).
- `AuditedAdmin`: the reference data the admin maintains (criteria, tariffs, budgets, technology fields,
  accounts' flags). Every save and delete, also from inlines and the list's editable columns, writes an
  audit entry with the changed fields before and after.

The audit trail belongs to the `applications` app, which the shared pieces do not know: it registers its
writer here at start-up (`register_audit_writer`). Without a writer an admin change is refused.
"""

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model

AuditWriter = Callable[..., object]
_WRITER: list[AuditWriter] = []


def register_audit_writer(writer: AuditWriter) -> None:
    """`writer(actor=, obj=, action=, comment=, before=, after=)` records one audit entry."""
    _WRITER[:] = [writer]


def _write(**entry) -> None:
    if not _WRITER:
        raise PermissionDenied("No audit trail is registered: admin changes are refused.")
    _WRITER[0](**entry)


def _plain(value):
    """A field value as JSON: ids for objects, text for dates and amounts."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date | datetime | Decimal):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, list | tuple | set) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return sorted(_plain(item) for item in items)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _fields(obj: Model) -> dict:
    return {field.name: _plain(getattr(obj, field.attname)) for field in obj._meta.concrete_fields}


def _label(obj: Model) -> str:
    return obj._meta.label_lower


def _record(request, obj: Model, action: str, before: dict, after: dict) -> None:
    """One audit entry with the fields that differ (all of them on add and delete); a save that changed
    nothing (the object of a page whose inline rows changed) writes none."""
    changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    if not changed:
        return
    _write(actor=request.user, obj=obj, action=action, comment=f"{_label(obj)}: {', '.join(changed)}",
           before={name: before[name] for name in changed if name in before},
           after={name: after[name] for name in changed if name in after})


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only, for everyone: workflow records change through the services, never here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline:
    """Mixin for inlines of read-only records."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Editable reference data: each add, change and delete (also of inline rows) is an audit entry."""

    def save_model(self, request, obj, form, change):
        before = _fields(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _record(request, obj, "admin_change" if change else "admin_add", before, _fields(obj))

    def delete_model(self, request, obj):
        with transaction.atomic():
            _record(request, obj, "admin_delete", _fields(obj), {})
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                _record(request, obj, "admin_delete", _fields(obj), {})
            super().delete_queryset(request, queryset)

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields of the object itself are saved here, after `save_model`.
        many = [f.name for f in form.instance._meta.many_to_many if f.name in form.changed_data]
        before = {name: _plain(form.initial.get(name, [])) for name in many}
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            if many:
                after = {name: _plain(getattr(form.instance, name)) for name in many}
                _record(request, form.instance, "admin_change", before, after)

    def save_formset(self, request, form, formset, change):
        # From the database: the forms have already written the posted values into their instances.
        pks = [form.instance.pk for form in formset.initial_forms if form.instance.pk is not None]
        before = {obj.pk: _fields(obj) for obj in formset.model._default_manager.filter(pk__in=pks)}
        with transaction.atomic():
            # Deleted rows are recorded while they still have their id.
            for deleted in formset.deleted_forms:
                if deleted.instance.pk is not None:
                    _record(request, deleted.instance, "admin_delete", before.get(deleted.instance.pk, {}), {})
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                _record(request, obj, "admin_add", {}, _fields(obj))
            for obj, _changed in formset.changed_objects:
                _record(request, obj, "admin_change", before.get(obj.pk, {}), _fields(obj))
