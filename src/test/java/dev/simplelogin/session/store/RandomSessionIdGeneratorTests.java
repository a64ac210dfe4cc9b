package dev.simplelogin.session.store;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RandomSessionIdGeneratorTests {

	private final RandomSessionIdGenerator generator = new RandomSessionIdGenerator();

	@Test
	void idsCarry216RandomBitsAndFitTheIdColumn() {
		String id = this.generator.generate();

		assertThat(id).hasSize(36).matches("[A-Za-z0-9_-]{36}");
		assertThat(Base64.getUrlDecoder().decode(id)).hasSize(27);
	}

	@Test
	void idsDoNotRepeat() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(this.generator.generate());
		}
		assertThat(ids).hasSize(10_000);
	}

}
