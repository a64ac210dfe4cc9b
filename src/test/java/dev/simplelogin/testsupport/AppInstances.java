package dev.simplelogin.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances of the app that a test class starts and stops together, on one PostgreSQL
 * schema: stopped in the reverse order of their start, then the schema is dropped.
 */
public final class AppInstances implements AutoCloseable {

	private final String schema = Postgres.newName("sl_instances");

	private final List<AppInstance> started = new ArrayList<>();

	/**
	 * The properties that point an instance at this group's schema.
	 * @return the properties
	 */
	public Map<String, String> database() {
		return Postgres.schemaProperties(this.schema);
	}

	/**
	 * Starts one more instance on this group's schema.
	 * @param properties the instance's properties, besides {@link #database()}
	 * @param profiles the profiles to activate
	 * @return the running instance
	 */
	public AppInstance start(Map<String, String> properties, String... profiles) {
		Map<String, String> all = new HashMap<>(database());
		all.putAll(properties);
		AppInstance instance = AppInstance.start(all, profiles);
		this.started.add(instance);
		return instance;
	}

	/** Deletes every stored session, so that the next test starts from none. */
	public void forgetSessions() {
		execute("DELETE FROM %s.spring_session");
	}

	/**
	 * Runs a statement on this group's schema.
	 * @param sql the statement, with {@code %s} where the schema's name goes
	 */
	public void execute(String sql) {
		Postgres.execute("test", sql.formatted(this.schema));
	}

	public String schema() {
		return this.schema;
	}

	@Override
	public void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			this.started.get(i).close();
		}
		Postgres.dropSchema(this.schema);
	}

}
