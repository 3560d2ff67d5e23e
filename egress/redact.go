package egress

import (
	"strings"
	"unicode/utf8"
)

// RedactMarker replaces every credential Redact finds.
const RedactMarker = "[REDACTED]"

// Minimum token lengths after a prefix. They keep short, word-like strings
// ("sk-1", "ghp_x") from being taken for credentials; real keys are far
// longer (OpenAI 48+, GitHub classic 36, Google 35 characters).
const (
	minSKLen       = 20
	minGHLen       = 20
	minGHPATLen    = 22
	minAIzaLen     = 30
	minSlackLen    = 10
	minJWTHead     = 10
	minAuthLen     = 8
	minStripeLen   = 16
	minGitLabLen   = 20
	minHFLen       = 30
	minNPMLen      = 36
	minYa29Len     = 20
	minAWSTokenLen = 40
	// A token after "token " with no "=" or ":" must look machine-made and
	// be at least this long: "token count" is prose.
	minSpacedValueLen = 16
	// A run of base64 characters at least this long is decoded to look for
	// a credential wrapped in base64.
	minBase64Run = 24
	maxBase64Run = 4096
	maxUserinfo  = 512
	maxPEMHeader = 80
	maxKeyName   = 64
)

// class holds, for each byte, whether a credential (or the separator
// after a secret's name) can start at it, and whether it belongs to the
// base64 alphabet. Everything else is skipped with one table load, which
// keeps the common case (model names, tool names, ids) at a few ns.
var class = func() (t [256]uint8) {
	for _, c := range "sgAxeBbrhnyFIP" {
		t[c] |= classTrigger | classWordStart
	}
	for _, c := range "-:=@ " {
		t[c] |= classTrigger
	}
	for c := 0; c < 256; c++ {
		if isB64Body(byte(c)) {
			t[c] |= classB64
		}
		if isAlnum(byte(c)) {
			t[c] |= classAlnum
		}
	}
	return t
}()

const (
	classTrigger   uint8 = 1 << iota
	classWordStart       // a trigger only at a word boundary
	classB64
	classAlnum
)

// Redact returns s with every substring that looks like a credential
// replaced by RedactMarker. It recognises API keys and tokens by their
// prefixes (OpenAI and Anthropic sk-, Stripe sk_live_/rk_live_, Google
// AIza and ya29., GitHub ghp_/gho_/ghs_/ghu_/ghr_/github_pat_, GitLab
// glpat-, Hugging Face hf_, npm npm_, Slack xox?-, AWS access key ids and
// session tokens), JWTs, Bearer and Basic authorization values (the scheme
// word is kept), PEM, PGP and PuTTY private keys, the password part of URLs
// and DSNs, Slack webhook URLs, base64-wrapped credentials, and the value
// after a secret's name (password=, "api_key": , x-api-key: ,
// aws_secret_access_key = , token ... ).
//
// Credentials are found anywhere in s, also behind JSON escapes (\n, \t,
// \u003c), URL escapes (%20, %2E), full-width letters and zero-width
// characters: the patterns are matched on the decoded text, and what they
// cover is replaced in s. When nothing matches in a string without
// escapes, s is returned as is without allocating.
func Redact(s string) string {
	out, _ := redact(s)
	return out
}

// redact is Redact that also reports whether anything was replaced.
func redact(s string) (string, bool) {
	if d, idx, ok := decode(s); ok {
		return replace(s, d, idx)
	}
	return replace(s, s, nil)
}

