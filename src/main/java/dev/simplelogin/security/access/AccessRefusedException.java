package dev.simplelogin.security.access;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A person the provider vouched for, whom the access rules do not let in. The sign-in
 * fails, so nothing of them is stored; the refusal page ({@link #PAGE}) says so.
 */
public final class AccessRefusedException extends OAuth2AuthenticationException {

	/** Where the sign-in's failure handler forwards to. */
	public static final String PAGE = "/login/not-allowed";

	static final String ERROR_CODE = "account_not_allowed";

	private final String registrationId;

	private final @Nullable String address;

	private final Rules.Reason reason;

	AccessRefusedException(String registrationId, @Nullable String address, Rules.Reason reason) {
		super(new OAuth2Error(ERROR_CODE));
		this.registrationId = registrationId;
		this.address = address;
		this.reason = reason;
	}

	String registrationId() {
		return this.registrationId;
	}

	@Nullable String address() {
		return this.address;
	}

	Rules.Reason reasonCode() {
		return this.reason;
	}

	/**
	 * Which rule refused the person, in a few words without the address, for the log.
	 * @return the reason
	 */
	public String reason() {
		return this.reason.description();
	}

}
