package chathttp

import (
	"bytes"
	"iter"
)

// HasObject reports whether data has a key whose value is an object. In
// JSON text, a quote inside a string is escaped, so `"key":` matches only a
// real key. A Stream uses it to skip decoding the many events (text
// deltas) that carry nothing it reads.
func HasObject(data []byte, key string) bool {
	needle := `"` + key + `":`
	for {
		i := bytes.Index(data, []byte(needle))
		if i < 0 {
			return false
		}
		rest := bytes.TrimLeft(data[i+len(needle):], " \t\r\n")
		if len(rest) > 0 && rest[0] == '{' {
			return true
		}
		data = data[i+len(needle):]
	}
}

// The helpers below are decodeRequest's, for an adapter's own skimming
// decoder of a request or response body: they walk JSON text that Valid
// has accepted, and allocate nothing.

// Member returns the value of the member named key of obj, a JSON value,
// as json.Unmarshal would decode it into a field of that name: of the last
// member whose key matches, exactly or without regard to case. It is nil
// when obj is not an object or has no such member. An adapter reads the
// few fields it records from a request with it, and skips the rest (the
// messages) without decoding them.
func Member(obj []byte, key string) []byte {
	var found []byte
	for k, v := range Members(obj) {
		if keyIs(k, key) {
			found = v
		}
	}
	return found
}

// Members yields the quoted key and the value of each member of obj, a
// JSON value, in order: none when obj is not an object.
func Members(obj []byte) iter.Seq2[[]byte, []byte] {
	return func(yield func(key, val []byte) bool) {
		i := skipSpace(obj, 0)
		if i >= len(obj) || obj[i] != '{' {
			return
		}
		i++
		for {
			i = skipSpace(obj, i)
			if i >= len(obj) || obj[i] != '"' {
				return // '}': the end of the object
			}
			keyEnd := skipValue(obj, i)
			key := obj[i:keyEnd]
			i = skipSpace(obj, skipSpace(obj, keyEnd)+1) // past ':'
			valEnd := skipValue(obj, i)
			if !yield(key, obj[i:valEnd]) {
				return
			}
			i = skipSpace(obj, valEnd)
			if i < len(obj) && obj[i] == ',' {
				i++
			}
		}
	}
}

// SkipSpace returns the index of the first byte of data at or after i that
// is not JSON white space.
func SkipSpace(data []byte, i int) int { return skipSpace(data, i) }

// SkipValue returns the index just past the JSON value at data[i:].
func SkipValue(data []byte, i int) int { return skipValue(data, i) }

// KeyIs reports whether the quoted key is name, as encoding/json matches a
// key to a field's name: exactly, else without regard to case.
func KeyIs(quoted []byte, name string) bool { return keyIs(quoted, name) }

// String returns the value of the JSON string literal quoted, as
// json.Unmarshal decodes it.
func String(quoted []byte) string { return jsonString(quoted) }
