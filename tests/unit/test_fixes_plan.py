# -*- coding: utf-8 -*-
"""fixes/plan.py: a fix module's plan checked into one canonical form."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.fixes.errors import PathOutside, Refused
from pleximprovement.fixes.plan import RESTORE_ORIGINAL, ROOTS, check_plan, native


def test_a_good_plan_is_kept():
    plan = {('bundle', u'Contents/Code/__init__.py'): b'x', ('preferences', ''): None, ('caches', 'a/b'): None}
    checked = check_plan(plan, 'f')
    assert checked == plan and all(isinstance(k[1], str) for k in checked)
    assert ROOTS == ('bundle', 'preferences', 'caches') and repr(RESTORE_ORIGINAL) == 'RESTORE_ORIGINAL'


@pytest.mark.parametrize('plan, kind, text', [
    ([('bundle', 'x')], Refused, 'not a dict'),
    ({'Contents/x': b'x'}, Refused, 'not a (root, path) pair'),
    ({('home', 'x'): b'x'}, PathOutside, "unknown root 'home'"),
    ({('bundle', 'Contents/x'): u'text'}, Refused, 'not bytes'),
])
def test_bad_plans_are_refused(plan, kind, text):
    with pytest.raises(kind) as error:
        check_plan(plan, 'f')
    assert text in str(error.value) and str(error.value).startswith('fix f')


def test_native():
    assert native(u'a') == 'a' and native(b'a') == 'a' and isinstance(native(u'é'), str)
