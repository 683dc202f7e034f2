"""An upload that was checked on one step of a form and is needed on the next: kept in private storage.

A browser never sends a file a second time, so a form that checks first and sends on a second submit
would lose it. The checked file waits under a generated name in the default (private) storage; the
session remembers which one belongs to which form, so no user input ever names a path. Sending takes
it (and removes it); a new upload replaces it; files left behind by abandoned forms are removed after
`MAX_AGE` whenever another file is held.
"""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "held-uploads"
MAX_AGE = timedelta(days=1)
_SESSION_KEY = "held-uploads"


@dataclass(frozen=True)
class HeldUpload:
    name: str  # the uploader's file name, for display only
    path: str  # where it waits in the private storage (generated)

    def open(self) -> File:
        """The file, under its original name (as the form's upload would have been)."""
        return File(default_storage.open(self.path, "rb"), name=self.name)


def _held(request) -> dict:
    return request.session.get(_SESSION_KEY, {})


def hold(request, key: str, upload) -> HeldUpload:
    """Keep `upload` (already checked) for the form `key` of this session, replacing an earlier one."""
    discard(request, key)
    _remove_stale()
    path = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.bin", upload)
    held = HeldUpload(name=upload.name[:200], path=path)
    request.session[_SESSION_KEY] = {**_held(request), key: {"name": held.name, "path": held.path}}
    return held


def held_upload(request, key: str) -> HeldUpload | None:
    entry = _held(request).get(key)
    if entry is None or not default_storage.exists(entry["path"]):
        return None
    return HeldUpload(name=entry["name"], path=entry["path"])


def discard(request, key: str) -> None:
    """Forget and remove the file held for `key` (after it was sent, or when it is replaced)."""
    entries = _held(request)
    entry = entries.pop(key, None)
    if entry is not None:
        default_storage.delete(entry["path"])
        request.session[_SESSION_KEY] = entries


def _remove_stale() -> None:
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    limit = timezone.now() - MAX_AGE
    for name in files:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < limit:
            default_storage.delete(path)
