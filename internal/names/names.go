package names

import (
	"net/netip"
	"strings"
)

// Kind is a kind of name, each with its own grammar.
type Kind int

// The kinds of names otelagent records, with their grammars (before the
// content rules of the package documentation).
const (
	// Command: 1-64 of A-Z a-z 0-9 _ . : -, starting with a letter
	// ("run", "db:migrate"). No spaces: "mcp serve" is "mcp.serve".
	Command Kind = iota
	// Agent: 1-64 of A-Z a-z 0-9 _ . : / -, starting with a letter or digit.
	Agent
	// ID: session, conversation and tool call ids, 1-128 of A-Z a-z 0-9
	// _ . : -: a UUID, a ULID, an id with a provider's prefix ("call_",
	// "toolu_", "tooluse_", "fc_", "chatcmpl-", "msg_", "resp_", "run_")
	// followed by 1-64 of A-Z a-z 0-9 _ -, or any other id that passes
	// the content rules.
	ID
	// Model: 1-128 of A-Z a-z 0-9 _ . : / @ -, starting with a letter or
	// digit, at most 5 '/'-separated segments, and at most one '@', followed
	// by 1-32 of A-Z a-z 0-9 _ - (a version, never a domain):
	// "gpt-4o-2024-08-06", "claude-sonnet-4-5@20250929",
	// "anthropic.claude-3-5-sonnet-20240620-v1:0", "models/gemini-2.5-pro",
	// "meta-llama/Llama-3.1-8B-Instruct", "llama3.1:8b".
	Model
	// Provider: 1-64 of A-Z a-z 0-9 _ . -, starting with a letter
	// ("openai", "gcp.vertex_ai").
	Provider
	// Tool: 1-128 of A-Z a-z 0-9 _ . -, not starting with '.': what the MCP
	// specification allows, which includes OpenAI's ^[a-zA-Z0-9_-]{1,64}$.
	Tool
	// ToolType: 1-32 of A-Z a-z 0-9 _ . -, starting with a letter
	// ("function", "extension", "datastore").
	ToolType
	// Flag: 1-40 of A-Z a-z 0-9 _ . -, starting with a letter.
	Flag
	// ErrorClass: an error.type value: an HTTP status (a 3-digit number
	// from 100 to 599), a JSON-RPC error code (a negative number of at most
	// 5 digits, "-32602", as the MCP conventions record it), or a class of 1-64 of A-Z a-z 0-9 _ . - or a
	// qualified Go type name ("*net.OpError", see TypeName), that is not all
	// digits, has no run of 5 or more digits and at most 5 digits in all.
	ErrorClass
	// Host: a server.address value: an IP address, "localhost", or a host
	// name of RFC 1123 labels (at most 253 characters) with at least two
	// labels, a top-level label with a letter, no run of 7 digits, not
	// under a suffix that only a local network resolves
	// (".local", ".lan", ".home", ".internal", ".home.arpa"...): a name of
	// one label or under such a suffix names a machine on the user's own
	// network ("alices-macbook.local"), not a service. No URL, path, port
	// or userinfo.
	Host
	// TypeName: a Go type name as reflect prints it, used as an error
	// class: 1-64 of A-Z a-z 0-9 _ . - * / [ ], starting with a letter, '*'
	// or '['. Type names come from the program, never from its input.
	TypeName
)

// Other is what a name that fails its grammar is replaced with.
const Other = "_OTHER"

// Clean returns s if it is a valid name of kind k, "" if s is empty, and
// Other otherwise.
func Clean(k Kind, s string) string {
	if s == "" || Valid(k, s) {
		return s
	}
	return Other
}

// Valid reports whether s is an acceptable name of kind k.
func Valid(k Kind, s string) bool {
	if s == Other {
		return true
	}
	switch k {
	case Command:
		return charset(s, 64, "_.:-") && isLetter(s[0]) && clean(s)
	case Agent:
		return charset(s, 64, "_.:/-") && isAlnum(s[0]) && clean(s)
	case ID:
		return validID(s)
	case Model:
		return validModel(s)
	case Provider:
		return charset(s, 64, "_.-") && isLetter(s[0]) && clean(s)
	case Tool:
		return charset(s, 128, "_.-") && s[0] != '.' && clean(s)
	case ToolType:
		return charset(s, 32, "_.-") && isLetter(s[0]) && clean(s)
	case Flag:
		return charset(s, 40, "_.-") && isLetter(s[0]) && clean(s)
	case ErrorClass:
		return validClass(s)
	case Host:
		return validHost(s)
	case TypeName:
		return validTypeName(s)
	}
	return false
}

