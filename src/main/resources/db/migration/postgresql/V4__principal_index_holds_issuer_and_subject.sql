-- The principal index holds issuer and subject (a URL, a space, up to 255 characters), not
-- the bare subject, which two providers may give to different people. PostgreSQL does not
-- change the type of a column that a trigger's condition names, so the trigger of V3 is
-- made anew around the change, in the same transaction.
DROP TRIGGER spring_session_updated ON spring_session;

ALTER TABLE spring_session ALTER COLUMN principal_name SET DATA TYPE VARCHAR(1024);

CREATE TRIGGER spring_session_updated AFTER UPDATE ON spring_session
	FOR EACH ROW
	WHEN (OLD.session_id IS DISTINCT FROM NEW.session_id
		OR OLD.max_inactive_interval IS DISTINCT FROM NEW.max_inactive_interval
		OR OLD.principal_name IS DISTINCT FROM NEW.principal_name
		OR NEW.expiry_time < OLD.expiry_time
		OR NEW.last_access_time < OLD.last_access_time)
	EXECUTE FUNCTION spring_session_announce_change();
