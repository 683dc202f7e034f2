"""The task list: each wizard step with its status (not started / in progress / complete)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from applications.selectors.completeness import SECTIONS
from applications.views.applicant.common import STEPS, step_url

NOT_STARTED, IN_PROGRESS, COMPLETE = _("Nicht begonnen"), _("In Bearbeitung"), _("Vollständig")


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    url: str
    status: str
    complete: bool


def _started(application, key: str) -> bool:
    if key in SECTIONS:
        return any(getattr(application, name) not in (None, "") for name in SECTIONS[key])
    if key == "declarations":
        return application.declaration_truthful or application.declaration_data_processing
    return False


def task_list(application, missing) -> list[Task]:
    open_sections = {m.section for m in missing}
    tasks = []
    for key, title in STEPS:
        complete = key not in open_sections
        status = COMPLETE if complete else (IN_PROGRESS if _started(application, key) else NOT_STARTED)
        tasks.append(Task(key, title, step_url(application, key), status, complete))
    return tasks
