#!/usr/bin/env python3
"""Prints the path of the page N pages into a list (Payment History, or the dashboard's invoices), following the
pager's Next links from the first page (keyset links name a payment or an invoice, not a page number).

    deep_link.py PORT HOST COOKIE N [FIRST_PAGE_PATH]      # FIRST_PAGE_PATH: /payments (default) or /"""
import html
import re
import sys
import urllib.request

port, host, cookie, hops = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
path = sys.argv[5] if len(sys.argv) > 5 else "/payments"
for _ in range(hops - 1):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host, "Cookie": cookie})
    page = urllib.request.urlopen(request).read().decode("utf-8")
    found = re.search(r'href="([^"]+)" rel="next"', page)
    if not found:
        break
    path = html.unescape(found.group(1))
print(path)