func validHost(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	if a, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return a.Zone() == "" // an IPv6 zone ("fe80::1%eth0") is free text
	}
	if strings.EqualFold(s, "localhost") {
		return true
	}
	lower := strings.ToLower(s)
	dot := strings.LastIndexByte(lower, '.')
	if dot < 0 || localSuffix(lower[dot+1:]) || strings.HasSuffix(lower, ".home.arpa") {
		return false
	}
	// A top-level domain is never all digits ("0.1234567" is a number),
	// and no host name carries a phone or account number.
	if !strings.ContainsFunc(lower[dot+1:], func(r rune) bool { return r >= 'a' && r <= 'z' }) || longestDigitRun(s) >= 7 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if !charset(label, 63, "-") || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
	}
	return !credential(s)
}

// localSuffix reports whether tld, in lower case, is the last label of
// names only a local network resolves: mDNS (RFC 6762), home routers'
// defaults and private-use names. A switch, not a map: this package is in
// every program, and a map would be built at its start.
func localSuffix(tld string) bool {
	switch tld {
	case "local", "lan", "home", "internal", "localdomain", "intranet", "corp", "private", "localhost":
		return true
	}
	return false
}

// validTypeName accepts reflect's spelling of a type: '/' only inside the
// brackets of a generic type's arguments, where package paths appear.
func validTypeName(s string) bool {
	if !charset(s, 64, "_.-*/[],") || !isLetter(s[0]) && s[0] != '*' && s[0] != '[' {
		return false
	}
	if comma := strings.IndexByte(s, ','); comma >= 0 && strings.IndexByte(s[:comma], '[') < 0 {
		return false // commas separate type arguments, inside brackets only
	}
	slash := strings.IndexByte(s, '/')
	if slash < 0 {
		return true
	}
	if strings.IndexByte(s[:slash], '[') < 0 {
		return false
	}
	// Each type argument is held to the path rule every name follows
	// (pathLike: no absolute path, empty segment or home directory), so a
	// file path cannot pass as an import path such as "example.com/x.T".
	// /root/ and /tmp/ are refused too: where a program's files live, and
	// never part of an import path.
	for arg := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == '[' || r == ']' || r == ',' }) {
		if strings.IndexByte(arg, '/') >= 0 && pathLike(arg) {
			return false
		}
	}
	return !strings.Contains(s, "/root/") && !strings.Contains(s, "/tmp/")
}

// validClass holds an error class to the content rules and to a stricter
// digit rule: all digits only for an HTTP status, else no run of 5 digits
// and at most 5 in all.
func validClass(s string) bool {
	if n, ok := number(s); ok {
		return len(s) == 3 && n >= 100 && n <= 599
	}
	if code, ok := strings.CutPrefix(s, "-"); ok {
		// A JSON-RPC error code, as the MCP conventions record it ("-32602").
		n, ok := number(code)
		return ok && code[0] != '0' && n <= 99999
	}
	if !charset(s, 64, "_.-") && !(validTypeName(s) && strings.IndexByte(s, '.') > 0) {
		return false
	}
	if !clean(s) {
		return false
	}
	longest, total := digitStats(s)
	return longest < 5 && total <= 5
}

func validModel(s string) bool {
	if !charset(s, 128, "_.:/@-") || !isAlnum(s[0]) {
		return false
	}
	if at := strings.IndexByte(s, '@'); at >= 0 && !charset(s[at+1:], 32, "_-") {
		return false // a domain, or a second '@'
	}
	return strings.Count(s, "/") < 5 && clean(s)
}

// idPrefixes are the prefixes of the tool call and message ids providers
// issue; what follows them is random, so it is not held to the entropy rule.
var idPrefixes = []string{"call_", "toolu_", "tooluse_", "fc_", "chatcmpl-", "msg_", "resp_", "run_"}

