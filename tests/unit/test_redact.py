# -*- coding: utf-8 -*-
"""redact(): every secret shape is masked, JSON stays JSON, and no output of Phases 1-2 (reports,
saved items, the command line's text and JSON, the menu) shows a secret planted in the logs."""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import shutil
import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pleximprovement.cli import aggregate as cli_aggregate
from pleximprovement.cli import diagnose as cli_diagnose
from pleximprovement.diagnose.diagnosis import diagnose
from pleximprovement.menu import reports as menu_reports
from pleximprovement.menu.strings import Text
from pleximprovement.read.aggregate import run_aggregation
from pleximprovement.redact import IP_MASK, redact
from pleximprovement.report.aggregation import report_text, write_reports
from pleximprovement.report.diagnostic import render_markdown, write_diagnostic_report
from pleximprovement.runtime.store import FileStore


def test_tokens_keys_emails_homes_accounts():
    line = (u"GET /x?X-Plex-Token=abc123&y=1 https://api.example/s?api_key=SECRET&q=a "
            u"mail bob@example.com /home/alice/Movies /Users/bob/Library C:\\Users\\carol\\AppData "
            u"Signed-in Token (dave) {'X-Plex-Token': 'zzz'}")
    out = redact(line)
    for secret in (u'abc123', u'SECRET', u'bob@example.com', u'alice', u'/Users/bob', u'carol', u'dave', u'zzz'):
        assert secret not in out
    assert u'q=a' in out and u'y=1' in out
    assert u'X-Plex-Token=<redacted>' in out


def test_bytes_in_text_out():
    assert redact(b'/home/eve/x \xff') == u'/home/<user>/x \ufffd'
    assert redact(None) == u''


# (text with {s} where the secret goes, the text expected after redaction)
SHAPES = [
    (u"GET /library?X-Plex-Token={s}&x=1", u"GET /library?X-Plex-Token=<redacted>&x=1"),
    (u"u=http%3A%2F%2Fh%2Fa%3FX-Plex-Token%3D{s}%26x%3D1", u"u=http%3A%2F%2Fh%2Fa%3FX-Plex-Token%3D<redacted>"),
    (u"u=http%253A%252F%252Fh%253FX-Plex-Token%253D{s}", u"u=http%253A%252F%252Fh%253FX-Plex-Token%253D<redacted>"),
    (u"https://api.tmdb.org/3/search?api%5Fkey={s}&query=x",
     u"https://api.tmdb.org/3/search?api%5Fkey=<redacted>&query=x"),
    (u"https://h/cb#access_token={s}&expires_in=3600", u"https://h/cb#access_token=<redacted>&expires_in=3600"),
    (u"called with {'api_key': '{s}', 'name': u'T'}", u"called with {'api_key': '<redacted>', 'name': u'T'}"),
    (u"{u'X-Plex-Token': u'{s}'}", u"{u'X-Plex-Token': u'<redacted>'}"),
    (u'{"apikey": "{s}", "year": 1999}', u'{"apikey": "<redacted>", "year": 1999}'),
    (u'<user PlexOnlineToken="{s}" id="1"/>', u'<user PlexOnlineToken="<redacted>" id="1"/>'),
    (u'<Server authenticationToken="{s}"/>', u'<Server authenticationToken="<redacted>"/>'),
    (u"headers: X-Plex-Token {s} X-Plex-Client x", u"headers: X-Plex-Token <redacted> X-Plex-Client x"),
    (u"X-Plex-Token: {s}", u"X-Plex-Token: <redacted>"),
    (u"retrying with token={s} now", u"retrying with token=<redacted> now"),
    (u"login password={s}, user=bob", u"login password=<redacted>, user=bob"),
    (u"client_secret={s}", u"client_secret=<redacted>"),
    (u"GET /oauth/callback?code={s}&state=abc", u"GET /oauth/callback?code=<redacted>&state=abc"),
    (u"GET /oauth/authorize?client_id={s}&scope=x", u"GET /oauth/authorize?client_id=<redacted>&scope=x"),
    (u"GET https://h/x?key={s};sig={s}", u"GET https://h/x?key=<redacted>;sig=<redacted>"),
    (u"Authorization: Bearer {s}", u"Authorization: Bearer <redacted>"),
    (u"{'Authorization': 'Basic {s}'}", u"{'Authorization': 'Basic <redacted>'}"),
    (u"sent Bearer {s}", u"sent Bearer <redacted>"),
    (u"proxy http://{s}:{s}@proxy.example:8080/x", u"proxy http://<redacted>@proxy.example:8080/x"),
    (u"ftp://{s}@files.example/x", u"ftp://<redacted>@files.example/x"),
]


