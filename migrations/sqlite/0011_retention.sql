-- Retention: what the periodic purge deletes by age is found by index, and a purged delivery's attempts too.
CREATE INDEX api_requests_created ON api_requests (created_at);
CREATE INDEX events_created ON events (created_at);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id);
CREATE INDEX sign_in_links_expires ON sign_in_links (expires_at);
