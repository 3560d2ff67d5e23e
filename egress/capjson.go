package egress

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Captured content is JSON in the conventions' shape (messages with roles
// and parts). Cutting it at the length cap like plain text would leave an
// unterminated document that no backend can parse, and the roles and part
// types with it. capJSON shortens the text inside the document instead: the
// structure is kept and only string values lose their tails.

// maxCapRounds bounds the rounds of capJSON. Each round sets one length for
// all strings from the lengths measured; escapes ("\n" is two characters
// once encoded) can leave a round a little over the cap, and the next one
// corrects by the remainder.
const maxCapRounds = 8

// capJSON caps s, a JSON object or array, at limit characters, keeping it
// valid JSON. It reports false if s is not a JSON object or array, and then
// the caller caps it as text. When the structure alone (keys, numbers,
// punctuation) does not fit, the result is the empty container: valid, and
// still marked as truncated by the caller.
func capJSON(s string, limit int) (string, bool) {
	if !looksLikeJSONContainer(s) {
		return "", false
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil || dec.More() {
		return "", false
	}
	var leaves []*string
	doc = collectStrings(doc, &leaves)
	empty := "{}"
	if _, ok := doc.([]any); ok {
		empty = "[]"
	}
	if limit < len(empty) {
		return "", false
	}
	lens := make([]int, len(leaves))
	for i, p := range leaves {
		_, lens[i] = cutEncoded(*p, len(*p)*6)
	}
	for range maxCapRounds {
		out, n, err := encodeJSON(doc)
		if err != nil {
			break
		}
		if n <= limit {
			return out, true
		}
		if !shrinkStrings(leaves, lens, n-limit) {
			break // every string is empty: the structure itself is too long
		}
	}
	return empty, true
}

// looksLikeJSONContainer is a cheap test before decoding: the document's
// first non-space character opens an object or an array.
func looksLikeJSONContainer(s string) bool {
	t := strings.TrimLeft(s, " \t\r\n")
	return t != "" && (t[0] == '{' || t[0] == '[')
}

// collectStrings replaces every string value in v (not object keys: they
// are short and name the structure) by a *string, so that shrinking needs
// no second walk, and appends them to leaves in document order.
func collectStrings(v any, leaves *[]*string) any {
	switch x := v.(type) {
	case string:
		p := &x
		*leaves = append(*leaves, p)
		return p
	case []any:
		for i := range x {
			x[i] = collectStrings(x[i], leaves)
		}
	case map[string]any:
		for k := range x {
			x[k] = collectStrings(x[k], leaves)
		}
	}
	return v
}

// shrinkStrings cuts the longest strings to one common encoded length, the largest
// that removes at least excess characters ("water filling"): short strings
// such as roles and part types are left whole, the long texts are cut. It
// reports false when there is nothing left to cut.
func shrinkStrings(leaves []*string, lens []int, excess int) bool {
	total := 0
	for _, n := range lens {
		total += n
	}
	if total == 0 {
		return false
	}
	if excess >= total {
		for i, p := range leaves {
			*p, lens[i] = "", 0
		}
		return true
	}
	// The largest level such that sum(max(0, len-level)) >= excess, by
	// bisection on [0, longest]: the sum falls as the level rises.
	lo, hi := 0, 0
	for _, n := range lens {
		hi = max(hi, n)
	}
	for lo < hi {
		mid := (lo + hi + 1) / 2
		cut := 0
		for _, n := range lens {
			cut += max(0, n-mid)
		}
		if cut >= excess {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	for i, p := range leaves {
		if lens[i] > lo {
			*p, lens[i] = cutEncoded(*p, lo)
		}
	}
	return true
}

// cutEncoded returns the longest prefix of s, on a character boundary,
// whose JSON encoding (without quotes) is at most limit characters long,
// and that length. The widths are encoding/json's with HTML escaping off:
// '"', '\\' and \n-style controls take 2, other controls, invalid bytes
// and U+2028/U+2029 take 6 ("\u00XX"), every other character 1.
func cutEncoded(s string, limit int) (string, int) {
	n := 0
	for i, r := range s {
		w := 1
		switch {
		case r == '"' || r == '\\' || r == '\b' || r == '\f' || r == '\n' || r == '\r' || r == '\t':
			w = 2
		case r < 0x20 || r == '\u2028' || r == '\u2029' || r == utf8.RuneError:
			w = 6
		}
		if n+w > limit {
			return s[:i], n
		}
		n += w
	}
	return s, n
}

// encodeJSON encodes doc compactly without HTML escaping ('<' stays one
// character) and returns it with its length in characters.
func encodeJSON(doc any) (string, int, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return "", 0, err
	}
	out := strings.TrimSuffix(b.String(), "\n")
	return out, utf8.RuneCountInString(out), nil
}
