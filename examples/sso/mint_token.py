"""Mint a Billfold sign-in URL with PyJWT (pip install pyjwt).

Usage: python3 mint_token.py PORTAL_URL TENANT SSO_KEY_ID SSO_SECRET EMAIL [ACCOUNT]
"""
import secrets
import sys
import time

import jwt  # PyJWT

portal_url, tenant, key_id, secret, email = sys.argv[1:6]
account = sys.argv[6] if len(sys.argv) > 6 else None

now = int(time.time())
claims = {
    "aud": f"billfold:{tenant}",
    "sub": email,
    "iat": now,
    "exp": now + 300,              # at most one hour
    "jti": secrets.token_urlsafe(16),  # each token signs in once
}
if account:
    claims["acct"] = account       # the account's external id
token = jwt.encode(claims, secret.encode(), algorithm="HS256", headers={"kid": key_id})
print(f"{portal_url.rstrip('/')}/sso?token={token}")
