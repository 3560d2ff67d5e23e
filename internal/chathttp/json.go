package chathttp

import "bytes"

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
// decoder of a response body: they walk JSON text that json.Valid has
// checked, and allocate nothing.

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
