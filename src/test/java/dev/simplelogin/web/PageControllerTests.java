package dev.simplelogin.web;

import java.time.Instant;
import java.util.List;

import dev.simplelogin.security.WebSliceTest;
import dev.simplelogin.user.UserDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

@WebSliceTest
@ExtendWith(OutputCaptureExtension.class)
class PageControllerTests {

	private static final String ISSUER = "https://accounts.google.com";

	@Autowired
	private MockMvc mvc;

	@Autowired
	private UserDirectory users;

	@Test
	void homeOffersGoogleSignInToSignedOutVisitor() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(view().name("home"))
			.andExpect(content().string(containsString("href=\"/oauth2/authorization/google\"")))
			.andExpect(content().string(containsString("Sign in with Google")))
			.andExpect(content().string(not(containsString("Sign out"))));
	}

	@Test
	void homeGreetsSignedInUserWithEmailPictureAndSignOutButton() throws Exception {
		this.mvc.perform(get("/").with(oidcLogin().oidcUser(ada("815", "Ada Lovelace"))))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Hello, Ada Lovelace")))
			.andExpect(content().string(containsString("ada@example.com")))
			.andExpect(content().string(containsString("src=\"https://lh3.googleusercontent.com/a/ada\"")))
			.andExpect(content().string(containsString("href=\"/secret\"")))
			.andExpect(content().string(containsString("action=\"/logout\"")))
			.andExpect(content().string(not(containsString("Sign in with Google"))));
	}

	@Test
	void secretPageShowsNameEmailSubjectAndIssuerFromUserMap() throws Exception {
		this.users.signedIn(ada("1047", "Ada King"));

		this.mvc.perform(get("/secret").with(oidcLogin().oidcUser(ada("1047", "Ada Lovelace"))))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Only logged in user can see this.")))
			.andExpect(content().string(containsString("Ada King")))
			.andExpect(content().string(containsString("ada@example.com")))
			.andExpect(content().string(containsString("1047")))
			.andExpect(content().string(containsString(ISSUER)));
	}

	@Test
	void publicPagesDescribeThemselvesAndSignedInPagesAskNotToBeIndexed() throws Exception {
		this.mvc.perform(get("/").accept(MediaType.TEXT_HTML))
			.andExpect(content().string(containsString("<meta name=\"description\"")))
			.andExpect(content().string(not(containsString("noindex"))));
		this.mvc.perform(get("/secret").with(oidcLogin().oidcUser(ada("1815", "Ada Lovelace"))))
			.andExpect(content().string(containsString("<meta name=\"robots\" content=\"noindex\">")));
	}

	@Test
	void signedInPagesShowOneSignOutButton() throws Exception {
		for (String page : List.of("/", "/login", "/secret", "/logout")) {
			String html = this.mvc.perform(get(page).with(oidcLogin().oidcUser(ada("1843", "Ada Lovelace"))))
				.andReturn()
				.getResponse()
				.getContentAsString();
			assertThat(html.split(">Sign out</button>", -1)).as(page).hasSize(2);
		}
	}

	@Test
	void robotsTxtKeepsCrawlersToThePublicPages() throws Exception {
		this.mvc.perform(get("/robots.txt"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_PLAIN))
			.andExpect(content().string(allOf(containsString("User-agent: *"), containsString("Disallow: /secret"))));
	}

	@Test
	void unknownPageOfASignedInPersonLogsNoWarning(CapturedOutput output) throws Exception {
		this.mvc.perform(get("/no-such-page").accept(MediaType.TEXT_HTML).with(oidcLogin()))
			.andExpect(status().isNotFound());

		assertThat(output.getAll()).doesNotContain("No mapping for GET /no-such-page", "No endpoint GET /no-such-page");
	}

	@Test
	void secretPageRedirectsAnonymousBrowserToSignIn() throws Exception {
		this.mvc.perform(get("/secret").accept(MediaType.TEXT_HTML)).andExpect(redirectedUrl("/login"));
	}

	@Test
	void secretPageAnswers401ToAnonymousJsonClient() throws Exception {
		this.mvc.perform(get("/secret").accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized())
			.andExpect(header().doesNotExist("Location"));
	}

	@Test
	void signInPageTurnsReasonIntoSentenceAndNeverEchoesInput() throws Exception {
		this.mvc.perform(get("/login").param("error", "cancelled"))
			.andExpect(content().string(containsString("You cancelled at the provider")));
		this.mvc.perform(get("/login").param("error", "<script>alert(1)</script>"))
			.andExpect(content().string(containsString("Sign-in did not work")))
			.andExpect(content().string(not(containsString("<script>alert"))))
			.andExpect(content().string(not(containsString("&lt;script&gt;"))));
	}

	@Test
	void signInPageTellsSignedInVisitorWhoIsSignedInInsteadOfAFailure() throws Exception {
		this.mvc
			.perform(get("/login").param("error", "expired").with(oidcLogin().oidcUser(ada("1852", "Ada Lovelace"))))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("You are already signed in as <strong>Ada Lovelace</strong>.")))
			.andExpect(content().string(allOf(not(containsString("role=\"alert\"")),
					not(containsString("Your sign-in expired")), not(containsString("Sign in with Google")))));
	}

	@Test
	void signInPageWithoutErrorShowsNoAlert() throws Exception {
		this.mvc.perform(get("/login"))
			.andExpect(content().string(containsString("Sign in with Google")))
			.andExpect(content().string(not(containsString("role=\"alert\""))));
	}

	@Test
	void logoutPageHoldsPostFormWithCsrfToken() throws Exception {
		this.mvc.perform(get("/logout").with(oidcLogin()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("method=\"post\"")))
			.andExpect(content().string(containsString("name=\"_csrf\"")));
	}

	@Test
	void signOutReturnsHomeWhichSaysSo() throws Exception {
		this.mvc.perform(post("/logout").with(oidcLogin()).with(csrf())).andExpect(redirectedUrl("/?logout"));
		this.mvc.perform(get("/").param("logout", ""))
			.andExpect(content().string(containsString("You have been signed out")));
	}

	@Test
	void signOutWithoutCsrfTokenAsksAgainOnTheSignOutPage() throws Exception {
		this.mvc.perform(post("/logout").with(oidcLogin())).andExpect(redirectedUrl("/logout"));
	}

	@Test
	void signedOutPageAsksForTheAnswerThatEmptiesTheBackForwardCache() throws Exception {
		this.mvc.perform(get("/").param("logout", ""))
			.andExpect(content().string(containsString("href=\"/assets/signed-out.css\"")));
		this.mvc.perform(get("/assets/signed-out.css"))
			.andExpect(status().isOk())
			.andExpect(header().string("Clear-Site-Data", "\"cache\""))
			.andExpect(header().string("Cache-Control", containsString("no-store")));
	}

	@Test
	void signedInPagesAreNeverCachedAndCarryStrictContentSecurityPolicy() throws Exception {
		this.mvc.perform(get("/secret").with(oidcLogin()))
			.andExpect(header().string("Cache-Control", containsString("no-store")))
			.andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")))
			.andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
			.andExpect(header().string("Content-Security-Policy", not(containsString("unsafe-inline"))))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"));
	}

	@Test
	void contentSecurityPolicyAllowsGooglePicturesWhenGoogleIsOffered() throws Exception {
		this.mvc.perform(get("/"))
			.andExpect(header().string("Content-Security-Policy",
					containsString("img-src 'self' https://lh3.googleusercontent.com;")));
	}

	@Test
	void pictureFromAHostThePolicyDoesNotAllowIsNotShown() throws Exception {
		OidcIdToken idToken = OidcIdToken.withTokenValue("id-token")
			.issuer("https://ada.eu.auth0.example/")
			.subject("auth0|1815")
			.claim("name", "Ada Byron")
			.claim("picture", "https://s.gravatar.com/avatar/abc.png")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300))
			.build();
		OidcUser ada = new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), idToken);

		this.mvc.perform(get("/").with(oidcLogin().oidcUser(ada)))
			.andExpect(content().string(containsString("Hello, Ada Byron")))
			.andExpect(content().string(allOf(not(containsString("<img class=\"avatar\"")),
					not(containsString("<img class=\"picture\"")), not(containsString("gravatar")))));
	}

	// The user map lives as long as the cached context: each test uses its own subject.
	private static OidcUser ada(String subject, String name) {
		OidcIdToken idToken = OidcIdToken.withTokenValue("id-token")
			.issuer(ISSUER)
			.subject(subject)
			.claim("name", name)
			.claim("email", "ada@example.com")
			.claim("email_verified", true)
			.claim("picture", "https://lh3.googleusercontent.com/a/ada")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300))
			.build();
		return new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), idToken);
	}

}
