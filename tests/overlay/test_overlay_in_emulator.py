# -*- coding: utf-8 -*-
"""Each overlay at work in the framework emulator: a copy of the sample agent against the fake site, once as
shipped and once with the overlay installed by hand (runtime package, config, import line). Every test
compares the two, so it fails when the overlay does nothing. Missing or corrupt configs are shown to
change nothing at all, next to a valid config that does change the outcome."""
from __future__ import absolute_import, division, print_function

import time

from harness.pmssim import fakesite
from pleximprovement.fixes import overlay

from .conftest import NO_CONFIG, log_text, messages, overlay_lines

FAST_RETRY = {'base_delay_seconds': 0.05, 'max_delay_seconds': 5.0, 'jitter': 0.0}


def hints(item):
    found = {'name': item.scanned_title}
    if item.scanned_year:
        found['year'] = str(item.scanned_year)
    return found


def naive_hit(lib):
    return [i for i in lib.items if i.naive_query_matches and i.shape == 'plain'][0]


def naive_misses(lib):
    """One title per (title shape, file name style) that searching the scanned name as it is misses."""
    chosen = {}
    for item in lib.items:
        if item.site and not item.naive_query_matches and item.shape != 'non_latin':
            chosen.setdefault((item.shape, item.style), item)
    return [chosen[key] for key in sorted(chosen)]


def ids(results):
    return [r['id'] for r in results]


def site_hits(site, path, status=None):
    return len([r for r in site.requests_seen() if r[1] == path and (status is None or r[2] == status)])


def test_browser_headers_get_past_the_bot_check(lib, make_site, make_agent):
    item = naive_hit(lib)
    site = make_site(challenge_rate=1.0)
    plain = make_agent(site)
    assert plain.agent_search(hints(item)) == []
    assert 'HTTPError: HTTP Error 403: Forbidden' in log_text(plain)
    fixed = make_agent(site, {'browser_headers': {}})
    assert ids(fixed.agent_search(hints(item))) == [item.site.site_id]
    assert 'HTTP Error 403' not in log_text(fixed)
    assert overlay_lines(fixed) == ['INFO PlexImprovement overlay active: browser_headers']
    agents = [r[3] for r in site.requests_seen() if r[2] == 200]
    assert agents and all('Chrome/' in agent for agent in agents)


def test_browser_headers_reach_code_modules_imported_before_the_line(lib, make_site, make_agent):
    """Code/ modules hold a copy of __init__'s globals: the overlay changes the kit objects they share."""
    item = naive_hit(lib)
    site = make_site(challenge_rate=1.0)

    def fetch_in_a_module(code):
        code = code.replace('REQUEST_TIMEOUT = 4\n', 'REQUEST_TIMEOUT = 4\nimport siteutil\n', 1)
        return code.replace('HTML.ElementFromURL(searchURL,', 'siteutil.page(searchURL,', 1)
    module = (u'# -*- coding: utf-8 -*-\n"""Fetches for the agent."""\n\n\n'
              u'def page(url, timeout):\n    return HTML.ElementFromURL(url, timeout=timeout)\n')
    plain = make_agent(site, edit=fetch_in_a_module, files={'Code/siteutil.py': module})
    assert plain.agent_search(hints(item)) == []
    fixed = make_agent(site, {'browser_headers': {}}, edit=fetch_in_a_module, files={'Code/siteutil.py': module})
    assert ids(fixed.agent_search(hints(item))) == [item.site.site_id]
    assert 'siteutil' in log_text(plain)  # the 403 traceback passed through the module


