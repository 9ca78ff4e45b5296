# -*- coding: utf-8 -*-
"""Why the fix machinery refuses to do something, as one exception family.

In: nothing. Out: ``Refused`` and its kinds. Each carries one line of text that names the
thing refused and what to do about it; the CLI prints that line and exits 2, the menu shows
it. A refusal always means nothing on the agent was changed (or that a failed change was
undone, and the text says so).
"""
from __future__ import absolute_import, division, print_function


class Refused(Exception):
    """The operation was not done; ``str(error)`` is the one line to show."""


class UnknownFix(Refused):
    """No fix of that id in the catalog."""


class NoImplementation(Refused):
    """The catalog lists the fix, but no module implements plan/unplan/verify yet."""


class TargetNotFound(Refused):
    """No bundle of that name or identifier in the Plug-ins folder."""


class NotAllowed(Refused):
    """The framework, System, this plug-in, or a bundle the owner did not allow."""


class PathOutside(Refused):
    """A path that leaves the target's Contents/ (or its Preferences/Caches entry)."""


class ReadOnly(Refused):
    """A file or folder the change needs to write is read-only."""


class HashMismatch(Refused):
    """A file is no longer what the last change left (someone edited it), or a backup is damaged."""


class WriteFailed(Refused):
    """The disk refused a write (full disk, permissions); the change was undone."""


class CheckFailed(Refused):
    """A changed .py file did not compile, or the fix's verify() said no; the change was undone."""


class Busy(Refused):
    """Another fix operation holds the lock (the plug-in and the CLI share the data folder)."""


class Conflict(Refused):
    """The journal's state does not allow it: already applied, not applied, or an unrecovered change."""
