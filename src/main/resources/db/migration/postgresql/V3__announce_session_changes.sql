-- Every instance keeps decoded sessions in memory (CachingSessionRepository). These triggers
-- announce on channel spring_session_changes, with the SHA-256 of the session id, every
-- change that makes such a copy wrong: a deleted session (sign-out, or revocation by hand),
-- a new id, timeout or principal, an earlier expiry or last access set by hand, a changed
-- attribute; TRUNCATE announces '*' (forget everything). Deleting an expired session
-- announces nothing (every copy knows it expired), so the cleanup job stays cheap; nor does
-- a later last-access time alone.
CREATE FUNCTION spring_session_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('spring_session_changes', encode(sha256(convert_to(OLD.session_id, 'UTF8')), 'hex'));
	RETURN NULL;
END
$$;

CREATE TRIGGER spring_session_deleted AFTER DELETE ON spring_session
	FOR EACH ROW
	WHEN (OLD.expiry_time >= (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
	EXECUTE FUNCTION spring_session_announce_change();

CREATE TRIGGER spring_session_updated AFTER UPDATE ON spring_session
	FOR EACH ROW
	WHEN (OLD.session_id IS DISTINCT FROM NEW.session_id
		OR OLD.max_inactive_interval IS DISTINCT FROM NEW.max_inactive_interval
		OR OLD.principal_name IS DISTINCT FROM NEW.principal_name
		OR NEW.expiry_time < OLD.expiry_time
		OR NEW.last_access_time < OLD.last_access_time)
	EXECUTE FUNCTION spring_session_announce_change();

CREATE FUNCTION spring_session_announce_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('spring_session_changes', '*');
	RETURN NULL;
END
$$;

CREATE TRIGGER spring_session_truncated AFTER TRUNCATE ON spring_session
	FOR EACH STATEMENT
	EXECUTE FUNCTION spring_session_announce_truncate();

CREATE TRIGGER spring_session_attributes_truncated AFTER TRUNCATE ON spring_session_attributes
	FOR EACH STATEMENT
	EXECUTE FUNCTION spring_session_announce_truncate();

-- The function finds spring_session in the schema this migration ran in, whatever the
-- search_path of whoever changes an attribute row.
CREATE FUNCTION spring_session_attributes_announce_change() RETURNS trigger LANGUAGE plpgsql
SET search_path FROM CURRENT AS $$
DECLARE
	changed_primary_id CHAR(36);
BEGIN
	IF TG_OP = 'DELETE' THEN
		changed_primary_id := OLD.session_primary_id;
	ELSE
		changed_primary_id := NEW.session_primary_id;
	END IF;
	PERFORM pg_notify('spring_session_changes', encode(sha256(convert_to(s.session_id, 'UTF8')), 'hex'))
		FROM spring_session s WHERE s.primary_id = changed_primary_id;
	RETURN NULL;
END
$$;

-- Attribute rows deleted along with their session (pg_trigger_depth() > 0) were announced
-- by the session's own trigger.
CREATE TRIGGER spring_session_attributes_changed AFTER INSERT OR UPDATE OR DELETE ON spring_session_attributes
	FOR EACH ROW
	WHEN (pg_trigger_depth() = 0)
	EXECUTE FUNCTION spring_session_attributes_announce_change();
