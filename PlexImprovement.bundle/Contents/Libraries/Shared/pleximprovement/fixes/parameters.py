# -*- coding: utf-8 -*-
"""A fix's parameters: each with a type, a default and a range; values checked and described.

In: a parameter spec ({'type', 'default', 'min', 'max', 'choices', 'doc'}; types 'int', 'float',
'bool', 'choice', 'list' (a comma list of choices), 'text' (printable ASCII of length min..max))
and a value, typed (a proposal, the journal) or text (the command line, a menu query). Out: the
value in canonical form, or ValueError saying what is allowed; one line describing a parameter.

The types and their checks are the overlay config's (overlay/agent_overlay/config.py): the
target agent holds only that package, so the rules are written there once, and a value
accepted here is one the overlay accepts. Reading text is done here, since the config never
holds text numbers.
"""
from __future__ import absolute_import, division, print_function

from .overlay.agent_overlay.config import check_value, spec as overlay_spec

TEXT_TYPES = (type(u''), type(b''), str)
TRUE_WORDS = ('true', 'yes', 'on', '1')
FALSE_WORDS = ('false', 'no', 'off', '0')


def param(kind, default, low=None, high=None, choices=None, doc=''):
    """A parameter spec; ValueError (at import) when the default is not among its own values."""
    made = dict(overlay_spec(kind, default, low, high, choices), doc=doc)
    made['default'] = check_value(made, default)
    return made


def documented(specs, docs):
    """``specs`` (name -> spec) with each one's doc from ``docs``; every name needs one."""
    if sorted(specs) != sorted(docs):
        raise ValueError('parameter docs %s do not match the parameters %s' % (sorted(docs), sorted(specs)))
    return dict((name, dict(specs[name], doc=docs[name])) for name in specs)


def from_text(spec, value):
    """A number or a truth value spelled as text, read; anything else as it is."""
    if not isinstance(value, TEXT_TYPES) or spec['type'] not in ('int', 'float', 'bool'):
        return value
    text = (value.decode('ascii', 'replace') if isinstance(value, bytes) else value).strip().lower()
    if spec['type'] == 'bool':
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        return value
    try:
        number = float(text)
    except ValueError:
        return value
    if spec['type'] == 'int' and number == int(number):
        return int(number)
    return number


def check(spec, value):
    """The value in canonical form; ValueError naming what is allowed."""
    try:
        return check_value(spec, from_text(spec, value))
    except ValueError:
        raise ValueError('%s is not allowed (%s)' % (value_text(value), allowed_text(spec)))


def value_text(value):
    """A value as the command line spells it."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return u'%s' % (value,)


def allowed_text(spec):
    """What a parameter accepts, in words."""
    kind = spec['type']
    if kind in ('int', 'float'):
        noun = 'a whole number' if kind == 'int' else 'a number'
        return '%s from %s to %s' % (noun, value_text(spec['min']), value_text(spec['max']))
    if kind == 'bool':
        return 'true or false'
    if kind == 'choice':
        return 'one of ' + ', '.join(spec['choices'])
    if kind == 'list':
        return 'a comma list of ' + ', '.join(spec['choices'])
    return 'text of %d to %d printable ASCII characters' % (spec['min'], spec['max'])


def describe(name, spec):
    """One line: NAME=DEFAULT (what is allowed) doc."""
    return u'%s=%s (%s) %s' % (name, value_text(spec['default']), allowed_text(spec), spec.get('doc') or '')
