package dev.simplelogin.security;

import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

class SignInFailureTests {

	@ParameterizedTest
	@CsvSource({ "authorization_request_not_found, EXPIRED", "invalid_state_parameter, EXPIRED",
			"access_denied, CANCELLED", "invalid_id_token, REJECTED", "invalid_nonce, REJECTED",
			"invalid_grant, REJECTED", "invalid_client, MISCONFIGURED", "unauthorized_client, MISCONFIGURED",
			"login_required, NOT_ALLOWED", "server_error, UNREACHABLE", "something_new, FAILED" })
	void oauth2ErrorCodeMapsToOneSentence(String code, SignInFailure expected) {
		assertThat(SignInFailure.of(new OAuth2AuthenticationException(new OAuth2Error(code)))).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "invalid_token_response", "invalid_id_token", "invalid_user_info_response" })
	void networkFailureUnderAnyCodeMeansUnreachable(String code) {
		Exception timeout = new ResourceAccessException("I/O error", new SocketTimeoutException("Read timed out"));

		assertThat(SignInFailure.of(new OAuth2AuthenticationException(new OAuth2Error(code), timeout)))
			.isEqualTo(SignInFailure.UNREACHABLE);
	}

	@Test
	void providerAnswering5xxMeansUnreachable() {
		Exception outage = HttpServerErrorException.create(HttpStatus.BAD_GATEWAY, "Bad Gateway", HttpHeaders.EMPTY,
				new byte[0], null);

		assertThat(
				SignInFailure.of(new OAuth2AuthenticationException(new OAuth2Error("invalid_token_response"), outage)))
			.isEqualTo(SignInFailure.UNREACHABLE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "<script>alert(1)</script>", "EXPIRED", "rejected " })
	void unknownReasonInUrlShowsGenericSentence(String key) {
		assertThat(SignInFailure.fromKey(key)).isEqualTo(SignInFailure.FAILED);
	}

	@ParameterizedTest
	@ValueSource(strings = { "expired", "cancelled", "unreachable", "rejected", "denied", "setup", "failed" })
	void everyReasonRoundTripsThroughTheUrl(String key) {
		assertThat(SignInFailure.fromKey(key).key()).isEqualTo(key);
	}

	@Test
	void nonOAuth2FailureIsGeneric() {
		assertThat(SignInFailure.of(new BadCredentialsException("bad"))).isEqualTo(SignInFailure.FAILED);
	}

}
