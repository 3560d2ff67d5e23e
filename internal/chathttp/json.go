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
