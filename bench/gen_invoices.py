#!/usr/bin/env python3
"""Writes a Billfold import file: one contact in three accounts holding 10, 10,000 and 100,000 invoices."""
import datetime
import json
import sys

SIZES = {"A-10": 10, "A-10K": 10_000, "A-100K": 100_000}
today = datetime.date.today()
invoices = []
for account, count in SIZES.items():
    for n in range(count):
        issued = today - datetime.timedelta(days=n % 400)
        invoices.append({
            "number": f"{account}-{n:06d}", "account": account,
            "issued_on": issued.isoformat(), "due_on": (issued + datetime.timedelta(days=30)).isoformat(),
            "currency": "USD", "tax": "1.60",
            "lines": [{"description": "Subscription", "quantity": "1", "unit_price": "20.00"},
                      {"description": "Usage", "quantity": f"{n % 7 + 1}", "unit_price": "0.75"}],
        })
json.dump({
    "accounts": [{"id": a, "name": f"Account with {c:,} invoices", "currency": "USD"} for a, c in SIZES.items()],
    "contacts": [{"email": "bench@example.com", "name": "Bench",
                  "memberships": [{"account": a, "roles": ["accounting"]} for a in SIZES]}],
    "invoices": invoices,
}, sys.stdout)
