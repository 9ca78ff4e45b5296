# -*- coding: utf-8 -*-
"""trial/outcome.py: every state of one refresh's outcome, pair changes, new error classes."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.trial.outcome import IMPROVED, UNCHANGED, WORSENED, change, judge, new_error_items

AGENT = u'com.plexapp.agents.sampleagent'
FILE = u'/data/movies/The.Silent.River.2004.1080p.BluRay.x264-SPARKS.mkv'


def item(**changes):
    base = {'rating_key': u'4', 'guid': AGENT + u'://44?lang=en', 'guid_agent': AGENT, 'matched': True,
            'title': u'The Silent River', 'year': 2004, 'has_summary': True, 'has_poster': True,
            'updated_at': 200, 'file': FILE}
    base.update(changes)
    return base


def unmatched(**changes):
    fields = dict(guid=u'local://4', guid_agent=u'local', matched=False, title=u'The Silent River 2004 1080p',
                  year=None, has_summary=False, has_poster=False, updated_at=100)
    fields.update(changes)
    return item(**fields)


def test_success():
    outcome = judge({'item': item(), 'before': unmatched(), 'errors': ['http 404', 'http 404']}, AGENT)
    assert outcome == {
        'success': True, 'state': 'success', 'guid_agent': AGENT, 'fields': {'summary': True, 'poster': True},
        'plausibility': {'title_score': 1.0, 'file_title': u'silent river', 'file_year': 2004, 'year_ok': True,
                         'plausible': True},
        'errors': ['http 404']}


@pytest.mark.parametrize('refresh, state', [
    ({'item': item(), 'finished': False}, 'not_finished'),
    ({'item': item(), 'update_failed': True}, 'update_failed'),
    ({'item': unmatched()}, 'unmatched'),
    ({'item': item(guid=u'com.plexapp.agents.other://1', guid_agent=u'com.plexapp.agents.other')}, 'other_agent'),
    ({'item': item(updated_at=100), 'before': item(updated_at=100)}, 'not_updated'),
    ({'item': item(has_summary=False)}, 'missing_fields'),
    ({'item': item(title=u'Crimson Harbor')}, 'implausible'),
    ({'item': item(year=1987)}, 'implausible'),
    ({'item': item(has_poster=False)}, 'success'),      # the poster is reported, not required
    ({'item': item(file=None)}, 'success'),             # nothing to check plausibility against
])
def test_states(refresh, state):
    outcome = judge(refresh, AGENT)
    assert outcome['state'] == state
    assert outcome['success'] is (None if state == 'not_finished' else state == 'success')


def test_required_fields_and_title_score_are_parameters():
    assert judge({'item': item(has_poster=False)}, AGENT, required=('summary', 'poster'))['state'] == 'missing_fields'
    loose = item(title=u'Silent Harbor')
    assert judge({'item': loose}, AGENT)['state'] == 'implausible'
    assert judge({'item': loose}, AGENT, min_title_score=0.3)['state'] == 'success'


def test_change():
    ok, bad, unknown = {'success': True}, {'success': False}, {'success': None}
    assert change(bad, ok) == IMPROVED
    assert change(ok, bad) == WORSENED
    assert change(ok, ok) == UNCHANGED and change(bad, bad) == UNCHANGED
    assert change(unknown, ok) is None and change(bad, unknown) is None


def test_new_error_items_counts_only_classes_the_baseline_never_showed():
    befores = [{'errors': ['timeout']}, {'errors': []}, {}]
    afters = [{'errors': ['timeout', 'KeyError']}, {'errors': ['KeyError', 'KeyError']}, {'errors': ['http 429']}]
    assert new_error_items(befores, afters) == {'KeyError': 2, 'http 429': 1}
    assert new_error_items([], []) == {}
