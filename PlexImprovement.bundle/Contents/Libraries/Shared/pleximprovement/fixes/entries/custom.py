# -*- coding: utf-8 -*-
"""Custom fixes: unified diffs an owner drops into the data folder's custom_fixes/, as fix modules.

In: the data folder (the one holding the fix journal and backups) and a fix id 'custom:<name>'
for custom_fixes/<name>.diff (or .patch). Out: a ``CustomFix`` with the fix contract's names and
plan/unplan/verify, or Refused saying why the file cannot be one (unidiff.py's rules: paths only
inside the target's Contents/, no binary diffs or renames). The free text before the first file
may name it: lines 'Title: ...', 'Addresses: blocked, timeout' (finding kinds) and 'Agent: <bundle
or identifier>' (the agent it is for; the menu offers it for that agent), '#' allowed in front.

plan applies the diff to the target's current files (a hunk whose context does not match is
refused: nothing changes); unplan puts the original bytes back when no other fix stays, else
applies the diff in reverse to the current files; verify checks that the reverse applies, i.e.
that every changed line is in place.
"""
from __future__ import absolute_import, division, print_function

import io
import os
import re

from ... import names
from .. import unidiff
from ..errors import Refused, UnknownFix
from ..plan import BUNDLE, RESTORE_ORIGINAL

LEVER = 'custom'
ID_PREFIX = 'custom:'
SUFFIXES = ('.diff', '.patch')
NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$')
HEADER_FIELD = re.compile(r'^[#\s]*(title|addresses|agent)\s*:\s*(.*?)\s*$', re.I)
KIND = re.compile(r'^[a-z_]+$')
MAX_BYTES = 4 * 1024 * 1024


def header_fields(lines):
    fields = {}
    for line in lines:
        found = HEADER_FIELD.match(line)
        if found and found.group(2) and found.group(1).lower() not in fields:
            fields[found.group(1).lower()] = found.group(2)
    return fields


class CustomFix(object):
    """One diff as a fix module (the catalog reads the same names from it as from a module)."""

    LEVER = LEVER
    PARAMETERS = {}
    ALTERNATIVES = ()
    PRIOR = (1.0, 1.0)

    def __init__(self, name, data, source):
        self.name = name
        self.source = source
        self.ID = ID_PREFIX + name
        try:
            self.patch = unidiff.parse(data)
        except ValueError as error:
            raise Refused('custom fix %s (%s/%s) is not a usable unified diff: %s'
                          % (self.ID, names.CUSTOM_FIXES_DIR, source, error))
        fields = header_fields(self.patch.header)
        kinds = [k.strip() for k in (fields.get('addresses') or '').split(',') if KIND.match(k.strip())]
        self.TITLE = fields.get('title') or u'Custom fix %s' % (name,)
        self.ADDRESSES = dict((kind, 1.0) for kind in kinds)
        self.AGENT = fields.get('agent')
        changed = u', '.join(f.path for f in self.patch.files)
        self.DOC = u'The unified diff %s/%s, changing %s' % (names.CUSTOM_FIXES_DIR, source, changed)

    def applied_to(self, target, patches, why):
        plan = {}
        for patch in patches:
            try:
                plan[(BUNDLE, patch.path)] = unidiff.apply_file(patch, target.read(BUNDLE, patch.path))
            except ValueError as error:
                raise Refused('custom fix %s %s %s: %s' % (self.ID, why, target.name, error))
        return plan

    def plan(self, target, params, applied):
        return self.applied_to(target, self.patch.files, 'does not apply cleanly to')

    def unplan(self, target, params, remaining):
        if not remaining:
            return RESTORE_ORIGINAL
        return self.applied_to(target, [p.reversed() for p in self.patch.files],
                               'cannot be taken out (roll back the fixes applied after it first) of')

    def verify(self, target, params):
        for patch in self.patch.files:
            try:
                unidiff.apply_file(patch.reversed(), target.read(BUNDLE, patch.path))
            except ValueError as error:
                return False, 'the change to %s is not in place: %s' % (patch.path, error)
        return True, 'diff %s in place (%d file(s))' % (self.source, len(self.patch.files))


def folder(data_dir):
    return os.path.join(data_dir, names.CUSTOM_FIXES_DIR)


def sources(data_dir):
    """{name: file name} of the diffs in custom_fixes/, and [(file name, why not)] of the rest."""
    found, problems = {}, []
    try:
        listing = sorted(os.listdir(folder(data_dir)))
    except OSError:
        return found, problems
    for entry in listing:
        name, suffix = os.path.splitext(entry)
        if suffix.lower() not in SUFFIXES or not os.path.isfile(os.path.join(folder(data_dir), entry)):
            continue
        if not NAME.match(name):
            problems.append((entry, 'the name may hold only letters, digits, "_", "." and "-" (64 at most)'))
        elif name in found:
            problems.append((entry, 'another file, %s, has the same name' % (found[name],)))
        else:
            found[name] = entry
    return found, problems


def load(data_dir, fix_id):
    """The CustomFix for ``fix_id``; UnknownFix when there is no such file, Refused when it is not usable."""
    name = fix_id[len(ID_PREFIX):]
    found, _problems = sources(data_dir) if data_dir else ({}, [])
    if name not in found:
        raise UnknownFix('no custom fix %s: put %s.diff into %s' % (fix_id, name, folder(data_dir or 'DATA')))
    path = os.path.join(folder(data_dir), found[name])
    with io.open(path, 'rb') as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Refused('custom fix %s: %s is larger than %d bytes' % (fix_id, found[name], MAX_BYTES))
    return CustomFix(name, data, found[name])


def load_all(data_dir):
    """([CustomFix], [(file name, why it is not a fix)]) of the data folder's custom_fixes/."""
    found, problems = sources(data_dir)
    fixes = []
    for name in sorted(found):
        try:
            fixes.append(load(data_dir, ID_PREFIX + name))
        except Refused as error:
            problems.append((found[name], '%s' % (error,)))
    return fixes, problems
