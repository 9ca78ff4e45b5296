# -*- coding: utf-8 -*-
"""agent_overlay.searches with stand-in agents: wrappers keep the parameters the framework looks at,
variants are tried only while nothing was found, the media object gets its names back, and the agent's
own exception reaches the framework unchanged."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.fixes.overlay.agent_overlay import config, searches
from pleximprovement.fixes.overlay.agent_overlay.overlay_sandbox import Logger

from .test_fixes_overlay_agent_overlay_network import FakeLog


def accepts(function, name):
    """Framework.utils.function_accepts_arg."""
    code = function.__code__
    return name in code.co_varnames[:code.co_argcount]


def search_plain(self, results, media, lang):
    return 'plain', lang


def search_manual(self, results, media, lang, manual=False, primary=True):
    return 'manual', manual, primary


def search_hama(self, results, media, lang, manual):
    return 'hama', manual


def search_varargs(self, results, *rest, **options):
    return 'varargs', rest, options


@pytest.mark.parametrize('original', [search_plain, search_manual, search_hama, search_varargs])
def test_wrapper_keeps_names_and_defaults(original):
    seen = []

    def run(positional, varargs, keywords):
        seen.append((positional, varargs, keywords))
        return original(*(tuple(positional) + tuple(varargs)), **keywords)
    wrapper = searches.search_wrapper(original, run)
    for name in ('manual', 'primary', 'tree', 'partial', 'lang'):
        assert accepts(wrapper, name) == accepts(original, name)
    assert wrapper.__defaults__ == original.__defaults__
    args = ('agent', [], 'media', 'en', True, False)[:original.__code__.co_argcount]
    assert wrapper(*args) == original(*args)


class Media(object):
    def __init__(self, **hints):
        self.__dict__.update(hints)


class Results(list):
    Append = list.append


class Agent(object):
    version = 0

    def __init__(self, titles, fail_on=()):
        self.titles, self.fail_on, self.asked = titles, fail_on, []

    def search(self, results, media, lang, manual=False):
        self.asked.append(media.name)
        if media.name in self.fail_on:
            raise ValueError('site said no for %s' % media.name)
        if media.name in self.titles:
            results.Append(self.titles[media.name])


def run_search(agent, media, overlays, results=None):
    log = FakeLog()
    runner = searches.Searches(config.normalize_overlays(overlays), Logger(log))
    results = Results() if results is None else results
    runner.run(type(agent).search, 'name', (agent, results, media, 'en'), {'manual': False})
    return results, log


def test_variants_only_while_nothing_was_found():
    agent = Agent({u'Silent River': 'id-1'})
    results, log = run_search(agent, Media(name=u'Paramount - Silent River (1999)'), {'title_variants': {}})
    assert results == ['id-1']
    assert agent.asked == [u'Paramount - Silent River (1999)', u'Paramount - Silent River',
                           u'Paramount Silent River', u'Silent River']
    assert [line for _level, line in log.lines][-1] == \
        u"PlexImprovement overlay title_variants: 'Silent River' found 1 result(s)"
    agent.asked = []
    run_search(agent, Media(name=u'Silent River (1999)'), {'title_variants': {}}, results=Results(['other']))
    assert agent.asked == [u'Silent River (1999)', u'Silent River']  # counted from what was there before


def test_media_names_come_back_and_a_failing_variant_is_skipped():
    agent = Agent({u'Silent River': 'id-1'}, fail_on=[u'Paramount - Silent River'])
    media = Media(name=u'Paramount - Silent River (1999)')
    results, log = run_search(agent, media, {'title_variants': {}})
    assert results == ['id-1'] and media.name == u'Paramount - Silent River (1999)'
    assert (u"PlexImprovement overlay title_variants: the search for 'Paramount - Silent River' raised "
            u"ValueError: site said no for Paramount - Silent River") in [line for _level, line in log.lines]


def test_the_agent_s_own_exception_is_the_framework_s():
    agent = Agent({}, fail_on=[u'Café (1999)'])
    media = Media(name=u'CafÃ© (1999)')
    runner = searches.Searches(config.normalize_overlays({'title_variants': {}, 'safe_decoding': {}}),
                               Logger(FakeLog()))
    with pytest.raises(ValueError) as raised:
        runner.run(Agent.search, 'name', (agent, Results(), media, 'en'), {})
    assert raised.value.args == (u'site said no for Café (1999)',)
    assert agent.asked == [u'Café (1999)']  # the repaired name, and no variant after the failure
    assert media.name == u'CafÃ© (1999)'


def test_safe_decoding_repairs_for_the_search_only():
    agent = Agent({u'Café': 'id-2'})
    media = Media(name=u'CafÃ©', show=b'Caf\xe9', year=1999)
    results, log = run_search(agent, media, {'safe_decoding': {}})
    assert results == ['id-2'] and agent.asked == [u'Café']
    assert media.name == u'CafÃ©' and media.show == b'Caf\xe9'
    assert len([line for _level, line in log.lines if 'safe_decoding: media ' in line]) == 2


def test_modern_agents_take_the_hints_as_fourth_argument():
    class Modern(Agent):
        version = 1

        def search(self, results, tree, hints, lang, manual=False):
            Agent.search(self, results, hints, lang)
    agent = Modern({u'Silent River': 'id-3'})
    log = FakeLog()
    runner = searches.Searches(config.normalize_overlays({'title_variants': {}}), Logger(log))
    results = Results()
    runner.run(Modern.search, 'name', (agent, results, 'tree', Media(name=u'Silent River (2001)'), 'en'), {})
    assert results == ['id-3']


def test_search_patches_follow_the_class_tree():
    class Movies(object):
        def search(self, results, media, lang):
            pass

    class Mixin(object):
        def search(self, results, media, lang, manual):
            pass

    class Parent(Movies):
        def search(self, results, media, lang, manual=False):
            pass

    class Child(Parent):
        pass

    class Mixed(Mixin, Movies):
        pass

    class Kit(object):
        pass
    Kit.Movies = Movies
    patches = searches.search_patches(searches.Searches({}, Logger(FakeLog())), Kit)
    assert [(cls, name) for cls, name, _wrapper in patches] == [(Parent, 'search'), (Mixed, 'search')]
    assert accepts(patches[1][2], 'manual') and patches[1][2].__defaults__ is None
    Parent.search = patches[0][2]
    assert [cls for cls, _n, _w in searches.search_patches(searches.Searches({}, Logger(FakeLog())), Kit)] == [Mixed]
