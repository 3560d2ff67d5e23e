package urlredact_test

import (
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/internal/urlredact"
)

func TestURL(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"http://localhost:4318/v1/traces", "http://localhost:4318/v1/traces"},
		{"https://user:hunter2@c.example/v1/traces", "https://user:REDACTED@c.example/v1/traces"},
		{"https://ghp_0123456789abcdefghijABCDEFGHIJ012345@c.example/", "https://REDACTED@c.example/"},
		{"https://c.example/v1/traces?api_key=SECRET&region=eu", "https://c.example/v1/traces?api_key=REDACTED&region=REDACTED"},
		{"https://c.example/?Password=P&x-api-key=K", "https://c.example/?Password=REDACTED&x-api-key=REDACTED"},
		{"https://c.example/v1/traces#access_token=T", "https://c.example/v1/traces"},
		{"  http://c.example:4318  ", "http://c.example:4318"},
		{"garbage", "garbage"},
		{"localhost:4318", "localhost:4318"},
		{"localhost:4318?key=S", "localhost:4318…"},
		{"user:pass@host:4318", "…@host:4318"},
		{"user:pass@host:4318?k=v", "…@host:4318…"},
		// Not a URL with a host: nothing after a '#', nothing before the
		// last '@' (a password may hold one).
		{"localhost:4318#token=S", "localhost:4318…"},
		{"user:p@ss@host:4318", "…@host:4318"},
		{"http://[::1:bad", "http://[::1:bad"},
	} {
		if got := urlredact.URL(tt.in); got != tt.want {
			t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// No secret survives, whatever shape the endpoint takes.
func TestURLHidesCanaries(t *testing.T) {
	const canary = "Zq9canary7Xw"
	for _, in := range []string{
		"https://u:" + canary + "@c.example/",
		"https://" + canary + "@c.example/",
		"https://c.example/?k=" + canary,
		"https://c.example/#" + canary,
		"c.example?" + canary,
		"u:" + canary + "@c.example",
		"%zz:" + canary + "@c.example",
	} {
		if got := urlredact.URL(in); strings.Contains(got, canary) {
			t.Errorf("URL(%q) = %q: shows the secret", in, got)
		}
	}
}