@pytest.mark.parametrize('shape,expected', SHAPES)
def test_each_shape_is_masked(shape, expected):
    secret = u'Sk3t-ch_9.~Q'
    out = redact(shape.replace(u'{s}', secret))
    assert out == expected
    assert redact(out) == out   # idempotent: a report redacted twice is the same report


def test_numbers_and_ordinary_words_are_left_alone():
    for text in (u'{"token_count": 5, "secret_fixes": null}', u'Tokens are counted', u'keyword arguments',
                 u'Signed-in Token (<user>)', u'search?q=a&page=2', u'status code=403 for x'):
        assert redact(text) == text


def test_redacting_json_text_keeps_the_document():
    document = {'lines': [u"X-Plex-Token=abc\"d\\e f", u'{"api_key": "s3cr3t"}', u'/home/alice/x',
                          u"Signed-in Token (bob) x", u'caf\xe9 password=\xe9t\xe9', u'/home/\xe9ve/x',
                          u'C:\\Users\\\xe9lo\\AppData'],
                'X-Plex-Token': u'zzz', 'n': 7}
    for ensure_ascii in (True, False):
        text = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=ensure_ascii)
        back = json.loads(redact(text))
        assert sorted(back) == sorted(document) and back['n'] == 7 and len(back['lines']) == 7
        flat = json.dumps(back, ensure_ascii=False)
        for secret in (u'abc', u's3cr3t', u'alice', u'bob', u'zzz', u'\xe9t\xe9', u'\xe9ve', u'\xe9lo'):
            assert secret not in flat


# ----------------------------------------------------------------------------- property test
# A planted secret starts and ends with letters found nowhere else in the outputs, so a secret
# cut in two (a pattern that stops early) still shows one of its ends.
HEAD, TAIL = u'KqXj', u'WzVb'
SECRET = st.text(alphabet=u'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~', min_size=0,
                 max_size=20).map(lambda middle: HEAD + middle + TAIL)
USER = st.text(alphabet=u'abcdefghijklmnopqrstuvwxyz0123456789', min_size=1, max_size=8).map(lambda u: HEAD + u)
PLANTS = [
    u"https://api.example.org/search?q=x&X-Plex-Token={s}&page=1",
    u"http://127.0.0.1:32400/x?u=http%3A%2F%2Fh%2Fa%3FX-Plex-Token%3D{s}%26x%3D1",
    u"https://api.themoviedb.org/3/search/movie?api%5Fkey={s}&query=Heat",
    u"https://auth.example.org/done#access_token={s}&token_type=bearer",
    u"called with {{'api_key': '{s}', 'name': u'Heat'}}",
    u'{{"apikey": "{s}", "year": 1995}}',
    u'<user PlexOnlineToken="{s}" id="1"/>',
    u"headers X-Plex-Token {s} X-Plex-Product Plex",
    u"X-Plex-Token: {s}",
    u"retry with token={s} later",
    u"GET https://auth.example.org/oauth?code={s}&client_id={s}&state=1",
    u"https://{u}:{s}@user.example.org/api/v1/items",
    u"Authorization: Bearer {s}",
    u"login with password={s}",
]
WRAPS = [
    b"%s (7f01) :  ERROR (networking:197) - Error opening URL '%s'",
    b"%s (7f01) :  DEBUG (networking:144) - Requesting '%s'",
    b"%s (7f01) :  INFO (__init__:52) - %s",
    b"%s (7f01) :  ERROR (__init__:77) - Could not fetch %s",
    b"%s (7f01) :  CRITICAL (agentkit:1018) - Exception in the search function of agent named 'X', "
    b"called with keyword arguments {'name': '%s'} (most recent call last):",
]
SEARCH = [
    b"%s (7f01) :  DEBUG (runtime:717) - Handling request GET /:/plugins/com.example.agents.leak/messaging/"
    b"function/X0FnZW50S2l0OlNlYXJjaA__/MQo_/MQo_",
    b"%s (7f01) :  INFO (agentkit:961) - Searching for matches for {'name': u'Heat', 'id': '7', "
    b"'filename': '%%2Fdata%%2FHeat.mkv'}",
]
TRACEBACK = (b'  File "/p/Plug-ins/Leak.bundle/Contents/Code/__init__.py", line 9, in search\n'
             b'    page = HTML.ElementFromURL(url)\n'
             b'HTTPError: HTTP Error 403: Forbidden for %s\n')
PLANT = st.tuples(st.sampled_from(PLANTS), SECRET, USER, st.sampled_from(range(len(WRAPS))), st.booleans())