def test_retry_survives_429_and_waits_what_retry_after_asks(lib, make_site, make_agent):
    """search + title page + poster within one second: the poster (a lazy HTTP.Request) gets 429."""
    item = naive_hit(lib)
    plain_site = make_site(rate_limit=2, rate_window=1.0, retry_after=1)
    plain = make_agent(plain_site)
    plain.agent_search(hints(item))
    assert plain.agent_update(item.site.site_id).get('posters') is None
    assert 'HTTPError: HTTP Error 429' in log_text(plain)  # 2.7 knows no reason phrase for 429
    site = make_site(rate_limit=2, rate_window=1.0, retry_after=1)
    fixed = make_agent(site, {'retry_backoff': FAST_RETRY})
    fixed.agent_search(hints(item))
    started = time.time()
    fields = fixed.agent_update(item.site.site_id)
    assert time.time() - started >= 1.0
    assert len(fields['posters']) == 1 and fields['title'] == item.site.title
    poster = '/img/%s.jpg' % item.site.site_id
    assert site_hits(site, poster, 429) == 1 and site_hits(site, poster, 200) == 1
    retry = [line for line in overlay_lines(fixed) if 'retry_backoff:' in line]
    assert len(retry) == 1 and "HTTP 429 for '%s%s'; retry 1 of 3 in 1.00 s" % (site.base_url, poster) in retry[0]
    assert 'CRITICAL' not in log_text(fixed)


def entry_failing_first(lib, rate):
    """A title whose page answers 503 on the first attempt only, and whose poster does not."""
    for entry in lib.site_entries:
        page = [fakesite.seeded_fraction(3, '503', '/title/%s' % entry.site_id, n) < rate for n in (1, 2)]
        if page == [True, False] and fakesite.seeded_fraction(3, '503', '/img/%s.jpg' % entry.site_id, 1) >= rate:
            return entry
    raise AssertionError('no such title in the test library')


def test_retry_survives_503(lib, make_site, make_agent):
    entry = entry_failing_first(lib, 0.5)
    plain = make_agent(make_site(error_503_rate=0.5))
    assert 'title' not in plain.agent_update(entry.site_id)
    assert 'HTTPError: HTTP Error 503: Service Unavailable' in log_text(plain)
    site = make_site(error_503_rate=0.5)
    fixed = make_agent(site, {'retry_backoff': FAST_RETRY})
    assert fixed.agent_update(entry.site_id)['title'] == entry.title
    assert site_hits(site, '/title/%s' % entry.site_id) == 2
    assert any('retry_backoff: HTTP 503' in line for line in overlay_lines(fixed))


def test_retry_gives_up_within_the_time_budget(lib, make_site, make_agent):
    """Every attempt answers 503 with Retry-After: 1; 2.5 s allowed -> three attempts, then the agent gets
    the same HTTPError it gets without the overlay."""
    entry = lib.site_entries[0]
    site = make_site(error_503_rate=1.0)
    fixed = make_agent(site, {'retry_backoff': dict(FAST_RETRY, max_retries=10, max_total_seconds=2.5)})
    started = time.time()
    assert 'title' not in fixed.agent_update(entry.site_id)
    elapsed = time.time() - started
    assert 2.0 <= elapsed < 2.5 + 0.5
    assert site_hits(site, '/title/%s' % entry.site_id) == 3
    assert 'HTTPError: HTTP Error 503: Service Unavailable' in log_text(fixed)
    assert any('giving up: ' in line and '2.5 s allowed' in line for line in overlay_lines(fixed))


def test_longer_timeout_waits_for_a_slow_page(lib, make_site, make_agent):
    """Title pages take 2 s; the copy's own timeout is cut from 4 s to 1 s to keep the test short."""
    entry = lib.site_entries[0]
    site = make_site(slow_rate=1.0, slow_seconds=2.0)

    def short_timeout(code):
        return code.replace('REQUEST_TIMEOUT = 4\n', 'REQUEST_TIMEOUT = 1\n', 1)
    plain = make_agent(site, edit=short_timeout)
    assert 'title' not in plain.agent_update(entry.site_id)
    assert 'timed out' in log_text(plain)
    fixed = make_agent(site, {'network_timeout': {'timeout_seconds': 5.0}}, edit=short_timeout)
    assert fixed.agent_update(entry.site_id)['title'] == entry.title
    assert 'timed out' not in log_text(fixed)


