#!/usr/bin/env python3
"""Prints the path of the Payment History page N pages back, following the pager's Next links from the first page
(keyset links name a payment, not a page number).

    deep_link.py PORT HOST COOKIE N"""
import html
import re
import sys
import urllib.request

port, host, cookie, hops = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
path = "/payments"
for _ in range(hops - 1):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host, "Cookie": cookie})
    page = urllib.request.urlopen(request).read().decode("utf-8")
    found = re.search(r'href="([^"]+)" rel="next"', page)
    if not found:
        break
    path = html.unescape(found.group(1))
print(path)
