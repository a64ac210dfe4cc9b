package dev.simplelogin.session.store;

import java.math.BigInteger;
import java.net.URL;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.security.jackson.CoreJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.oauth2.client.jackson.OAuth2ClientJacksonModule;
import org.springframework.security.web.jackson.WebJacksonModule;
import org.springframework.security.web.jackson.WebServletJacksonModule;

/**
 * Session attributes are stored as JSON, not Java serialization: rows stay readable (and
 * queryable as jsonb on PostgreSQL), survive upgrades of Spring Security's classes, and
 * no Java deserialization ever runs on bytes from the database. Only the types that
 * Spring Security's Jackson modules allow can be read back.
 */
final class SessionJson {

	private SessionJson() {
	}

	/**
	 * What Spring Session JDBC converts attributes with, to and from the JSON bytes of
	 * the attribute rows.
	 * @return the conversion service
	 */
	static GenericConversionService conversionService() {
		JsonMapper mapper = mapper();
		GenericConversionService conversion = new GenericConversionService();
		conversion.addConverter(Object.class, byte[].class, mapper::writeValueAsBytes);
		conversion.addConverter(byte[].class, Object.class, (bytes) -> mapper.readValue(bytes, Object.class));
		return conversion;
	}

	/**
	 * The mapper for session attributes. Its modules are listed rather than found on the
	 * classpath as {@code SecurityJacksonModules} does: the test classpath carries the
	 * authorization server's module, which allows more types, and the tests must read
	 * sessions exactly as production does.
	 * @return the mapper
	 */
	static JsonMapper mapper() {
		// Spring Security 7.0 leaves out two claim types of ID tokens
		// (spring-security#19241), and the whole numbers that Jackson writes with their
		// type: the sign-in makes every whole claim value a Long or BigInteger
		// (PlainClaims), and everything else a claim holds is a type the modules allow.
		BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder()
			.allowIfSubType(URL.class)
			.allowIfSubType(Instant.class)
			.allowIfSubType(Long.class)
			.allowIfSubType(BigInteger.class);
		List<SecurityJacksonModule> modules = List.of(new CoreJacksonModule(), new WebJacksonModule(),
				new WebServletJacksonModule(), new OAuth2ClientJacksonModule());
		modules.forEach((module) -> module.configurePolymorphicTypeValidator(allowed));
		return JsonMapper.builder()
			.addModules(modules)
			.activateDefaultTyping(allowed.build(), DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY)
			.build();
	}

}
