package dev.simplelogin.support;

import java.util.Optional;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Looks through an exception's chain of causes: what failed deep down (a refused
 * connection, a bad signature) arrives wrapped by every layer between.
 */
public final class Causes {

	private Causes() {
	}

	/**
	 * Whether the exception or any of its causes matches.
	 * @param exception the exception, or {@code null}
	 * @param test what to look for
	 * @return whether one matches
	 */
	public static boolean any(@Nullable Throwable exception, Predicate<Throwable> test) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (test.test(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The first of the exception and its causes that is of the given type.
	 * @param <T> the type
	 * @param exception the exception, or {@code null}
	 * @param type the type
	 * @return the first one of that type
	 */
	public static <T extends Throwable> Optional<T> find(@Nullable Throwable exception, Class<T> type) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return Optional.of(type.cast(cause));
			}
		}
		return Optional.empty();
	}

}
