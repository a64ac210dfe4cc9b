package dev.simplelogin.session.cache;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.simplelogin.testsupport.AppInstance;
import dev.simplelogin.testsupport.HttpFlow;
import dev.simplelogin.testsupport.Postgres;
import dev.simplelogin.testsupport.PostgresAvailable;
import dev.simplelogin.testsupport.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.security.jackson.CoreJacksonModule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling upgrade on PostgreSQL: an instance that cannot read what another wrote (here,
 * an "older version" that knows none of the OpenID types) treats that session as no
 * session, and leaves it: an instance that can read it serves its owner as before.
 */
@ExtendWith(PostgresAvailable.class)
class RollingUpgradeIntegrationTests {

	private final String schema = Postgres.newName("sl_rolling");

	@AfterEach
	void dropSchema() {
		Postgres.dropSchema(this.schema);
	}

	@Test
	void sessionAnOlderInstanceCannotReadIsLeftForOneThatCan() {
		Map<String, String> database = Postgres.schemaProperties(this.schema);
		try (AppInstance current = AppInstance.start(with(database, "simplelogin.session.cache-size", "0"), "postgres");
				AppInstance older = AppInstance.start(List.of(OlderVersion.class), database, "postgres")) {
			HttpFlow onCurrent = current.browser();
			onCurrent.signIn("/secret", TestProviders.demo().account("alice"));
			HttpFlow onOlder = older.browser();
			onOlder.setCookie("SESSION", onCurrent.cookie("SESSION").orElseThrow());

			assertThat(onOlder.get("/").statusCode()).isEqualTo(200);
			assertThat(HttpFlow.location(onOlder.get("/secret")).getPath()).isEqualTo("/login");

			assertThat(older.bean(UndecodableSessions.class).reads()).isPositive();
			assertThat(storedSessions(onCurrent)).isOne();
			assertThat(onCurrent.get("/secret").statusCode()).isEqualTo(200);
		}
	}

	private int storedSessions(HttpFlow browser) {
		String id = new String(Base64.getDecoder().decode(browser.cookie("SESSION").orElseThrow()),
				StandardCharsets.US_ASCII);
		try (var connection = Postgres.connect("test");
				var statement = connection
					.prepareStatement("SELECT count(*) FROM " + this.schema + ".spring_session WHERE session_id = ?")) {
			statement.setString(1, id);
			try (var rows = statement.executeQuery()) {
				rows.next();
				return rows.getInt(1);
			}
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> with(Map<String, String> properties, String name, String value) {
		Map<String, String> all = new java.util.HashMap<>(properties);
		all.put(name, value);
		return all;
	}

	/**
	 * A session mapper that knows Spring Security's core types but none of the OpenID
	 * ones.
	 */
	static class OlderVersion {

		@Bean
		GenericConversionService springSessionConversionService() {
			BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder();
			CoreJacksonModule core = new CoreJacksonModule();
			core.configurePolymorphicTypeValidator(allowed);
			JsonMapper mapper = JsonMapper.builder()
				.addModule(core)
				.activateDefaultTyping(allowed.build(), DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY)
				.build();
			GenericConversionService conversion = new GenericConversionService();
			conversion.addConverter(Object.class, byte[].class, mapper::writeValueAsBytes);
			conversion.addConverter(byte[].class, Object.class, (bytes) -> mapper.readValue(bytes, Object.class));
			return conversion;
		}

	}

}
