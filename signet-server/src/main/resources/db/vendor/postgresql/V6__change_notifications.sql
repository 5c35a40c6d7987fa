-- Several server nodes on one PostgreSQL hear of each other's changes at once: every committed
-- change to tenants, signing keys and clients sends a notification (NOTIFY is delivered on commit
-- only, and not at all when the transaction rolls back). The channel is named after the schema, so
-- two deployments (or two test schemas) in one database do not hear each other; identifiers are
-- limited to 63 bytes, hence the hash. Payloads: 'tenants <name>', 'clients <tenant>',
-- 'signing_keys <tenant> <kid> <state>'.
CREATE FUNCTION signet_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    payload TEXT;
BEGIN
    IF TG_TABLE_NAME = 'signing_keys' THEN
        payload := 'signing_keys ' || NEW.tenant || ' ' || NEW.kid || ' ' || NEW.state;
    ELSIF TG_TABLE_NAME = 'tenants' THEN
        payload := 'tenants ' || NEW.name;
    ELSE
        payload := TG_TABLE_NAME || ' ' || NEW.tenant;
    END IF;
    PERFORM pg_notify('signet_' || md5(TG_TABLE_SCHEMA), payload);
    RETURN NULL;
END
$$;

CREATE TRIGGER tenants_notify AFTER INSERT OR UPDATE ON tenants
    FOR EACH ROW EXECUTE FUNCTION signet_notify_change();
CREATE TRIGGER signing_keys_notify AFTER INSERT OR UPDATE ON signing_keys
    FOR EACH ROW EXECUTE FUNCTION signet_notify_change();
CREATE TRIGGER clients_notify AFTER INSERT OR UPDATE ON clients
    FOR EACH ROW EXECUTE FUNCTION signet_notify_change();