func validID(s string) bool {
	if !charset(s, 128, "_.:-") {
		return false
	}
	if isUUID(s) || prefixedUUID(s) {
		return true
	}
	if isULID(s) {
		return longestDigitRun(s) < 10
	}
	for _, p := range idPrefixes {
		if rest, ok := strings.CutPrefix(s, p); ok && charset(rest, 64, "_-") {
			return !credential(s) && longestDigitRun(s) < 7
		}
	}
	return clean(s)
}

// clean applies the content rules of the package documentation to a string
// already known to be made of allowed bytes.
func clean(s string) bool {
	return !pathLike(s) && !credential(s) && !highEntropy(s) && digitsOK(s) && !hostLike(s)
}

func pathLike(s string) bool {
	switch s[0] {
	case '/', '~', '.', '\\':
		return true
	}
	if len(s) >= 3 && isLetter(s[0]) && s[1] == ':' && (s[2] == '/' || s[2] == '\\') {
		return true
	}
	if strings.Contains(s, ":/") {
		return true
	}
	if strings.IndexByte(s, '/') < 0 {
		return false
	}
	for seg := range strings.SplitSeq(s, "/") {
		switch strings.ToLower(seg) {
		case "", "home", "users":
			return true
		}
		if seg[0] == '.' {
			return true
		}
	}
	return false
}

// credentialPrefixes start keys and tokens; a segment (the whole name, or
// what follows a '/', ':', '@' or '.') that starts with one is a credential.
var credentialPrefixes = []string{
	"sk-", "sk_", "rk_live_", "rk_test_", "pk_live_",
	"ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_",
	"glpat-", "gldt-", "xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-", "xapp-",
	"AKIA", "ASIA", "AIza", "ya29.", "eyJ", "npm_", "pypi-", "dop_v1_", "shpat_",
}

// credentialFirst marks the bytes a credential prefix starts with ('h' for
// Hugging Face's "hf_" too), so that most segments are passed over after
// one table lookup: names are checked on every call of the API.
var credentialFirst = func() (t [256]bool) {
	for _, p := range credentialPrefixes {
		t[p[0]] = true
	}
	t['h'] = true
	return t
}()

func credential(s string) bool {
	for start := 0; start < len(s); start++ {
		// start is the beginning of a segment: the name, or what follows
		// a '/', ':', '@' or '.'.
		if seg := s[start:]; credentialFirst[seg[0]] && credentialAt(seg) {
			return true
		}
		for start < len(s) && !isSegmentSep(s[start]) {
			start++
		}
	}
	return false
}

func isSegmentSep(c byte) bool { return c == '/' || c == ':' || c == '@' || c == '.' }

// credentialAt reports whether seg starts with a credential.
func credentialAt(seg string) bool {
	for _, p := range credentialPrefixes {
		if p[0] == seg[0] && strings.HasPrefix(seg, p) {
			return true
		}
	}
	// Hugging Face tokens: "hf_" and 30 or more letters and digits;
	// shorter "hf_" names are tools ("hf_search").
	rest, ok := strings.CutPrefix(seg, "hf_")
	return ok && alnumRun(rest) >= 30
}

// highEntropy reports a run of letters and digits that no name has: 20 or
// more mixing upper case, lower case and digits, or 32 or more mixing
// letters and digits (hex keys).
func highEntropy(s string) bool {
	for i := 0; i < len(s); {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		j := i
		var upper, lower, digit bool
		for j < len(s) && isAlnum(s[j]) {
			c := s[j]
			upper = upper || c >= 'A' && c <= 'Z'
			lower = lower || c >= 'a' && c <= 'z'
			digit = digit || isDigit(c)
			j++
		}
		if n := j - i; n >= 32 && digit && (upper || lower) || n >= 20 && upper && lower && digit {
			return true
		}
		i = j
	}
	return false
}

// tlds are the top-level domains that make a dotted segment a host name.
var tlds = []string{
	"com", "net", "org", "io", "dev", "ai", "app", "co", "edu", "gov", "mil",
	"int", "info", "biz", "me", "us", "uk", "de", "fr", "cn", "jp", "ru",
	"cloud", "internal", "local", "localhost", "lan", "corp", "home", "arpa",
}