// replace finds the credentials in d, the decoded form of s, and replaces
// them in s: idx maps each offset in d (and len(d)) to its offset in s;
// nil when d is s.
func replace(s, d string, idx []int) (string, bool) {
	var b strings.Builder
	last := 0 // s[last:] has not been copied to b yet
	found := false
	for from := 0; from < len(d); {
		ds, de := find(d, from, true)
		if ds < 0 {
			break
		}
		start, end := ds, de
		if idx != nil {
			start, end = idx[ds], idx[de]
		}
		if !found {
			b.Grow(len(s))
			found = true
		}
		if start >= last {
			b.WriteString(s[last:start])
			b.WriteString(RedactMarker)
			last = end
		} else if end > last {
			last = end // overlaps what was replaced: extend it
		}
		from = max(de, from+1)
	}
	if !found {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// find returns the bounds of the first credential in s at or after from,
// or -1, -1. Base64 runs are decoded and searched only when deep is set, so
// a credential wrapped twice is not unwrapped forever.
func find(s string, from int, deep bool) (int, int) {
	runEnd := -1 // end of the base64 run being scanned
	// Short values (names, ids: the common case) hold no base64 run long
	// enough to decode; they are scanned byte by byte.
	runs := len(s)-from >= minBase64Run
	for i := from; i < len(s); i++ {
		c := s[i]
		cl := class[c]
		skipTo := -1
		if runs && cl&classB64 != 0 && i >= runEnd {
			word := cl&classAlnum != 0 // only letters and digits so far
			runEnd = i + 1
			for runEnd < len(s) && class[s[runEnd]]&classB64 != 0 {
				word = word && class[s[runEnd]]&classAlnum != 0
				runEnd++
			}
			if deep && runEnd-i >= minBase64Run && (i == 0 || !isAlnum(s[i-1])) {
				if end := matchBase64(s, i, runEnd); end > 0 {
					return i, end
				}
			}
			if word {
				// Every pattern starts at a word boundary or at
				// punctuation: nothing starts inside a word.
				skipTo = runEnd
			}
		}
		if cl&classTrigger == 0 || cl&classWordStart != 0 && i > 0 && isAlnum(s[i-1]) {
			if skipTo > 0 {
				i = skipTo - 1
			}
			continue // credentials start at a word boundary
		}
		start, end := i, -1
		switch c {
		case ':':
			start, end = matchUserinfo(s, i)
			if end < 0 {
				start, end = matchNamedValue(s, i)
			}
		case '=':
			start, end = matchNamedValue(s, i)
		case ' ':
			if i > 0 && s[i-1]|0x20 == 'n' {
				start, end = matchSpacedToken(s, i)
			}
		case '@':
			start, end = matchDSN(s, i)
		case '-':
			end = matchPEM(s, i)
		default:
			start, end = matchPrefix(s, i)
		}
		if end > start {
			return start, end
		}
		if skipTo > 0 {
			i = skipTo - 1
		}
	}
	return -1, -1
}

// matchPrefix matches the credentials recognised by how they start.
func matchPrefix(s string, i int) (int, int) {
	end := -1
	switch s[i] {
	case 's':
		end = matchPrefixed(s, i, "sk-", minSKLen, isKeyChar)
		if end < 0 {
			end = matchStripe(s, i)
		}
	case 'r':
		end = matchStripe(s, i)
	case 'g':
		end = matchGitHub(s, i)
		if end < 0 {
			end = matchPrefixed(s, i, "glpat-", minGitLabLen, isKeyChar)
		}
	case 'h':
		end = matchPrefixed(s, i, "hf_", minHFLen, isAlnum)
		if end < 0 {
			return matchSlackWebhook(s, i)
		}
	case 'n':
		end = matchPrefixed(s, i, "npm_", minNPMLen, isAlnum)
	case 'y':
		end = matchPrefixed(s, i, "ya29.", minYa29Len, func(c byte) bool { return isKeyChar(c) || c == '.' })
	case 'A':
		end = matchAWS(s, i)
		if end < 0 {
			end = matchPrefixed(s, i, "AIza", minAIzaLen, isKeyChar)
		}
	case 'F':
		end = matchPrefixed(s, i, "FwoGZXIvYXdzE", minAWSTokenLen, isB64)
	case 'I':
		end = matchPrefixed(s, i, "IQoJb3JpZ2luX2Vj", minAWSTokenLen, isB64)
	case 'P':
		end = matchPuTTY(s, i)
	case 'x':
		end = matchSlack(s, i)
	case 'e':
		end = matchJWT(s, i)
	case 'B', 'b':
		return matchAuth(s, i)
	}
	return i, end
}

// redactCap cuts s to at most limit characters (runes), on a character
// boundary, like the SDK's attribute value length limit.
func redactCap(s string, limit int) (string, bool) {
	if len(s) <= limit {
		return s, false
	}
	n := 0
	for i := range s {
		if n == limit {
			return s[:i], true
		}
		n++
	}
	return s, false
}

// redactClean redacts s and then caps it. Redaction comes first: a key cut
// in half by the cap could be too short to be recognised afterwards.
//
// A JSON object or array (captured messages are JSON) is capped by
// shortening the text inside it, so that what leaves is still JSON.
func redactClean(s string, limit int) (out string, redacted, truncated bool) {
	out, redacted = redact(s)
	if len(out) <= limit || utf8.RuneCountInString(out) <= limit {
		return out, redacted, false
	}
	if capped, ok := capJSON(out, limit); ok {
		return capped, redacted, true
	}
	out, truncated = redactCap(out, limit)
	return out, redacted, truncated
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isUpperOrDigit(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// isKeyChar: the alphabet of API keys (base62 plus '-' and '_').
func isKeyChar(c byte) bool { return isAlnum(c) || c == '-' || c == '_' }

// isB64: the standard and URL-safe base64 alphabets, with padding.
func isB64(c byte) bool { return isB64Body(c) || c == '=' }

// isB64Body: the base64 alphabets without padding, which only ends a run.
func isB64Body(c byte) bool { return isKeyChar(c) || c == '+' || c == '/' }

// isAuthChar: RFC 6750 b64token and RFC 7617 base64 characters.
func isAuthChar(c byte) bool {
	return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '='
}

// run returns the index after the longest run of bytes from i that ok accepts.
func run(s string, i int, ok func(byte) bool) int {
	for i < len(s) && ok(s[i]) {
		i++
	}
	return i
}

// matchPrefixed matches prefix followed by at least minLen characters ok
// accepts, and returns the end of the match or -1.
func matchPrefixed(s string, i int, prefix string, minLen int, ok func(byte) bool) int {
	if !strings.HasPrefix(s[i:], prefix) {
		return -1
	}
	j := i + len(prefix)
	end := run(s, j, ok)
	if end-j < minLen {
		return -1
	}
	return end
}

// matchStripe matches Stripe secret and restricted keys, live and test.
func matchStripe(s string, i int) int {
	for _, p := range [...]string{"sk_live_", "sk_test_", "rk_live_", "rk_test_"} {
		if end := matchPrefixed(s, i, p, minStripeLen, isAlnum); end > 0 {
			return end
		}
	}
	return -1
}

func matchGitHub(s string, i int) int {
	if strings.HasPrefix(s[i:], "github_pat_") {
		return matchPrefixed(s, i, "github_pat_", minGHPATLen, func(c byte) bool { return isAlnum(c) || c == '_' })
	}
	if len(s)-i < 4 || s[i+1] != 'h' {
		return -1
	}
	if s[i+3] == '_' {
		switch s[i+2] {
		case 'p', 'o', 's', 'u', 'r':
			return matchPrefixed(s, i, s[i:i+4], minGHLen, isAlnum)
		}
	}
	return -1
}

// matchAWS matches an access key id: AKIA or ASIA and exactly 16 upper-case
// letters or digits, as a whole word.
func matchAWS(s string, i int) int {
	if len(s)-i < 20 || !(strings.HasPrefix(s[i:], "AKIA") || strings.HasPrefix(s[i:], "ASIA")) {
		return -1
	}
	for j := i + 4; j < i+20; j++ {
		if !isUpperOrDigit(s[j]) {
			return -1
		}
	}
	if i+20 < len(s) && isAlnum(s[i+20]) {
		return -1
	}
	return i + 20
}

func matchSlack(s string, i int) int {
	if len(s)-i < 5 || !strings.HasPrefix(s[i:], "xox") || s[i+4] != '-' {
		return -1
	}
	switch s[i+3] {
	case 'a', 'b', 'p', 'r':
	default:
		return -1
	}
	return matchPrefixed(s, i, s[i:i+5], minSlackLen, func(c byte) bool { return isAlnum(c) || c == '-' })
}

// matchSlackWebhook matches the secret path of a Slack webhook URL
// (hooks.slack.com/services/T…/B…/…); the host stays readable.
func matchSlackWebhook(s string, i int) (int, int) {
	for _, p := range [...]string{"hooks.slack.com/services/", "hooks.slack.com/workflows/", "hooks.slack.com/triggers/"} {
		if strings.HasPrefix(s[i:], p) {
			j := i + len(p)
			end := run(s, j, func(c byte) bool { return isKeyChar(c) || c == '/' })
			if end > j {
				return j, end
			}
		}
	}
	return i, -1
}

// matchJWT matches three base64url parts joined by dots, the first (the
// JSON header) starting "eyJ". The signature may be empty (alg "none").
func matchJWT(s string, i int) int {
	if !strings.HasPrefix(s[i:], "eyJ") {
		return -1
	}
	j := run(s, i, isKeyChar)
	if j-i < minJWTHead || j >= len(s) || s[j] != '.' {
		return -1
	}
	k := run(s, j+1, isKeyChar)
	if k == j+1 || k >= len(s) || s[k] != '.' {
		return -1
	}
	return run(s, k+1, isKeyChar)
}

// matchAuth matches "Bearer <token>" or "Basic <credentials>" (any case)
// and returns the token's bounds, so the scheme word stays readable. The
// token must look machine-made so that prose such as "Basic usage" or
// "bearer of news" is left alone.
func matchAuth(s string, i int) (start, end int) {
	var j int
	switch {
	case hasPrefixFold(s[i:], "bearer "):
		j = i + len("bearer ")
	case hasPrefixFold(s[i:], "basic "):
		j = i + len("basic ")
	default:
		return i, -1
	}
	for j < len(s) && s[j] == ' ' {
		j++
	}
	end = run(s, j, isAuthChar)
	if end-j < minAuthLen || !looksMachineMade(s[j:end]) {
		return i, -1
	}
	return j, end
}

// looksMachineMade reports whether tok is more likely a token than a word:
// it holds a digit, base64 punctuation or an upper-case letter after its
// first character, or is longer than words are.
func looksMachineMade(tok string) bool {
	if len(tok) >= maxWordLen {
		return true
	}
	for k := 0; k < len(tok); k++ {
		c := tok[k]
		switch {
		case c >= '0' && c <= '9', c == '+', c == '/', c == '=', c == '_', c == '.':
			return true
		case k > 0 && c >= 'A' && c <= 'Z':
			return true
		}
	}
	return false
}

// maxWordLen: a run of letters this long is not an English word.
const maxWordLen = 20

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix,
// ignoring case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		if lower(s[k]) != prefix[k] {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// matchUserinfo is called at a ':' and matches "://user:password@" in a URL;
// it returns the bounds of "user:password" so that scheme and host stay.
// The password may hold '/', '#' and '@': it ends at the last '@' of the
// URL. A host and port ("host.example:8080/path") is not a user and
// password.
func matchUserinfo(s string, i int) (start, end int) {
	if !strings.HasPrefix(s[i:], "://") {
		return i, -1
	}
	start = i + 3
	colon := -1
	at := -1
	for j := start; j < len(s) && j-start <= maxUserinfo; j++ {
		c := s[j]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' {
			break
		}
		if colon < 0 {
			switch c {
			case ':':
				colon = j
			case '/', '?', '#', '@':
				return i, -1 // no password before the host
			}
			continue
		}
		if c == '@' && j+1 < len(s) && isAlnum(s[j+1]) {
			at = j
		}
	}
	if colon < 0 || at < 0 {
		return i, -1
	}
	if strings.IndexByte(s[start:colon], '.') >= 0 {
		// host.name:port/...@...: a port, then a path holding an '@'.
		p := run(s, colon+1, func(c byte) bool { return c >= '0' && c <= '9' })
		if p > colon+1 && p < len(s) && s[p] == '/' {
			return i, -1
		}
	}
	return start, at
}

// matchDSN is called at an '@' and matches the user:password of a Go
// database DSN ("user:pass@tcp(host:3306)/db", "@unix(/path)").
func matchDSN(s string, i int) (int, int) {
	if !strings.HasPrefix(s[i+1:], "tcp(") && !strings.HasPrefix(s[i+1:], "unix(") {
		return i, -1
	}
	start := i
	for start > 0 && !isSpaceOrQuote(s[start-1]) && i-start < maxUserinfo {
		start--
	}
	if strings.IndexByte(s[start:i], ':') < 0 || strings.HasPrefix(s[start:i], RedactMarker) {
		return i, -1
	}
	return start, i
}

func isSpaceOrQuote(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '`'
}

// secretNames are the ends of the names of settings, headers, fields and
// parameters whose value is a secret (compared in lower case):
// password=, "client_secret": , x-api-key: , aws_secret_access_key = ,
// GITHUB_TOKEN= , AccountKey= , "private_key_id": .
var secretNames = []string{
	"password", "passwd", "pwd", "secret", "token", "apikey", "api_key", "api-key",
	"accesskey", "access_key", "access-key", "secretkey", "secret_key", "privatekey",
	"private_key", "private-key", "private_key_id", "accountkey", "account_key",
	"subscription-key", "subscription_key", "functions-key", "credential", "credentials",
}

// secretName reports whether name (a setting's name, any case) ends like
// the name of a secret.
func secretName(name string) bool {
	for _, suffix := range secretNames {
		if len(name) >= len(suffix) && hasPrefixFold(name[len(name)-len(suffix):], suffix) {
			return true
		}
	}
	return false
}

// nameBefore returns the name that ends just before i (after optional
// spaces and a closing quote): the "password" of `"password": "x"`.
func nameBefore(s string, i int) string {
	j := i
	for j > 0 && s[j-1] == ' ' {
		j--
	}
	if j > 0 && (s[j-1] == '"' || s[j-1] == '\'') {
		j--
	}
	end := j
	for j > 0 && end-j < maxKeyName && (isKeyChar(s[j-1]) || s[j-1] == '.') {
		j--
	}
	return s[j:end]
}

// matchNamedValue is called at a '=' or ':' and matches the value after a
// secret's name: password=hunter2, "api_key": "…", x-api-key: …,
// Password=…; (a connection string). The value runs to a space, a quote
// or a separator; a PEM block is taken whole.
func matchNamedValue(s string, i int) (int, int) {
	if !secretName(nameBefore(s, i)) {
		return i, -1
	}
	j := i + 1
	for j < len(s) && s[j] == ' ' {
		j++
	}
	if j < len(s) && (s[j] == '"' || s[j] == '\'' || s[j] == '`') {
		j++
	}
	if end := matchPEM(s, j); end > 0 {
		return j, end
	}
	end := run(s, j, isValueChar)
	v := s[j:end]
	if v == "" || strings.HasPrefix(s[j:], RedactMarker) || v == "true" || v == "false" || v == "null" {
		return i, -1
	}
	return j, end
}

// isValueChar: what a secret's value may hold in a setting or a header.
func isValueChar(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '"', '\'', '`', ';', '&', ',', '<', '>', ')', '}', ']':
		return false
	}
	return true
}

// matchSpacedToken is called at a space and matches a machine-made value
// after a word ending in "token" ("Authorization: token 0123…", "session
// token abc…"), which has no '=' or ':'.
func matchSpacedToken(s string, i int) (int, int) {
	if i < 5 || lower(s[i-1]) != 'n' || !hasPrefixFold(s[i-5:i], "token") {
		return i, -1
	}
	j := i + 1
	end := run(s, j, isAuthChar)
	if end-j < minSpacedValueLen || !looksMachineMade(s[j:end]) || !hasDigit(s[j:end]) {
		return i, -1
	}
	return j, end
}

func hasDigit(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] >= '0' && s[k] <= '9' {
			return true
		}
	}
	return false
}

