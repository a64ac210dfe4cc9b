package dev.simplelogin.session.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.servlet.ServletRequestEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OneWaitPerRequestTests {

	private final Pool pool = new Pool();

	// Long enough never to run out within a test, so the per-request rule is seen alone
	// where a test ends the known outage by hand.
	private final OneWaitPerRequest dataSource = new OneWaitPerRequest(this.pool, Duration.ofMinutes(5));

	private final OneWaitPerRequest.Scope scope = new OneWaitPerRequest.Scope();

	private final ServletRequestEvent event = new ServletRequestEvent(new MockServletContext(),
			new MockHttpServletRequest());

	@AfterEach
	void endRequest() {
		this.scope.requestDestroyed(this.event);
	}

	@Test
	void requestThatWaitedInVainForAConnectionDoesNotWaitAgain() {
		this.scope.requestInitialized(this.event);
		this.pool.down = true;

		assertThatThrownBy(this.dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
		assertThatThrownBy(this.dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class)
			.hasMessageContaining("earlier in this request");

		assertThat(this.pool.asked).hasValue(1);
	}

	@Test
	void nextRequestAsksABusyPoolAgain() throws SQLException {
		this.scope.requestInitialized(this.event);
		this.pool.busy = true;
		assertThatThrownBy(this.dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
		assertThatThrownBy(this.dataSource::getConnection).hasMessageContaining("earlier in this request");
		this.scope.requestDestroyed(this.event);
		this.pool.busy = false;

		this.scope.requestInitialized(this.event);

		assertThat(this.dataSource.getConnection()).isNull();
		assertThat(this.pool.asked).hasValue(2);
	}

	@Test
	void poolThatCouldNotConnectFailsEveryAskAtOnceForAWhile() throws Exception {
		OneWaitPerRequest dataSource = new OneWaitPerRequest(this.pool, Duration.ofMillis(300));
		this.pool.down = true;
		assertThatThrownBy(dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
		this.pool.down = false;

		this.scope.requestInitialized(this.event);
		assertThatThrownBy(dataSource::getConnection).hasMessageContaining("a moment ago")
			.hasRootCauseMessage("Connection refused");
		this.scope.requestDestroyed(this.event);
		assertThat(this.pool.asked).hasValue(1);

		Thread.sleep(400);
		assertThat(dataSource.getConnection()).isNull();
		assertThat(this.pool.asked).hasValue(2);
	}

	@Test
	void busyPoolDoesNotFailOtherRequests() throws SQLException {
		this.pool.busy = true;
		assertThatThrownBy(this.dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
		this.pool.busy = false;

		assertThat(this.dataSource.getConnection()).isNull();
		assertThat(this.pool.asked).hasValue(2);
	}

	@Test
	void failureOtherThanAnUnreachableDatabaseIsTriedAgain() {
		this.scope.requestInitialized(this.event);
		this.pool.failure = new SQLException("password authentication failed", "28P01");

		assertThatThrownBy(this.dataSource::getConnection).hasMessageContaining("password");
		assertThatThrownBy(this.dataSource::getConnection).hasMessageContaining("password");

		assertThat(this.pool.asked).hasValue(2);
	}

	@Test
	void workOutsideARequestAsksABusyPoolAgain() {
		this.pool.busy = true;

		assertThatThrownBy(this.dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);
		assertThatThrownBy(this.dataSource::getConnection).isInstanceOf(SQLTransientConnectionException.class);

		assertThat(this.pool.asked).hasValue(2);
	}

	// Hands out no connection (null), or fails as Hikari does when its wait ran out: with
	// the last failed connection attempt as the cause, or none when the pool was only
	// busy.
	private static final class Pool implements DataSource {

		final AtomicInteger asked = new AtomicInteger();

		volatile boolean down;

		volatile boolean busy;

		volatile SQLException failure;

		@Override
		public Connection getConnection() throws SQLException {
			this.asked.incrementAndGet();
			if (this.down) {
				throw new SQLTransientConnectionException("Connection is not available, request timed out after 1000ms",
						"08001", new SQLException("Connection refused", "08001"));
			}
			if (this.busy) {
				throw new SQLTransientConnectionException(
						"Connection is not available, request timed out after 1000ms");
			}
			if (this.failure != null) {
				throw this.failure;
			}
			return null;
		}

		@Override
		public Connection getConnection(String username, String password) {
			throw new UnsupportedOperationException();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() {
			return null;
		}

		@Override
		public <T> T unwrap(Class<T> type) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return false;
		}

	}

}
