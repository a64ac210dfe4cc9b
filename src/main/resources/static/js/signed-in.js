// A signed-in page that Back or Forward restores from the browser's back/forward cache
// may belong to a session that has ended since, at the provider or on another device,
// where no answer of the app could evict it. Hide it on the way into the cache and ask
// the server again on the way out: the server shows it again or sends the browser to sign
// in. docs/design/sign-out-and-the-back-button.md
addEventListener('pagehide', (event) => {
	if (event.persisted) {
		document.documentElement.hidden = true;
	}
});
addEventListener('pageshow', (event) => {
	if (event.persisted) {
		location.reload();
	}
});