// matchPEM matches a "-----BEGIN ... PRIVATE KEY...-----" block (PKCS#1,
// PKCS#8, OpenSSH, PGP's "PRIVATE KEY BLOCK") through its END line, or to
// the end of s when the block was cut off.
func matchPEM(s string, i int) int {
	const begin = "-----BEGIN "
	if !strings.HasPrefix(s[i:], begin) {
		return -1
	}
	rest := s[i+len(begin):]
	labelEnd := strings.Index(rest, "-----")
	if labelEnd < 0 || labelEnd > maxPEMHeader || !strings.Contains(rest[:labelEnd], "PRIVATE KEY") {
		return -1
	}
	body := i + len(begin) + labelEnd + len("-----")
	endAt := strings.Index(s[body:], "-----END ")
	if endAt < 0 {
		return len(s)
	}
	tail := body + endAt + len("-----END ")
	closeAt := strings.Index(s[tail:], "-----")
	if closeAt < 0 {
		return len(s)
	}
	return tail + closeAt + len("-----")
}

// matchPuTTY matches a PuTTY private key file (.ppk) through its
// Private-MAC line, or to the end of s when it was cut off.
func matchPuTTY(s string, i int) int {
	if !strings.HasPrefix(s[i:], "PuTTY-User-Key-File-") {
		return -1
	}
	const mac = "Private-MAC: "
	at := strings.Index(s[i:], mac)
	if at < 0 {
		return len(s)
	}
	return run(s, i+at+len(mac), isAlnum)
}

