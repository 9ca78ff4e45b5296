# -*- coding: utf-8 -*-
"""What applying a fix would change on an agent, worked out without changing anything.

In: an Installer (its journal says what is applied already), a Target, a fix id and its
parameters. Out: {'fix', 'params', 'files': [{'path', 'what'}], 'diff': [lines]}: the files
the fix's plan creates, changes or deletes, and a unified diff of the text files (created and
deleted ones only when short), so the owner sees the change before confirming it. Refused for
what apply would refuse before writing: an unknown fix, a parameter out of range, a fix applied
already, the fix module's own refusals, a plan that changes nothing. Exists apart from the
installer because nothing here may take the journal's lock or write.
"""
from __future__ import absolute_import, division, print_function

import difflib

from .errors import Conflict, Refused
from .installer import validate_params
from .plan import check_plan
from .status import text_lines

SHORT_FILE_LINES = 40


def what_happens(before, after):
    return 'created' if before is None else 'deleted' if after is None else 'changed'


def file_diff(label, before, after):
    """Unified diff lines of one file; a one-line note for binary or long created/deleted files."""
    old_lines, new_lines = text_lines(before), text_lines(after)
    if old_lines is None or new_lines is None:
        return [u'Binary file %s differs' % (label,)]
    if (before is None or after is None) and len(old_lines or new_lines) > SHORT_FILE_LINES:
        return [u'%s %s (%d lines)' % ('+++ new file' if before is None else '--- deleted file', label,
                                       len(old_lines or new_lines))]
    lines = difflib.unified_diff(old_lines, new_lines, u'a/' + label if before is not None else u'/dev/null',
                                 u'b/' + label if after is not None else u'/dev/null')
    return [line.rstrip(u'\r\n') for line in lines]


def preview(installer, target, fix_id, params):
    """The files and the diff applying ``fix_id`` with ``params`` to ``target`` would make."""
    module = installer.resolve(fix_id)
    params = validate_params(module, params)
    history = installer.history(target)
    if history.open:
        raise Conflict('change %s on %s was interrupted and is not recovered yet'
                       % (history.open[0]['change'], target.name))
    if fix_id in history.applied:
        raise Conflict('fix %s is already applied to %s' % (fix_id, target.name))
    view = installer.planning_view(target, history)
    plan = check_plan(module.plan(view, params, history.applied_params()), fix_id)
    files, diff = [], []
    for root, relpath in sorted(plan):
        before, after = view.read(root, relpath), plan[(root, relpath)]
        if before == after:
            continue
        label = target.label(root, relpath)
        files.append({'path': label, 'what': what_happens(before, after)})
        diff.extend(file_diff(label, before, after))
    if not files:
        raise Refused('fix %s changes nothing on %s (is it in place already?)' % (fix_id, target.name))
    return {'fix': fix_id, 'params': params, 'files': files, 'diff': diff}
