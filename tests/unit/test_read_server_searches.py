# -*- coding: utf-8 -*-
"""read/server_searches.py: the searches the main server log shows, one per search whatever
lines the server version writes for it (hand counts in each test)."""
from __future__ import absolute_import, division, print_function

from pleximprovement.read import server_searches

CALL = b'/:/plugins/com.x/messaging/function/X0FnZW50S2l0OlNlYXJjaA__/Y2Vy/QQ_%d'
SYSTEM = b'/system/agents/search?mediaType=1&name=T%d&identifier=com.x&lang=en'


def count(messages):
    searches = server_searches.ServerSearches()
    for msg in messages:
        searches.line(msg)
    agents = {}
    searches.write(agents)
    return dict((agent, entry['search_ops_server']) for agent, entry in agents.items())


def new_server_search(n):
    """PMS 1.40: five lines about the call of the agent, the reply on another thread."""
    path = CALL % n
    return [b'Request: [127.0.0.1:5031 (Loopback)] GET ' + path + b' (12 live) #2a GZIP Signed-in Token (XXXX)',
            b'[Req#2a] [com.x] Sending command over HTTP (GET): ' + path,
            b'[Req#2a/HCl#1f] HTTP requesting GET http://127.0.0.1:37523' + path,
            b'[HttpClient/HCl#1f] HTTP/1.1 (1.6s) 200 response from GET http://127.0.0.1:37523' + path,
            b'Completed: [127.0.0.1:5031] 200 GET ' + path + b' (12 live) #2a GZIP 1602ms 677 bytes']


def old_server_search(n):
    """PMS 1.13: the request to System, then the reply of the agent."""
    return [b'Issuing search query: http://127.0.0.1:32400' + (SYSTEM % n),
            b'[com.plexapp.system] Sending command over HTTP (GET): ' + (SYSTEM % n),
            b'HTTP 200 response from GET http://127.0.0.1:32400' + (CALL % n)]


def test_each_search_counts_once_whatever_lines_it_writes():
    # 3 searches in the newer shape, one of which lost its Completed line: 3.
    lines = new_server_search(1) + new_server_search(2) + new_server_search(3)[:-1]
    assert count(lines) == {u'com.x': 3}
    # 2 searches in the older shape: 2; and only the Issuing lines of 4 searches: 4.
    assert count(old_server_search(1) + old_server_search(2)) == {u'com.x': 2}
    assert count([old_server_search(n)[0] for n in range(4)]) == {u'com.x': 4}


def test_other_calls_and_lines_are_not_searches():
    update = (b'Request: [127.0.0.1:1 (Loopback)] GET /:/plugins/com.x/messaging/function/'
              b'X0FnZW50S2l0OlVwZGF0ZU1ldGFkYXRh/A')
    assert count([update, b'[Req#2a] [com.x] HTTP reply status 200, with 412 bytes of content.',
                  b'Issuing search query: http://127.0.0.1:32400/library/search?query=x']) == {}


def test_the_agent_is_read_from_its_parameter_only():
    msg = b'Issuing search query: http://h/system/agents/search?myagent=no&identifier=com.y.z&x=1'
    assert count([msg]) == {u'com.y.z': 1}
