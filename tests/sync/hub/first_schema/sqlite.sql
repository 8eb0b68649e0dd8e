-- The first hub's schema (sqlite, commit d97e53f), as it was: tests/sync/hub/test_hub_schema_versions.py
-- builds a database from it and checks the forward steps bring it up to now.
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schools (
    slug TEXT PRIMARY KEY, name TEXT NOT NULL, policy TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS invitations (
    token_digest TEXT PRIMARY KEY, school TEXT NOT NULL REFERENCES schools(slug),
    created TEXT NOT NULL, expires TEXT NOT NULL, used TEXT, device TEXT);
CREATE TABLE IF NOT EXISTS devices (
    device TEXT PRIMARY KEY, school TEXT NOT NULL REFERENCES schools(slug),
    public_key TEXT NOT NULL, enrolled TEXT NOT NULL, revoked TEXT, last_report TEXT);
CREATE TABLE IF NOT EXISTS reports (
    device TEXT NOT NULL REFERENCES devices(device), school TEXT NOT NULL,
    period TEXT NOT NULL, digest TEXT NOT NULL, report TEXT NOT NULL,
    envelope TEXT NOT NULL, receipt TEXT NOT NULL, received TEXT NOT NULL,
    PRIMARY KEY (device, school, period));
CREATE INDEX IF NOT EXISTS reports_by_school ON reports (school, period);
CREATE TABLE IF NOT EXISTS coordinators (
    username TEXT PRIMARY KEY, password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT);
