"""Celery's ``shared_task``, made a Celery task on first use rather than at import.

Celery with kombu and amqp holds about 7 MB of a process's memory, and the task modules are
imported wherever a service enqueues one, so importing Celery with them put it in every web
worker, where a catalogue read never touches it (README, *Performance*). ``shared_task`` here
takes Celery's options and returns a ``LazyTask``: the first attribute read (``delay``,
``apply_async``, ``name``...) or call imports the Celery application (``settings.TASKS_APP``)
and makes the real task with Celery's own ``shared_task``, which everything is then handed to.

Where the application is already loaded (a Celery worker or beat: the command line imports it
before it discovers the task modules) each task is made at once, so the worker registers it as
before; ``tasks_bind`` makes the ones decorated before the application was loaded, and the
application's module calls it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

_pending: list[LazyTask] = []
_application_loaded = False


class LazyTask:
    """A Celery task made on first use; every attribute and call is the task's own."""

    def __init__(self, function: Callable[..., Any], options: dict[str, Any]) -> None:
        self._function = function
        self._options = options
        self._task: Any = None
        functools.update_wrapper(self, function)
        if _application_loaded:
            self._bind()
        else:
            _pending.append(self)

    def _bind(self) -> Any:
        if self._task is None:
            from celery import shared_task as celery_shared_task

            self._task = celery_shared_task(**self._options)(self._function)
        return self._task

    def _real(self) -> Any:
        if self._task is None:
            from django.conf import settings
            from django.utils.module_loading import import_string

            import_string(settings.TASKS_APP)  # the configured application; it binds the pending tasks
        return self._bind()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_function", "_options", "_task"):
            raise AttributeError(name)
        return getattr(self._real(), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._real()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<LazyTask {self._function.__module__}.{self._function.__qualname__}>"


def shared_task(**options: Any) -> Callable[[Callable[..., Any]], Any]:
    """``@shared_task(ignore_result=True)``, as Celery's, made on first use (``LazyTask``)."""

    def decorate(function: Callable[..., Any]) -> Any:
        return LazyTask(function, options)

    return decorate


def tasks_bind() -> None:
    """Make every task decorated so far, and each later one at once: the application is loaded."""
    global _application_loaded
    _application_loaded = True
    while _pending:
        _pending.pop()._bind()