// matchBase64 decodes the base64 run s[i:end] and matches it whole when
// the decoded text holds a credential ("c2stcHJvai0…" is "sk-proj-…").
// Only a run whose first bytes decode to text is decoded whole (into the
// heap: a large stack buffer would make every call grow the stack).
func matchBase64(s string, i, end int) int {
	if end-i > maxBase64Run || !printableBase64(s[i:min(end, i+16)]) {
		return -1
	}
	buf := make([]byte, (end-i)*3/4+1)
	n := decodeBase64(buf, s[i:end])
	if n < minBase64Run/2 {
		return -1
	}
	if !printable(buf[:n]) {
		return -1 // binary data, not wrapped text
	}
	if start, _ := find(string(buf[:n]), 0, false); start < 0 {
		return -1
	}
	for end < len(s) && s[end] == '=' {
		end++ // padding
	}
	return end
}

// printableBase64 reports whether the start of a base64 run decodes to
// text: most runs (ids, hashes, words) do not, and are rejected without
// decoding the rest.
func printableBase64(head string) bool {
	var buf [12]byte
	return printable(buf[:decodeBase64(buf[:], head)])
}

func printable(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 || c > 0x7e) && c != '\n' && c != '\r' && c != '\t' {
			return false
		}
	}
	return true
}

// decodeBase64 decodes src (standard or URL alphabet, padding ignored)
// into dst as far as it is valid, and returns the number of bytes written.
func decodeBase64(dst []byte, src string) int {
	var acc uint32
	bits, n := 0, 0
	for k := 0; k < len(src); k++ {
		var v byte
		switch c := src[k]; {
		case c >= 'A' && c <= 'Z':
			v = c - 'A'
		case c >= 'a' && c <= 'z':
			v = c - 'a' + 26
		case c >= '0' && c <= '9':
			v = c - '0' + 52
		case c == '+' || c == '-':
			v = 62
		case c == '/' || c == '_':
			v = 63
		default:
			return n
		}
		acc = acc<<6 | uint32(v)
		bits += 6
		if bits >= 8 {
			bits -= 8
			if n == len(dst) {
				return n
			}
			dst[n] = byte(acc >> bits)
			n++
		}
	}
	return n
}
