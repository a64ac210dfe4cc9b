package dev.simplelogin.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts the transactions the app commits, as the database counts them: each
 * {@code commit()}, and each statement run in auto-commit mode. Import it into a test of
 * the app ({@code @Import(CountedTransactions.class)}) and ask the bean.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CountedTransactions {

	private final AtomicInteger commits = new AtomicInteger();

	/**
	 * @return the transactions committed since the app started
	 */
	public int commits() {
		return this.commits.get();
	}

	@Bean
	static BeanPostProcessor countingDataSource(CountedTransactions counted) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return (bean instanceof DataSource dataSource) ? counted.wrap(dataSource) : bean;
			}
		};
	}

	private DataSource wrap(DataSource dataSource) {
		return proxy(DataSource.class, dataSource, (method, result) -> (result instanceof Connection connection)
				? proxy(Connection.class, connection, (inner, answer) -> {
					if (inner.getName().equals("commit")) {
						this.commits.incrementAndGet();
					}
					return (answer instanceof Statement statement)
							? counting(inner.getReturnType(), statement, connection) : answer;
				}) : result);
	}

	// Statement, PreparedStatement or CallableStatement, as the connection's method says.
	private Object counting(Class<?> type, Statement statement, Connection connection) {
		return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type },
				(proxy, method, arguments) -> {
					Object result = invoke(method, statement, arguments);
					if (method.getName().startsWith("execute") && connection.getAutoCommit()) {
						this.commits.incrementAndGet();
					}
					return result;
				});
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, T target, Answer answer) {
		InvocationHandler handler = (proxy, method, arguments) -> answer.after(method,
				invoke(method, target, arguments));
		return (T) Proxy.newProxyInstance(CountedTransactions.class.getClassLoader(), new Class<?>[] { type }, handler);
	}

	private static Object invoke(Method method, Object target, Object[] arguments) throws Throwable {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private interface Answer {

		Object after(Method method, Object result) throws Throwable;

	}

}
