-- The gateway's own id for a charge attempt (e.g. a Stripe PaymentIntent), recorded before the attempt is confirmed
-- at the gateway, so reconciliation can ask the gateway about it after a crash.
ALTER TABLE payments ADD COLUMN gateway_ref TEXT;
