package dev.simplelogin.security;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Claim values as plain JSON types, so that the signed-in principal survives the session
 * store whatever a provider sends.
 * <p>
 * Nimbus parses an ID token's objects into Gson's own map type and {@code nbf} into a
 * {@code Date}, and Jackson parses userinfo integers as {@code Integer}, {@code Long} or
 * {@code BigInteger}: the session mapper's allow-list knows none of Gson's types, and an
 * {@code Integer} would come back from the store as something else than what went in.
 * Here, once, when the principal is built, every value becomes a {@code String},
 * {@code Boolean}, number, {@code LinkedHashMap}, {@code ArrayList} or {@code null}.
 * <p>
 * JSON has one kind of number, and PostgreSQL's {@code jsonb} keeps its value, not its
 * spelling ({@code 2.0E10} comes back as {@code 20000000000}). So a number is kept by its
 * value: a whole number as a {@code Long} (a {@code BigInteger} beyond), any other as a
 * {@code Double}. Times stay the {@code Instant} values that Spring Security's claim
 * converters make ({@code exp}, {@code iat}, {@code auth_time}, {@code updated_at}, and
 * {@code nbf} here), and the issuer its {@code URL}.
 */
final class PlainClaims {

	private PlainClaims() {
	}

	static Map<String, Object> of(Map<String, ?> claims) {
		Map<String, Object> plain = new LinkedHashMap<>();
		claims.forEach((name, value) -> plain.put(name, plain(value)));
		return plain;
	}

	private static @Nullable Object plain(@Nullable Object value) {
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Instant
				|| value instanceof URL) {
			return value;
		}
		if (value instanceof Date date) {
			return date.toInstant();
		}
		if (value instanceof Number number) {
			return number(number);
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> object = new LinkedHashMap<>();
			map.forEach((name, member) -> object.put(String.valueOf(name), plain(member)));
			return object;
		}
		if (value instanceof Collection<?> collection) {
			List<Object> array = new ArrayList<>(collection.size());
			collection.forEach((element) -> array.add(plain(element)));
			return array;
		}
		if (value instanceof Object[] elements) {
			return plain(Arrays.asList(elements));
		}
		// No parser of JSON makes anything else; a string at least reads back.
		return value.toString();
	}

	private static Number number(Number number) {
		if ((number instanceof Double || number instanceof Float) && !Double.isFinite(number.doubleValue())) {
			return number.doubleValue();
		}
		if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
			return number.longValue();
		}
		BigDecimal decimal = (number instanceof BigDecimal exact) ? exact
				: (number instanceof BigInteger whole) ? new BigDecimal(whole) : new BigDecimal(number.doubleValue());
		if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
			BigInteger whole = decimal.toBigIntegerExact();
			return (whole.bitLength() < Long.SIZE) ? (Number) whole.longValue() : whole;
		}
		return number.doubleValue();
	}

}
