package dev.simplelogin.security;

import java.io.IOException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Times the app's calls to providers ({@code simplelogin.provider.calls}) by kind
 * (discovery, token, jwks, userinfo), provider host and outcome. The host is one of the
 * configured providers' endpoints, never anything a request chose, so the series stay
 * few.
 */
final class ProviderCallTimer implements ClientHttpRequestInterceptor {

	private final MeterRegistry meters;

	private final String call;

	ProviderCallTimer(MeterRegistry meters, String call) {
		this.meters = meters;
		this.call = call;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Timer.Sample sample = Timer.start(this.meters);
		String outcome = "io-error";
		try {
			ClientHttpResponse response = execution.execute(request, body);
			outcome = outcome(response.getStatusCode());
			return response;
		}
		finally {
			sample.stop(Timer.builder("simplelogin.provider.calls")
				.description("Calls to sign-in providers: discovery, token, jwks (signing keys), userinfo")
				.tag("call", this.call)
				.tag("host", String.valueOf(request.getURI().getHost()))
				.tag("outcome", outcome)
				.register(this.meters));
		}
	}

	private static String outcome(HttpStatusCode status) {
		if (status.is2xxSuccessful()) {
			return "success";
		}
		return status.is4xxClientError() ? "client-error" : "server-error";
	}

}
