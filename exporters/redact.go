package exporters

import "strings"

// RedactMarker replaces every credential RedactString finds.
const RedactMarker = "[REDACTED]"

// Minimum token lengths after a prefix. They keep short, word-like strings
// ("sk-1", "ghp_x") from being taken for credentials; real keys are far
// longer (OpenAI 48+, GitHub classic 36, Google 35 characters).
const (
	minSKLen     = 20
	minGHLen     = 20
	minGHPATLen  = 22
	minAIzaLen   = 30
	minSlackLen  = 10
	minJWTHead   = 10
	minAuthLen   = 8
	maxUserinfo  = 512
	maxPEMHeader = 80
)

// redactTrigger marks the bytes a credential can start with (or, for URLs, the
// ':' of "://"). Everything else is skipped with one table load, which
// keeps the common case (model names, tool names, ids) at a few ns.
var redactTrigger = func() (t [256]bool) {
	for _, c := range "sgAxeBb-:" {
		t[c] = true
	}
	return t
}()

// RedactString returns s with every substring that looks like a credential
// replaced by RedactMarker, and whether anything was replaced. It recognises
// OpenAI and Anthropic keys (sk-, sk-proj-, sk-ant-), Google API keys
// (AIza), GitHub tokens (ghp_, gho_, ghs_, ghu_, ghr_, github_pat_), AWS
// access key ids (AKIA/ASIA + 16), Slack tokens (xoxa-, xoxb-, xoxp-,
// xoxr-), JWTs, Bearer and Basic authorization values (the scheme word is
// kept), PEM private key blocks and the user:password part of URLs.
// Credentials are found anywhere in s, not only as the whole value. When
// nothing matches, s is returned as is without allocating.
func RedactString(s string) (string, bool) {
	var b strings.Builder
	last := 0 // s[last:] has not been copied to b yet
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !redactTrigger[c] {
			continue
		}
		start, end := i, -1
		switch c {
		case ':':
			start, end = matchUserinfo(s, i)
		case '-':
			end = matchPEM(s, i)
		default:
			if i > 0 && redactIsAlnum(s[i-1]) {
				continue // credentials start at a word boundary
			}
			switch c {
			case 's':
				end = matchPrefixed(s, i, "sk-", minSKLen, isKeyChar)
			case 'g':
				end = matchGitHub(s, i)
			case 'A':
				end = matchAWS(s, i)
				if end < 0 {
					end = matchPrefixed(s, i, "AIza", minAIzaLen, isKeyChar)
				}
			case 'x':
				end = matchSlack(s, i)
			case 'e':
				end = matchJWT(s, i)
			case 'B', 'b':
				start, end = matchAuth(s, i)
			}
		}
		if end < 0 {
			continue
		}
		if b.Len() == 0 && last == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		b.WriteString(RedactMarker)
		last = end
		i = end - 1
	}
	if last == 0 && b.Len() == 0 {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
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
func redactClean(s string, limit int) (out string, redacted, truncated bool) {
	out, redacted = RedactString(s)
	out, truncated = redactCap(out, limit)
	return out, redacted, truncated
}

func redactIsAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isUpperOrDigit(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

// isKeyChar: the alphabet of API keys (base62 plus '-' and '_').
func isKeyChar(c byte) bool { return redactIsAlnum(c) || c == '-' || c == '_' }

func isB64URL(c byte) bool { return redactIsAlnum(c) || c == '-' || c == '_' }

// isAuthChar: RFC 6750 b64token and RFC 7617 base64 characters.
func isAuthChar(c byte) bool {
	return redactIsAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '='
}

// run returns the index after the longest run of bytes from i that ok accepts.
func redactRun(s string, i int, ok func(byte) bool) int {
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
	end := redactRun(s, j, ok)
	if end-j < minLen {
		return -1
	}
	return end
}

func matchGitHub(s string, i int) int {
	if strings.HasPrefix(s[i:], "github_pat_") {
		return matchPrefixed(s, i, "github_pat_", minGHPATLen, func(c byte) bool { return redactIsAlnum(c) || c == '_' })
	}
	if len(s)-i < 4 || s[i+1] != 'h' {
		return -1
	}
	if s[i+3] == '_' {
		switch s[i+2] {
		case 'p', 'o', 's', 'u', 'r':
			return matchPrefixed(s, i, s[i:i+4], minGHLen, redactIsAlnum)
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
	if i+20 < len(s) && redactIsAlnum(s[i+20]) {
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
	return matchPrefixed(s, i, s[i:i+5], minSlackLen, func(c byte) bool { return redactIsAlnum(c) || c == '-' })
}

// matchJWT matches three base64url parts joined by dots, the first (the
// JSON header) starting "eyJ". The signature may be empty (alg "none").
func matchJWT(s string, i int) int {
	if !strings.HasPrefix(s[i:], "eyJ") {
		return -1
	}
	j := redactRun(s, i, isB64URL)
	if j-i < minJWTHead || j >= len(s) || s[j] != '.' {
		return -1
	}
	k := redactRun(s, j+1, isB64URL)
	if k == j+1 || k >= len(s) || s[k] != '.' {
		return -1
	}
	return redactRun(s, k+1, isB64URL)
}

// matchAuth matches "Bearer <token>" or "Basic <credentials>" (any case)
// and returns the token's bounds, so the scheme word stays readable. The
// token must look machine-made (a digit, or an upper-case letter after its
// first character, or base64 punctuation) so that prose such as "Basic
// usage" or "bearer of news" is left alone.
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
	end = redactRun(s, j, isAuthChar)
	if end-j < minAuthLen || !looksMachineMade(s[j:end]) {
		return i, -1
	}
	return j, end
}

func looksMachineMade(tok string) bool {
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

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix,
// ignoring case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		c := s[k]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[k] {
			return false
		}
	}
	return true
}

// matchUserinfo is called at a ':' and matches "://user:password@" in a URL;
// it returns the bounds of "user:password" so that scheme and host stay.
func matchUserinfo(s string, i int) (start, end int) {
	if !strings.HasPrefix(s[i:], "://") {
		return i, -1
	}
	start = i + 3
	colon := false
	for j := start; j < len(s) && j-start <= maxUserinfo; j++ {
		switch c := s[j]; c {
		case '@':
			if !colon {
				return i, -1 // a user name alone is not a credential
			}
			return start, j
		case ':':
			colon = true
		case '/', '?', '#', ' ', '\t', '\n', '\r', '"', '\'', '<', '>':
			return i, -1
		}
	}
	return i, -1
}

// matchPEM matches a "-----BEGIN ... PRIVATE KEY-----" block through its END
// line, or to the end of s when the block was cut off.
func matchPEM(s string, i int) int {
	const begin = "-----BEGIN "
	if !strings.HasPrefix(s[i:], begin) {
		return -1
	}
	rest := s[i+len(begin):]
	labelEnd := strings.Index(rest, "-----")
	if labelEnd < 0 || labelEnd > maxPEMHeader || !strings.HasSuffix(rest[:labelEnd], "PRIVATE KEY") {
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
