-- The audit trail moved to a database of its own (binding AUDIT_DB, migrations-audit/;
-- docs/decisions/029-audit-database.md). Its rows here are kept, renamed, until the operator has
-- copied them over (docs/operations.md#moving-an-existing-audit-trail) and drops the two tables;
-- their indexes go now: nothing reads these tables any more, and the copy's export then names
-- no index the audit database already has.
DROP INDEX IF EXISTS `audit_events_occurred_at_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `audit_events_traffic_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `audit_events_login_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `audit_events_request_id_idx`;--> statement-breakpoint
DROP INDEX IF EXISTS `refused_submissions_last_at_idx`;--> statement-breakpoint
ALTER TABLE `audit_events` RENAME TO `legacy_audit_events`;--> statement-breakpoint
ALTER TABLE `refused_submissions` RENAME TO `legacy_refused_submissions`;