def plugin_log(plants):
    """A plug-in log: each planted message inside a search, some followed by a traceback."""
    lines = []
    for index, (template, secret, user, wrap, with_traceback) in enumerate(plants):
        stamp = b'2024-05-02 21:%02d:%02d,000' % (index // 60, index % 60)
        message = template.format(s=secret, u=user).encode('utf-8')
        lines.extend(line % stamp for line in SEARCH)
        lines.append(WRAPS[wrap] % (stamp, message))
        if with_traceback or wrap == 4:
            lines.append(TRACEBACK % message)
        lines.append(stamp + b' (7f01) :  DEBUG (runtime:924) - Response: [500] str, 9 bytes')
    return b'\n'.join(lines) + b'\n'


def server_log(plants):
    lines = []
    for index, (template, secret, user, _wrap, _tb) in enumerate(plants):
        message = template.format(s=secret, u=user).encode('utf-8')
        lines.append(b'May 02, 2024 21:%02d:%02d.000 [0x7f01] ERROR - %s' % (index // 60, index % 60, message))
        lines.append(b'May 02, 2024 21:%02d:%02d.000 [0x7f01] DEBUG - Request: [127.0.0.1:5 (Loopback)] GET '
                     b'/library/sections?X-Plex-Token=%s (3 live) Signed-in Token (%s)' % (
                         index // 60, index % 60, secret.encode('utf-8'), user.encode('utf-8')))
    return b'\n'.join(lines) + b'\n'


def command_output(command, argv):
    out, err = io.StringIO(), io.StringIO()
    command.main(argv, out=out, err=err)
    return out.getvalue() + err.getvalue()


def planted_folder(plants):
    folder = tempfile.mkdtemp(prefix='redact-logs-')
    os.mkdir(os.path.join(folder, 'PMS Plugin Logs'))
    with io.open(os.path.join(folder, 'PMS Plugin Logs', 'com.example.agents.leak.log'), 'wb') as handle:
        handle.write(plugin_log(plants))
    with io.open(os.path.join(folder, 'Plex Media Server.log'), 'wb') as handle:
        handle.write(server_log(plants))
    return folder


def assert_no_secret(texts):
    for text in texts:
        assert HEAD not in text and TAIL not in text, text


@settings(max_examples=100, deadline=None)
@given(st.lists(PLANT, min_size=1, max_size=8))
def test_no_planted_secret_reaches_the_reports_the_command_line_or_the_menu(plants):
    """Reports as text, the command line's text and JSON on stdout and stderr, the menu's pages."""
    folder = planted_folder(plants)
    store_dir = tempfile.mkdtemp(prefix='redact-store-')
    try:
        snapshot = run_aggregation(folder)
        diagnosis = diagnose(snapshot)
        texts = [report_text(snapshot), render_markdown(diagnosis, 1)]
        for argv in (['--logs', folder], ['--logs', folder, '--json']):
            texts.append(command_output(cli_aggregate, argv))
            texts.append(command_output(cli_diagnose, argv))
        store = FileStore(store_dir)
        store.save('aggregated_logs_iteration_1.txt', texts[0])
        store.save('diagnostic_report_iteration_1.md', texts[1])
        for name in menu_reports.report_names(store):
            page = menu_reports.report_page(Text('en'), store, name, '1')
            texts.extend(entry['title'] for entry in page['entries'])
        assert_no_secret(texts)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(store_dir, ignore_errors=True)


@settings(max_examples=15, deadline=None)
@given(st.lists(PLANT, min_size=1, max_size=8))
def test_no_planted_secret_reaches_the_saved_reports(plants):
    """Every Data item the aggregation and diagnosis reports write (text and JSON)."""
    folder = planted_folder(plants)
    store_dir = tempfile.mkdtemp(prefix='redact-store-')
    try:
        snapshot = run_aggregation(folder)
        store = FileStore(store_dir)
        write_reports(store, 1, snapshot)
        write_diagnostic_report(store, 1, diagnose(snapshot))
        assert_no_secret(store.load(name).decode('utf-8') for name in store.list())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(store_dir, ignore_errors=True)


# ----------------------------------------------------------------------------- IP addresses
IP_SHAPES = [
    (u'Request: [192.168.1.20:50014 (Subnet)] GET /x', u'Request: [<ip>:50014 (Subnet)] GET /x'),
    (u'Request: [127.0.0.1:50014 (Loopback)] GET /x', u'Request: [127.0.0.1:50014 (Loopback)] GET /x'),
    (u'x-forwarded-for 203.0.113.9, 198.51.100.2', u'x-forwarded-for <ip>, <ip>'),
    (u'u=http%3A%2F%2F10.0.0.5%3A32400%2Fx', u'u=http%3A%2F%2F<ip>%3A32400%2Fx'),
    (u'u=http%253A%252F%252F10.0.0.5%253A32400', u'u=http%253A%252F%252F<ip>%253A32400'),
    (u'listening on 0.0.0.0:32400 and 127.8.9.1', u'listening on 0.0.0.0:32400 and 127.8.9.1'),
    (u'ip 8.8.8.8.', u'ip <ip>.'),
    (u'peer 2001:db8::8a2e:370:7334 said', u'peer <ip> said'),
    (u'2001:0db8:85a3:0000:0000:8a2e:0370:7334', u'<ip>'),
    (u'http://[fe80::1]:32400/ and fe80::1%eth0', u'http://[<ip>]:32400/ and <ip>%eth0'),
    (u'::ffff:192.168.1.5 ::ffff:127.0.0.1', u'::ffff:<ip> ::ffff:127.0.0.1'),
    (u'host=fe80%3A%3A1%3A2&x=1', u'host=<ip>&x=1'),
    (u'loopback ::1 and unspecified :: and 0:0:0:0:0:0:0:1', u'loopback ::1 and unspecified :: and 0:0:0:0:0:0:0:1'),
]
NOT_IPS = [u'Plex Media Server v1.32.2.7100-10f4fe4d5', u'Mozilla/5.0 Chrome/124.0.0.0 Safari/537.36',
           u'version 1.2.3.4.5', u'2024-05-02 21:07:13,482 (7f3ac2ffd700) :  INFO', u'x = items[::2]',
           u'MetadataAgentManager::getAgent', u'mac 00:1a:2b:3c:4d:5e', u'1.2.3.256 and 300.1.1.1']


@pytest.mark.parametrize('text,expected', IP_SHAPES)
def test_ip_addresses_other_than_loopback_are_masked(text, expected):
    assert redact(text) == expected
    assert redact(expected) == expected


@pytest.mark.parametrize('text', NOT_IPS)
def test_versions_times_and_code_are_not_addresses(text):
    assert redact(text) == text


OCTET = st.integers(min_value=0, max_value=255)
IPV4 = st.tuples(st.integers(min_value=1, max_value=255).filter(lambda first: first != 127), OCTET, OCTET,
                 OCTET).map(lambda parts: u'.'.join(u'%d' % p for p in parts))
GROUP = st.integers(min_value=0, max_value=0xffff).map(lambda g: u'%x' % g)
IPV6_FULL = st.lists(GROUP, min_size=8, max_size=8).filter(lambda gs: any(int(g, 16) for g in gs[:-1])).map(
    u':'.join)
IPV6_SHORT = st.tuples(st.lists(GROUP, min_size=1, max_size=3), st.lists(GROUP, min_size=1, max_size=3)).filter(
    lambda parts: int(parts[0][0], 16) != 0).map(lambda parts: u':'.join(parts[0]) + u'::' + u':'.join(parts[1]))
AROUND = st.sampled_from([u'from {a} now', u'[{a}:32400]', u'http://{a}/x', u'ip={a}&x=1', u'"{a}"', u'({a})',
                          u'{a}', u'peer {a}, next'])
AROUND6 = st.sampled_from([u'from {a} now', u'http://[{a}]:32400/', u'ip={a}&x=1', u'"{a}"', u'{a}', u'({a}).'])


@settings(max_examples=200, deadline=None)
@given(IPV4, AROUND)
def test_any_non_loopback_ipv4_is_masked_in_any_context(address, around):
    out = redact(around.format(a=address))
    assert address not in out and IP_MASK in out
    assert out == around.format(a=IP_MASK)


@settings(max_examples=200, deadline=None)
@given(st.one_of(IPV6_FULL, IPV6_SHORT), AROUND6)
def test_any_non_loopback_ipv6_is_masked_in_any_context(address, around):
    out = redact(around.format(a=address))
    assert out == around.format(a=IP_MASK)


@settings(max_examples=100, deadline=None)
@given(st.tuples(OCTET, OCTET, OCTET), AROUND)
def test_loopback_ipv4_stays(parts, around):
    text = around.format(a=u'127.%d.%d.%d' % parts)
    assert redact(text) == text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(IPV4, IPV6_FULL, st.just(u'127.0.0.1'), st.just(u'::1')), min_size=1, max_size=5))
def test_json_with_addresses_stays_json(addresses):
    document = {'peers': addresses, 'n': 3}
    back = json.loads(redact(json.dumps(document, indent=1)))
    assert back['n'] == 3 and len(back['peers']) == len(addresses)
    for before, after in zip(addresses, back['peers']):
        assert after == (before if before in (u'127.0.0.1', u'::1') else IP_MASK)
