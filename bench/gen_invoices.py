#!/usr/bin/env python3
"""Writes a Billfold import file: one contact in three accounts holding 10, 10,000 and 100,000 invoices; half of each
big account's invoices are paid by check (so Payment History has 5,000 and 50,000 payments)."""
import datetime
import json
import sys

SIZES = {"A-10": 10, "A-10K": 10_000, "A-100K": 100_000}
today = datetime.date.today()
invoices = []
payments = []
for account, count in SIZES.items():
    for n in range(count):
        issued = today - datetime.timedelta(days=n % 400)
        number = f"{account}-{n:06d}"
        invoices.append({
            "number": number, "account": account,
            "issued_on": issued.isoformat(), "due_on": (issued + datetime.timedelta(days=30)).isoformat(),
            "currency": "USD", "tax": "1.60",
            "lines": [{"description": "Subscription", "quantity": "1", "unit_price": "20.00"},
                      {"description": "Usage", "quantity": f"{n % 7 + 1}", "unit_price": "0.75"}],
        })
        if count >= 10_000 and n % 2 == 1:
            total = f"{20 + 0.75 * (n % 7 + 1) + 1.60:.2f}"
            payments.append({
                "account": account, "amount": total, "type": "check", "reference": f"CHK-{number}",
                "paid_on": (issued + datetime.timedelta(days=10)).isoformat(),
                "allocations": [{"invoice": number, "amount": total}],
            })
json.dump({
    "accounts": [{"id": a, "name": f"Account with {c:,} invoices", "currency": "USD"} for a, c in SIZES.items()],
    "contacts": [{"email": "bench@example.com", "name": "Bench",
                  "memberships": [{"account": a, "roles": ["accounting"]} for a in SIZES]}],
    "invoices": invoices,
    "payments": payments,
}, sys.stdout)
