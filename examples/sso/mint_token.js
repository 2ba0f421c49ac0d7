// Mint a Billfold sign-in URL with jsonwebtoken (npm install jsonwebtoken).
// Usage: node mint_token.js PORTAL_URL TENANT SSO_KEY_ID SSO_SECRET EMAIL [ACCOUNT]
const crypto = require("crypto");
const jwt = require("jsonwebtoken");

const [portalUrl, tenant, keyId, secret, email, account] = process.argv.slice(2);
const claims = {
  aud: `billfold:${tenant}`,
  sub: email,
  jti: crypto.randomBytes(16).toString("base64url"), // each token signs in once
  ...(account ? { acct: account } : {}),              // the account's external id
};
const token = jwt.sign(claims, Buffer.from(secret, "utf8"), {
  algorithm: "HS256",
  keyid: keyId,
  expiresIn: 300, // seconds; at most one hour (iat is added automatically)
});
console.log(`${portalUrl.replace(/\/$/, "")}/sso?token=${token}`);
