# -*- coding: utf-8 -*-
"""agent_overlay.install with stand-in kits: nothing without a valid config, all or nothing on an error,
one active line, and no second layer of wrappers when installed twice."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.fixes.overlay import agent_overlay
from pleximprovement.fixes.overlay.agent_overlay import config

from .test_fixes_overlay_agent_overlay_network import FakeHTML, FakeHTTP, FakeLog


class FakeXML(FakeHTML):
    ObjectFromURL = FakeHTML.ElementFromURL


class FakeJSON(object):
    def ObjectFromURL(self, url, headers={}, timeout=None):
        return url


class Movies(object):
    pass


class AgentKit(object):
    Movies = Movies


class MovieAgent(Movies):
    def search(self, results, media, lang, manual=False):
        results.append(media)


def make_kits(log=None):
    http = FakeHTTP([b'ok'] * 10)
    return [http, FakeHTML(http), FakeXML(http), FakeJSON(), log or FakeLog(), AgentKit]


def changed(kits):
    """The attributes the overlay set: on the kit objects, and the agent class's search."""
    names = [name for kit in kits[:4] for name in vars(kit) if name in ('Request', 'ElementFromURL', 'ObjectFromURL')]
    return names + (['search'] if getattr(MovieAgent.search, 'pleximprovement_overlay', False) else [])


@pytest.fixture
def use_config(monkeypatch):
    original = MovieAgent.__dict__['search']

    def setter(overlays):
        monkeypatch.setattr(agent_overlay, 'load_config', lambda: config.normalize_overlays(overlays))
    yield setter
    MovieAgent.search = original


def test_nothing_without_config(use_config):
    use_config({})
    kits = make_kits()
    assert agent_overlay.install(*kits) == [] and changed(kits) == [] and kits[4].lines == []
    use_config({'title_variants': {}})
    assert agent_overlay.install(*kits[:5]) == [] and changed(kits) == []


def test_install_wraps_once_and_says_so(use_config):
    use_config({'retry_backoff': {}, 'title_variants': {}, 'browser_headers': {}})
    kits = make_kits()
    assert agent_overlay.install(*kits) == ['browser_headers', 'retry_backoff', 'title_variants']
    assert sorted(changed(kits)) == ['ElementFromURL', 'ElementFromURL', 'ObjectFromURL', 'ObjectFromURL',
                                     'Request', 'search']
    assert kits[4].lines == [('Info', 'PlexImprovement overlay active: browser_headers, retry_backoff, '
                                      'title_variants')]
    request, search = kits[0].Request, MovieAgent.search
    agent_overlay.install(*kits)
    assert kits[0].Request is request and MovieAgent.search == search


def test_an_error_while_installing_undoes_everything(use_config):
    use_config({'retry_backoff': {}, 'safe_decoding': {}})

    class Frozen(FakeJSON):
        def __setattr__(self, name, value):
            raise AttributeError('read-only kit')
    kits = make_kits()
    kits[3] = Frozen()
    assert agent_overlay.install(*kits) == []
    assert changed(kits) == []
    assert kits[4].lines == [('Warn', 'PlexImprovement overlay not installed: AttributeError: read-only kit')]
