package dev.simplelogin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in the project's Markdown files points at a file of the project: a
 * clone holds nothing beside it, so a link outside the repository is a broken link. Links
 * that start with a slash start at the repository's root, as GitHub reads them.
 */
class DocumentationLinksTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

	@Test
	void everyRelativeLinkInTheDocsPointsAtAFileOfTheProject() throws IOException {
		List<String> broken = new ArrayList<>();
		List<Path> documents = markdownFiles();
		for (Path document : documents) {
			Matcher link = LINK.matcher(Files.readString(document));
			while (link.find()) {
				String target = link.group(1);
				if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
					continue;
				}
				String file = target.replaceFirst("#.*$", "");
				// As GitHub reads them: a leading slash starts at the repository's root.
				Path resolved = (file.startsWith("/") ? ROOT.resolve(file.substring(1))
						: document.getParent().resolve(file))
					.normalize();
				if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
					broken.add(ROOT.relativize(document) + ": " + target);
				}
			}
		}

		assertThat(documents).as("the Markdown files checked")
			.extracting(Path::getFileName)
			.extracting(Path::toString)
			.contains("README.md", "SECURITY.md", "session-cache.md");
		assertThat(broken).as("links to nothing, or to outside the repository").isEmpty();
	}

	private static List<Path> markdownFiles() throws IOException {
		try (Stream<Path> files = Files.walk(ROOT)) {
			return files.filter((file) -> file.toString().endsWith(".md"))
				.filter((file) -> !ROOT.relativize(file).startsWith("target")
						&& !ROOT.relativize(file).startsWith(".git") && !ROOT.relativize(file).startsWith(".mvn"))
				.toList();
		}
	}

}
