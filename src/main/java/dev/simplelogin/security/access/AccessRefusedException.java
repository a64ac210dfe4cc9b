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

	private final String issuer;

	private final String subject;

	AccessRefusedException(String registrationId, @Nullable String address, Rules.Reason reason, String issuer,
			String subject) {
		super(new OAuth2Error(ERROR_CODE));
		this.registrationId = registrationId;
		this.address = address;
		this.reason = reason;
		this.issuer = issuer;
		this.subject = subject;
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
	 * The refused person's issuer, for the audit log.
	 * @return the issuer
	 */
	public String issuer() {
		return this.issuer;
	}

	/**
	 * The refused person's subject at their issuer, for the audit log.
	 * @return the subject
	 */
	public String subject() {
		return this.subject;
	}

	/**
	 * Which rule refused the person, as a stable key for the audit log and the meters
	 * ({@code email-not-listed}, ...).
	 * @return the reason's key
	 */
	public String reason() {
		return this.reason.key();
	}

	/**
	 * Which rule refused the person, in a few words without the address, for people
	 * reading the log.
	 * @return the reason in words
	 */
	public String description() {
		return this.reason.description();
	}

}
