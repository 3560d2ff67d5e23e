package egress

import (
	"encoding/base64"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

const (
	fakeUpper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	fakeLower  = "abcdefghijklmnopqrstuvwxyz"
	fakeDigits = "0123456789"
	fakeBase62 = fakeUpper + fakeLower + fakeDigits
)

// fakeRand makes credential-shaped strings that are not real keys. A fixed
// seed keeps the tests reproducible.
type fakeRand struct{ r *rand.Rand }

func newFakeRand(seed uint64) fakeRand { return fakeRand{rand.New(rand.NewPCG(seed, 7))} }

func (f fakeRand) from(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[f.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (f fakeRand) b64url(n int) string {
	raw := make([]byte, n)
	for i := range raw {
		raw[i] = byte(f.r.UintN(256))
	}
	return base64.RawURLEncoding.EncodeToString(raw)
}

func (f fakeRand) jwt() string {
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	body := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"` + f.from(fakeDigits, 10) + `","iat":1700000000}`))
	return head + "." + body + "." + f.b64url(32)
}

// fakeCredentials returns one fake of every shape RedactString must catch.
func fakeCredentials(f fakeRand) map[string]string {
	return map[string]string{
		"openai":         "sk-" + f.from(fakeBase62, 48),
		"openai project": "sk-proj-" + f.from(fakeBase62+"_-", 156),
		"anthropic":      "sk-ant-api03-" + f.from(fakeBase62+"_-", 93) + "AA",
		"google":         "AIza" + f.from(fakeBase62+"_-", 35),
		"github ghp":     "ghp_" + f.from(fakeBase62, 36),
		"github gho":     "gho_" + f.from(fakeBase62, 36),
		"github ghs":     "ghs_" + f.from(fakeBase62, 36),
		"github ghu":     "ghu_" + f.from(fakeBase62, 36),
		"github ghr":     "ghr_" + f.from(fakeBase62, 36),
		"github pat":     "github_pat_" + f.from(fakeBase62, 22) + "_" + f.from(fakeBase62, 59),
		"aws AKIA":       "AKIA" + f.from(fakeUpper+fakeDigits, 16),
		"aws ASIA":       "ASIA" + f.from(fakeUpper+fakeDigits, 16),
		"slack bot":      "xoxb-" + f.from(fakeDigits, 12) + "-" + f.from(fakeDigits, 13) + "-" + f.from(fakeBase62, 24),
		"slack user":     "xoxp-" + f.from(fakeDigits, 12) + "-" + f.from(fakeBase62, 32),
		"slack app":      "xoxa-2-" + f.from(fakeBase62, 40),
		"slack refresh":  "xoxr-" + f.from(fakeBase62, 40),
		"jwt":            f.jwt(),
	}
}

func TestRedactStringCredentials(t *testing.T) {
	f := newFakeRand(1)
	for name, cred := range fakeCredentials(f) {
		wraps := map[string]string{
			"whole":     cred,
			"key=value": "key=" + cred,
			"sentence":  "using " + cred + " for the call",
			"quoted":    `{"api_key":"` + cred + `"}`,
			"at end":    "token: " + cred,
			"twice":     cred + "\n" + cred,
		}
		for wname, in := range wraps {
			t.Run(name+"/"+wname, func(t *testing.T) {
				got, ok := redact(in)
				if !ok {
					t.Fatalf("redact(%q) reported no redaction", in)
				}
				if strings.Contains(got, cred) {
					t.Fatalf("redact(%q) = %q, still holds the credential", in, got)
				}
				if !strings.Contains(got, RedactMarker) {
					t.Fatalf("redact(%q) = %q, want the marker", in, got)
				}
				want := strings.ReplaceAll(in, cred, RedactMarker)
				if got != want {
					t.Fatalf("redact(%q) = %q, want %q", in, got, want)
				}
			})
		}
	}
}

func TestRedactStringStructured(t *testing.T) {
	f := newFakeRand(2)
	bearer := f.from(fakeBase62, 40)
	basic := base64.StdEncoding.EncodeToString([]byte("alice:" + f.from(fakeBase62, 12)))
	pemBody := f.b64url(300)
	tests := []struct {
		name, in, want string
	}{
		{"bearer", "Authorization: Bearer " + bearer, "Authorization: Bearer " + RedactMarker},
		{"bearer lower case", "authorization: bearer " + bearer + "; next", "authorization: bearer " + RedactMarker + "; next"},
		{"bearer jwt", "Bearer " + f.jwt(), "Bearer " + RedactMarker},
		{"basic", "Authorization: Basic " + basic, "Authorization: Basic " + RedactMarker},
		{"url userinfo", "https://alice:s3cr3t@example.com/path?q=1", "https://" + RedactMarker + "@example.com/path?q=1"},
		{"url userinfo in text", "clone postgres://app:pa55@db:5432/x now", "clone postgres://" + RedactMarker + "@db:5432/x now"},
		{
			"pem block",
			"key:\n-----BEGIN RSA PRIVATE KEY-----\n" + pemBody + "\n-----END RSA PRIVATE KEY-----\ndone",
			"key:\n" + RedactMarker + "\ndone",
		},
		{
			"pem openssh",
			"-----BEGIN OPENSSH PRIVATE KEY-----\n" + pemBody + "\n-----END OPENSSH PRIVATE KEY-----",
			RedactMarker,
		},
		{"pem cut off", "x -----BEGIN PRIVATE KEY-----\n" + pemBody[:40], "x " + RedactMarker},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := redact(tt.in)
			if got != tt.want || !ok {
				t.Fatalf("redact(%q) = %q, %v; want %q, true", tt.in, got, ok, tt.want)
			}
		})
	}
}

func TestRedactStringLeavesNormalText(t *testing.T) {
	for _, in := range []string{
		"",
		"skeleton",
		"task-list",
		"risk-assessment-for-the-quarterly-review",
		"sk-1",
		"sk-short-name",
		"gpt-4o",
		"gpt-4o-2024-08-06",
		"claude-3-5-sonnet-20241022",
		"gemini-1.5-pro",
		"read_file",
		"execute_tool read_file",
		"invoke_agent coder",
		"ghp_short",
		"github_pat_",
		"AKIA123",
		"AKIAIOSFODNN7EXAMPLEX", // 17 characters after AKIA: not an access key id
		"XAKIAIOSFODNN7EXAMPL",
		"AIzaSmall",
		"xoxb-",
		"xoxz-1234567890123",
		"eyJhbGciOiJIUzI1NiJ9",     // a header alone is no token
		"eyJhbGciOiJIUzI1NiJ9.",    // nor with one dot
		"keyJust.some.dotted.name", // "eyJ" inside a word
		"f47ac10b-58cc-4372-a567-0e02b2c3d479",
		"call_7",
		"Basic usage of the tool",
		"Bearer of bad news",
		"bearer token",
		"https://example.com/path",
		"https://user@example.com/",
		"mailto:alice@example.com",
		"time 12:30@home",
		"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
		"-----BEGIN PUBLIC KEY-----",
		"a -- b ---- c",
		"日本語のテキスト sk-",
	} {
		got, ok := redact(in)
		if ok || got != in {
			t.Errorf("redact(%q) = %q, %v; want it unchanged", in, got, ok)
		}
	}
}

func TestRedactStringNoAllocWhenClean(t *testing.T) {
	in := "execute_tool read_file with gpt-4o-2024-08-06 in session f47ac10b-58cc-4372-a567-0e02b2c3d479"
	if n := testing.AllocsPerRun(100, func() { _, _ = redact(in) }); n != 0 {
		t.Fatalf("RedactString on clean text allocates %v times, want 0", n)
	}
}

func TestCapString(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
		cut   bool
	}{
		{"abc", 3, "abc", false},
		{"abcd", 3, "abc", true},
		{"héllo", 2, "hé", true},
		{"日本語", 2, "日本", true},
		{"日本語", 3, "日本語", false},
		{"", 1, "", false},
	}
	for _, tt := range tests {
		got, cut := redactCap(tt.in, tt.limit)
		if got != tt.want || cut != tt.cut {
			t.Errorf("redactCap(%q, %d) = %q, %v; want %q, %v", tt.in, tt.limit, got, cut, tt.want, tt.cut)
		}
		if !utf8.ValidString(got) {
			t.Errorf("redactCap(%q, %d) = %q: invalid UTF-8", tt.in, tt.limit, got)
		}
	}
}

func TestCleanStringRedactsBeforeCapping(t *testing.T) {
	f := newFakeRand(3)
	key := "sk-" + f.from(fakeBase62, 48)
	in := strings.Repeat("x", 10) + " " + key
	// The cap falls inside the key: capping first would leave a prefix too
	// short to be recognised, and 14 characters of the key would leave.
	got, redacted, _ := redactClean(in, 25)
	if !redacted {
		t.Fatalf("redactClean = %q, want it redacted", got)
	}
	if strings.Contains(got, key[:12]) {
		t.Fatalf("redactClean = %q, holds part of the key", got)
	}
	if want := strings.Repeat("x", 10) + " " + RedactMarker; got != want {
		t.Fatalf("redactClean = %q, want %q", got, want)
	}
}

// FuzzRedactString checks that a credential put anywhere in arbitrary text,
// on word boundaries (also after a JSON or URL escape), never survives, and that capped output stays within
// the cap.
func FuzzRedactString(f *testing.F) {
	f.Add("hello world", "", uint8(0), uint64(1), uint16(256))
	f.Add("key=", " trailing", uint8(3), uint64(2), uint16(40))
	f.Add("Bearer", "", uint8(12), uint64(3), uint16(8))
	f.Add("https://a:", "@host", uint8(5), uint64(4), uint16(300))
	f.Add("-----BEGIN RSA PRIVATE KEY-----", "", uint8(9), uint64(5), uint16(64))
	f.Add("日本語", "sk-", uint8(16), uint64(6), uint16(1))
	f.Fuzz(func(t *testing.T, prefix, suffix string, kind uint8, seed uint64, limit uint16) {
		creds := fakeCredentials(newFakeRand(seed))
		names := make([]string, 0, len(creds))
		for n := range creds {
			names = append(names, n)
		}
		// Map iteration order is random: sort for a reproducible pick.
		slices.Sort(names)
		cred := creds[names[int(kind)%len(names)]]
		// The separator before the credential: a space, or an escape that
		// decodes to one (JSON, URL).
		seps := []string{" ", `\n`, `\t`, "%20", `\u003c`}
		sep := seps[int(seed%uint64(len(seps)))]
		if strings.HasSuffix(prefix, `\`) {
			sep = " " // the escape would be escaped itself: no separator
		}
		in := prefix + sep + cred + " " + suffix

		got, ok := redact(in)
		if !ok || strings.Contains(got, cred) {
			t.Fatalf("redact(%q) = %q, %v: credential survived", in, got, ok)
		}
		lim := int(limit)%1024 + 1
		capped, _, _ := redactClean(in, lim)
		if n := utf8.RuneCountInString(capped); n > lim {
			t.Fatalf("redactClean(%q, %d) has %d characters", in, lim, n)
		}
		if strings.Contains(capped, cred) {
			t.Fatalf("redactClean(%q, %d) = %q: credential survived", in, lim, capped)
		}
	})
}

func BenchmarkRedactString(b *testing.B) {
	f := newFakeRand(4)
	for _, bc := range []struct{ name, in string }{
		{"model", "gpt-4o-2024-08-06"},
		{"sentence", "execute_tool read_file for the agent coder in session f47ac10b-58cc-4372-a567-0e02b2c3d479"},
		{"embedded key", "calling the API with key=sk-proj-" + f.from(fakeBase62, 120) + " and model gpt-4o"},
		{"content 4KiB", strings.Repeat("The quick brown fox jumps over the lazy dog; ", 92)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.in)))
			for b.Loop() {
				_, _ = redact(bc.in)
			}
		})
	}
}