def test_response_cache_answers_a_repeated_search_from_the_cache(lib, make_site, make_agent):
    item = naive_hit(lib)
    path = fakesite.FakeSite([], fakesite.SiteConfig.quiet()).search_path(item.scanned_title).replace('%20', '+')
    plain_site = make_site()
    plain = make_agent(plain_site)
    for _ in range(2):
        assert ids(plain.agent_search(hints(item))) == [item.site.site_id]
    assert site_hits(plain_site, path) == 2
    site = make_site()
    fixed = make_agent(site, {'response_cache': {'ttl_hours': 1.0}})
    for _ in range(2):
        assert ids(fixed.agent_search(hints(item))) == [item.site.site_id]
    assert site_hits(site, path) == 1
    assert len([line for line in messages(fixed) if 'from the HTTP cache' in line]) == 1


def test_title_variants_find_what_the_plain_search_misses(lib, make_site, make_agent):
    site = make_site()
    items = naive_misses(lib)
    assert len(items) >= 10
    plain = make_agent(site)
    assert [plain.agent_search(hints(item)) for item in items] == [[] for _ in items]
    fixed = make_agent(site, {'title_variants': {}})
    assert [ids(fixed.agent_search(hints(item))) for item in items] == [[item.site.site_id] for item in items]
    lines = messages(fixed)
    searches = len([line for line in lines if '(__init__:44) - Search Title: ' in line])
    variants = [line for line in lines if 'title_variants: no result for ' in line and '; searching ' in line]
    assert len(variants) == searches - len(items)  # every search after the agent's own one is logged
    found = [line for line in lines if 'title_variants: ' in line and ' found 1 result(s)' in line]
    assert len(found) == len(items)


def test_title_variants_leave_a_search_that_found_something_alone(lib, make_site, make_agent):
    item = naive_hit(lib)
    site = make_site()
    plain = make_agent(site)
    fixed = make_agent(site, {'title_variants': {}})
    assert fixed.agent_search(hints(item)) == plain.agent_search(hints(item))
    assert overlay_lines(fixed) == ['INFO PlexImprovement overlay active: title_variants']


def mojibake(text):
    return text.encode('utf-8').decode('cp1252')


def test_safe_decoding_repairs_a_mangled_name_so_variants_can_find_it(lib, make_site, make_agent):
    entry = [e for e in lib.site_entries if u'\xe9' in e.title][0]
    name = mojibake(entry.title)
    site = make_site()
    variants_only = make_agent(site, {'title_variants': {}})
    assert variants_only.agent_search({'name': name}) == []
    both = make_agent(site, {'title_variants': {}, 'safe_decoding': {}})
    assert ids(both.agent_search({'name': name})) == [entry.site_id]
    assert any(u"safe_decoding: media name %r repaired to '%s'" % (name, entry.title) in line
               for line in overlay_lines(both))


def scenario(lib, emu):
    """A few searches and an update: what the agent returns."""
    item, missed = naive_hit(lib), naive_misses(lib)[0]
    return [emu.agent_search(hints(item)), emu.agent_search(hints(missed)), emu.agent_update(item.site.site_id)]


def test_missing_or_corrupt_config_changes_nothing(lib, make_site, make_agent):
    site = make_site()
    plain = make_agent(site)
    expected, expected_log = scenario(lib, plain), messages(plain)
    corrupt = [NO_CONFIG, b'', b'{"format": 1, "overlays": {"retry_backoff": {', b'\xff\xfe garbage',
               b'{"format": 1, "overlays": {}}', b'{"format": 2, "overlays": {"title_variants": {}}}',
               b'{"format": 1, "overlays": {"title_variants": {"max_variants": 99}}}',
               b'{"format": 1, "overlays": {"no_such_overlay": {}}}', b'[1, 2]']
    for config in corrupt:
        emu = make_agent(site, config)
        assert scenario(lib, emu) == expected, config
        assert messages(emu) == expected_log, config
        assert 'Request' not in vars(emu.globals['HTTP']) and 'ElementFromURL' not in vars(emu.globals['HTML'])
    valid = make_agent(site, {'title_variants': {}})  # the same scenario with a valid config does differ
    assert scenario(lib, valid) != expected
    assert overlay.ACTIVE_PREFIX + ' title_variants' in log_text(valid)
