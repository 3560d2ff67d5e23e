package egress

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestRedactBounds holds every length bound of the redactor at its edge: a
// credential exactly as long as the bound is redacted, one character less
// is left alone (a word, not a key). Moving a bound by one fails here.
func TestRedactBounds(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	// Key characters with a digit and an upper-case letter, as keys have.
	key := func(n int) string { return strings.Repeat("aB3", n/3+1)[:n] }
	// A base64 run of exactly n characters that decodes to text holding a
	// credential (password=...).
	wrapped := func(n int) string {
		text := "password=" + a(n*3/4-len("password="))
		return base64.RawStdEncoding.EncodeToString([]byte(text))
	}
	pem := func(labelLen int) string {
		label := strings.Repeat("X", labelLen-len(" PRIVATE KEY")) + " PRIVATE KEY"
		return "-----BEGIN " + label + "-----\nMIIB\n-----END " + label + "-----"
	}
	for _, tt := range []struct {
		name   string
		at, in string // at the bound, one under it
	}{
		{"sk-", "sk-" + key(20), "sk-" + key(19)},
		{"ghp_", "ghp_" + key(20), "ghp_" + key(19)},
		{"github_pat_", "github_pat_" + key(22), "github_pat_" + key(21)},
		{"AIza", "AIza" + key(30), "AIza" + key(29)},
		{"xoxb-", "xoxb-" + key(10), "xoxb-" + key(9)},
		{"jwt header", "eyJ" + key(7) + ".eyJzdWIi.sig", "eyJ" + key(6) + ".eyJzdWIi.sig"},
		{"bearer", "Bearer " + key(8), "Bearer " + key(7)},
		{"sk_live_", "sk_live_" + key(16), "sk_live_" + key(15)},
		{"rk_test_", "rk_test_" + key(16), "rk_test_" + key(15)},
		{"hf_", "hf_" + key(30), "hf_" + key(29)},
		{"ya29.", "ya29." + key(20), "ya29." + key(19)},
		{"aws session token", "FwoGZXIvYXdzE" + key(40), "FwoGZXIvYXdzE" + key(39)},
		{"token then a value", "token " + key(16), "token " + key(15)},
		{"base64-wrapped", "creds " + wrapped(24), ""},
		{"base64-wrapped, longest run decoded", "creds " + wrapped(4096), ""},
		{"URL userinfo, longest", "https://u:" + a(510) + "@h.example/", ""},
		{"PEM header, longest", pem(80), ""},
		{"slack trigger", "https://hooks.slack.com/triggers/T0/B0/" + key(24), ""},
	} {
		if len(tt.at) > 0 && !strings.Contains(Redact(tt.at), RedactMarker) {
			t.Errorf("%s: Redact(%.60q...) left it alone, want it redacted", tt.name, tt.at)
		}
		if tt.in != "" && Redact(tt.in) != tt.in {
			t.Errorf("%s: Redact(%q) = %q, want it unchanged (shorter than a key)", tt.name, tt.in, Redact(tt.in))
		}
	}
}

// TestRedactEdges has one case per decision of the matchers that no other
// case settles: what ends a URL's userinfo, which '@' ends a password,
// what a "Bearer" token and a DSN look like, and the shorter secret names.
func TestRedactEdges(t *testing.T) {
	key := func(n int) string { return strings.Repeat("aB3", n/3+1)[:n] }
	for _, tt := range []struct{ in, want string }{
		// Redacted.
		{"Bearer  " + key(20), "Bearer  " + RedactMarker},
		{"Bearer " + strings.Repeat("a", 20), "Bearer " + RedactMarker},
		{"https://first.last:1234secret@h.example/", "https://" + RedactMarker + "@h.example/"},
		{"https://u:secret@h.example/x@ y", "https://" + RedactMarker + "@h.example/x@ y"},
		{"open app:hunter2@unix(/run/mysql.sock)/db", "open " + RedactMarker + "@unix(/run/mysql.sock)/db"},
		{"pwd=hunter2", "pwd=" + RedactMarker},
		{"db_credentials=hunter2", "db_credentials=" + RedactMarker},
		{"{'password': 'hunter2'}", "{'password': '" + RedactMarker + "'}"},
		{"password: `hunter2`", "password: `" + RedactMarker + "`"},
		{"Server=db;Password=hunter2;Database=orders", "Server=db;Password=" + RedactMarker + ";Database=orders"},
		// Cut off inside the END line, or before the MAC: to the end.
		{"k -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIV", "k " + RedactMarker},
		{"k PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-Lines: 1\nAAAAIB" + key(40), "k " + RedactMarker},
		// The padding of a base64-wrapped credential goes with it.
		{"creds " + base64.StdEncoding.EncodeToString([]byte("password=hunter2xyza")), "creds " + RedactMarker},
		// Wrapped text of several lines (a credentials file) is text.
		{"creds " + base64.StdEncoding.EncodeToString([]byte("[default]\npassword=hunter2xyza")), "creds " + RedactMarker},
		// Left alone.
		{`{"password": null}`, ""},
		{"session token RefreshHandlerClass", ""},
		{"Bearer " + strings.Repeat("a", 19), ""},
		{"Basic Authentication", ""},
		{`["http://h:8080","x@example.com"]`, ""},
		{"app@tcp(db:3306)/orders", ""},
		{"gcp_projectnumberonetwothree", ""},
		{"eyJhbGciOiJIUzI1NiJ9..sig", ""},
	} {
		want := tt.want
		if want == "" {
			want = tt.in
		}
		if got := Redact(tt.in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, want)
		}
	}
}