func hostLike(s string) bool {
	for len(s) > 0 {
		end := 0
		for end < len(s) && s[end] != '/' && s[end] != ':' && s[end] != '@' {
			end++
		}
		if hostSegment(s[:end]) {
			return true
		}
		s = s[min(end+1, len(s)):]
	}
	return false
}

func hostSegment(seg string) bool {
	dot := strings.LastIndexByte(seg, '.')
	if dot < 0 {
		return false
	}
	last := seg[dot+1:]
	for _, tld := range tlds {
		if strings.EqualFold(last, tld) {
			return true
		}
	}
	if strings.Count(seg, ".") != 3 {
		return false
	}
	for label := range strings.SplitSeq(seg, ".") {
		if _, ok := number(label); !ok {
			return false
		}
	}
	return true
}

// digitsOK applies the digit rule: no run of 7 or more digits and fewer
// than 10 digits in all, dates not counted.
func digitsOK(s string) bool {
	longest, total := digitStats(s)
	return longest < 7 && total < 10
}

// digitStats returns the longest run of consecutive digits in s and the
// number of digits, leaving out dates: an 8-digit YYYYMMDD, and YYYY-MM-DD
// or YYYY-MM (with '-' or '.'), years 1900-2099.
func digitStats(s string) (longest, total int) {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if end, ok := dateAt(s, i, j); ok {
			i = end
			continue
		}
		longest = max(longest, j-i)
		total += j - i
		i = j
	}
	return longest, total
}

// dateAt reports whether the digit run s[i:j] starts a date, and where the
// date ends.
func dateAt(s string, i, j int) (int, bool) {
	if i > 0 && isDigit(s[i-1]) {
		return 0, false
	}
	switch j - i {
	case 8:
		return j, year(s[i:i+4]) && month(s[i+4:i+6]) && day(s[i+6:i+8])
	case 4:
		if !year(s[i:j]) || j+3 > len(s) || !isSep(s[j]) || !month(s[j+1:j+3]) || (j+3 < len(s) && isDigit(s[j+3])) {
			return 0, false
		}
		end := j + 3
		if end+3 <= len(s) && s[end] == s[j] && day(s[end+1:end+3]) && (end+3 == len(s) || !isDigit(s[end+3])) {
			end += 3
		}
		return end, true
	}
	return 0, false
}

func isSep(c byte) bool { return c == '-' || c == '.' }

func year(s string) bool  { return s[:2] == "19" || s[:2] == "20" }
func month(s string) bool { n, ok := number(s); return ok && n >= 1 && n <= 12 }
func day(s string) bool   { n, ok := number(s); return ok && n >= 1 && n <= 31 }

// number parses s as a short decimal number, digits only.
func number(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func longestDigitRun(s string) int {
	longest, n := 0, 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
			longest = max(longest, n)
		} else {
			n = 0
		}
	}
	return longest
}

func alnumRun(s string) int {
	n := 0
	for n < len(s) && isAlnum(s[n]) {
		n++
	}
	return n
}

// prefixedUUID reports whether s is a UUID after a short prefix of lower
// case words ("mcp-session-<uuid>", mcp-go's session ids): the prefix says
// what the id names, and passes the rules a name without the UUID would.
func prefixedUUID(s string) bool {
	const maxPrefix = 24
	if len(s) <= 36 || len(s) > 36+maxPrefix || !isUUID(s[len(s)-36:]) {
		return false
	}
	prefix := s[:len(s)-36]
	if last := prefix[len(prefix)-1]; last != '-' && last != '_' || !isLower(prefix[0]) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if c := prefix[i]; !isLower(c) && c != '-' && c != '_' {
			return false
		}
	}
	return clean(prefix[:len(prefix)-1])
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}

// isULID accepts 26 characters of Crockford's base32 (upper case, no I, L,
// O or U) with the 48-bit timestamp's leading digit 0-7.
func isULID(s string) bool {
	if len(s) != 26 || s[0] < '0' || s[0] > '7' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) && (c < 'A' || c > 'Z' || c == 'I' || c == 'L' || c == 'O' || c == 'U') {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isLower(c byte) bool  { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool  { return isLetter(c) || isDigit(c) }
func isHex(c byte) bool    { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func charset(s string, maxLen int, punctuation string) bool {
	if s == "" || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isAlnum(c) && strings.IndexByte(punctuation, c) < 0 {
			return false
		}
	}
	return true
}
