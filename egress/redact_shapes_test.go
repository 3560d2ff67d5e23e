package egress

import (
	"encoding/base64"
	"strings"
	"testing"
)

// TestRedactShapes has one case per credential shape the redactor must
// catch (issue 10, item 9), each a realistic but fake value in the context
// it is usually found in. secret is what must not survive.
func TestRedactShapes(t *testing.T) {
	f := newFakeRand(90)
	hex := func(n int) string { return f.from("0123456789abcdef", n) }
	b64 := func(n int) string { return f.from(fakeBase62+"+/", n) }
	awsSecret := "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + f.from(fakeBase62, 10)
	sessionToken := "FwoGZXIvYXdzEBYaDH" + b64(180)
	openAI := "sk-proj-" + f.from(fakeBase62, 48)
	tests := []struct {
		name, in, secret string
	}{
		{"aws secret access key", "aws_secret_access_key = " + awsSecret, awsSecret},
		{"aws secret access key json", `{"SecretAccessKey": "` + awsSecret + `"}`, awsSecret},
		{"aws session token", "export AWS_SESSION_TOKEN=" + sessionToken, sessionToken},
		{"aws session token bare", "creds: " + sessionToken, sessionToken},
		{"aws session token IQoJ", "IQoJb3JpZ2luX2VjE" + b64(120), "IQoJb3JpZ2luX2VjE"},
		{"stripe live", "stripe.api_key: sk_live_" + f.from(fakeBase62, 24), "sk_live_"},
		{"stripe live bare", "charging with sk_live_" + f.from(fakeBase62, 24), "sk_live_"},
		{"stripe restricted", "rk_live_" + f.from(fakeBase62, 24), "rk_live_"},
		{"gitlab", "git clone with glpat-" + f.from(fakeBase62, 20), "glpat-"},
		{"hugging face", "HF says hf_" + f.from(fakeLower+fakeUpper, 34), "hf_"},
		{"npm", "//registry.npmjs.org/:_authToken=npm_" + f.from(fakeBase62, 36), "npm_"},
		{"npm bare", "publish with npm_" + f.from(fakeBase62, 36), "npm_"},
		{"google oauth", "access ya29.a0Af" + f.from(fakeBase62+"_-", 120), "ya29."},
		{"github 40 hex", "Authorization: token " + "4f2a" + hex(36), "4f2a"},
		{"github 40 hex env", "GITHUB_TOKEN=" + "7c1e" + hex(36), "7c1e"},
		{"azure 32 hex", "api-key: " + "9d3b" + hex(28), "9d3b"},
		{"azure subscription key", "Ocp-Apim-Subscription-Key: " + "5e8f" + hex(28), "5e8f"},
		{"azure account key", "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + b64(86) + "==;EndpointSuffix=core.windows.net", "AccountKey=" + "x"},
		{"x-api-key", "x-api-key: " + "k9" + f.from(fakeBase62, 30), "k9"},
		{"password=", "login with password=hunter2-quokka please", "hunter2-quokka"},
		{"password json", `{"user":"bob","password":"c0rrect horse"}`, "c0rrect"},
		{"dsn connection string", "Server=tcp:db.example.com,1433;Database=app;User ID=sa;Password=S3cr3t!Pw;Encrypt=true", "S3cr3t!Pw"},
		{"dsn url", "postgres://app:Pg-Pass-2024@db.internal:5432/app?sslmode=disable", "Pg-Pass-2024"},
		{"dsn go mysql", "dsn root:My5ql-pw@tcp(127.0.0.1:3306)/app", "My5ql-pw"},
		{"url password with slash", "https://alice:pa/ss-w0rd@example.com/x", "pa/ss-w0rd"},
		{"url password with hash", "https://alice:pa#ss-w0rd@example.com/x", "pa#ss-w0rd"},
		{"url password with at", "https://alice:p@ss-w0rd@example.com/x", "ss-w0rd"},
		{"query api_key", "GET https://api.example.com/v1/data?api_key=Qz" + f.from(fakeBase62, 30) + "&page=2", "Qz"},
		{"slack webhook", "POST https://hooks.slack.com/services/T0" + f.from(fakeUpper, 8) + "/B0" + f.from(fakeUpper, 8) + "/" + f.from(fakeBase62, 24), "/T0"},
		{"pgp private key", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF" + b64(200) + "\n=Ab12\n-----END PGP PRIVATE KEY BLOCK-----", "lQOYBF"},
		{"putty private key", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: alice\nPublic-Lines: 2\nAAAAC3Nz" + b64(60) + "\nPrivate-Lines: 1\nAAAAIB" + b64(40) + "\nPrivate-MAC: " + hex(64), "AAAAIB"},
		{"bearer lower case", "authorization: bearer " + f.from(fakeLower, 40), "authorization: bearer " + "x"},
		{"base64-wrapped key", "OPENAI_KEY_B64=" + base64.StdEncoding.EncodeToString([]byte(openAI)), base64.StdEncoding.EncodeToString([]byte(openAI))[:20]},
		{"jwt with %2E dots", "callback?id_token=x&t=" + strings.ReplaceAll(f.jwt(), ".", "%2E"), "%2E"},
		{"gcp service account private_key_id", `{"type": "service_account", "private_key_id": "` + hex(40) + `"}`, `"private_key_id": "` + "x"},
		{"gcp service account private_key", `{"private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvQ` + b64(300) + `\n-----END PRIVATE KEY-----\n", "client_email": "svc@proj.iam.gserviceaccount.com"}`, "MIIEvQ"},
		{"secret context", "client_secret: " + "Cs" + f.from(fakeBase62, 24), "Cs"},
		{"token context", "refresh_token=" + "Rt" + f.from(fakeBase62, 24), "Rt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := redact(tt.in)
			if !ok || !strings.Contains(got, RedactMarker) {
				t.Fatalf("redact(%q) = %q, %v: nothing redacted", tt.in, got, ok)
			}
			secret := tt.secret
			if strings.HasSuffix(secret, "x") && !strings.Contains(tt.in, secret) {
				// The case names a prefix that stays; the value after it must go.
				secret = strings.TrimSuffix(secret, "x")
				i := strings.Index(tt.in, secret) + len(secret)
				secret = tt.in[i : i+8]
			}
			if strings.Contains(got, secret) {
				t.Fatalf("redact(%q) = %q: %q survived", tt.in, got, secret)
			}
		})
	}
}

// TestRedactAfterEscapes: a key right after an escape (JSON \n, \t,
// \u003c, URL %20), written with full-width letters or split by zero-width
// characters is found on the decoded text and replaced in the original
// (issue 10, item 8).
func TestRedactAfterEscapes(t *testing.T) {
	f := newFakeRand(91)
	key := "sk-proj-" + f.from(fakeBase62, 48)
	gh := "ghp_" + f.from(fakeBase62, 36)
	fullWidth := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if r > ' ' && r < 0x7f {
				r += 0xFEE0
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	tests := []struct {
		name, in, secret string
	}{
		{"json newline", `{"role":"user","content":"my key:\n` + key + `"}`, key[8:]},
		{"json tab", `"a\t` + gh + `"`, gh[4:]},
		{"json unicode escape", `"\u003c` + gh + `\u003e"`, gh[4:]},
		{"json escaped key", `"\u0073\u006b-proj-` + key[8:] + `"`, key[8:]},
		{"json double escaped", `"line\\n` + gh + `"`, gh[4:]},
		{"url space", "q=hello%20" + gh + "%20bye", gh[4:]},
		{"url escaped password", "password%3D" + "hunter2-quokka", "hunter2-quokka"},
		{"full width", "key " + fullWidth(gh), fullWidth(gh[4:])},
		{"zero width", "key \u200b" + gh[:6] + "\u200d" + gh[6:], gh[8:]},
		{"word joiner and bom", "\ufeff" + gh[:4] + "\u2060" + gh[4:], gh[6:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := redact(tt.in)
			if !ok || strings.Contains(got, tt.secret) || !strings.Contains(got, RedactMarker) {
				t.Fatalf("redact(%q) = %q, %v: %q survived", tt.in, got, ok, tt.secret)
			}
			if again, _ := redact(got); again != got {
				t.Errorf("redact is not idempotent: %q then %q", got, again)
			}
		})
	}
}

// TestRedactLeavesTelemetryValues: what telemetry normally holds must not
// be taken for a credential (false positives cost users their data).
func TestRedactLeavesTelemetryValues(t *testing.T) {
	for _, in := range []string{
		"gpt-4o-2024-08-06",
		"claude-sonnet-4-5@20250929",
		"anthropic.claude-3-5-sonnet-20240620-v1:0",
		"models/gemini-2.5-pro",
		"accounts/fireworks/models/llama-v3p1-70b-instruct",
		"meta-llama/Llama-3.1-8B-Instruct",
		"llama3.1:8b",
		"read_file", "mcp__github__create_issue", "execute_tool search_web",
		"4bf92f3577b34da6a3ce929d0e0e4736",         // a trace id in its own field
		"00f067aa0ba902b7",                         // a span id
		"f47ac10b-58cc-4372-a567-0e02b2c3d479",     // a UUID session id
		"9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d9b1deb4d", // a commit id in its own field
		"gen_ai.usage.input_tokens: 1200",
		"max_tokens=4096",
		"the token count was 1200 tokens",
		"Basic usage of the tool", "the bearer of bad news",
		"https://api.openai.com/v1/chat/completions",
		"https://example.com:8443/path@v2",
		"call_7Q2xYz", "toolu_01A09q90qw90lq917835lq9",
		"50% done; 100%",
		`C:\new\temp`,
	} {
		if got, ok := redact(in); ok || got != in {
			t.Errorf("redact(%q) = %q, %v; want it unchanged", in, got, ok)
		}
	}
}

// TestRedactAuthNeedsMachineMadeToken pins looksMachineMade: prose of at
// least the minimum token length after "Basic" or "bearer" stays, tokens go.
func TestRedactAuthNeedsMachineMadeToken(t *testing.T) {
	for _, in := range []string{"Basic understanding of it", "the bearer instruments were late", "basic instructions follow"} {
		if got, ok := redact(in); ok {
			t.Errorf("redact(%q) = %q, want prose unchanged", in, got)
		}
	}
	f := newFakeRand(92)
	for _, tok := range []string{"Ab3dEf9hIj", "abcdefgh2", "abcdefghij+/", "a" + f.from(fakeLower, 30)} {
		in := "Authorization: Bearer " + tok
		if got, ok := redact(in); !ok || strings.Contains(got, tok) {
			t.Errorf("redact(%q) = %q, want the token redacted", in, got)
		}
	}
}
