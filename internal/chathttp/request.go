package chathttp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"unicode/utf8"
)

// request holds the only fields of a request body the middleware reads:
// the messages, system prompt, tools and every other field are skipped by
// the decoder and never kept.
type request struct {
	Model  string `json:"model"`
	Stream bool   `json:"stream"`
}

// readRequest decodes the model and stream fields of req's body and gives
// req a body that replays it, so that the transport sends the same bytes.
func readRequest(req *http.Request) request {
	if req.Body == nil || req.Body == http.NoBody {
		return request{}
	}
	orig := req.Body
	data, err := readAll(orig, req.ContentLength)
	if err != nil {
		// The transport gets the bytes read and then the same error.
		req.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(data), errReader{err}), orig}
		return request{}
	}
	_ = orig.Close()
	req.Body = newReplay(data)
	req.GetBody = func() (io.ReadCloser, error) { return newReplay(data), nil }
	return decodeRequest(data) // a body that is not JSON has no model to record
}

// decodeRequest returns what json.Unmarshal into a request returns, without
// its allocations: a chat request is mostly messages, which it skips over.
// The body is checked with json.Valid first (its scanner is pooled), so the
// skipping below only ever walks valid JSON. As json.Unmarshal does, it
// matches keys without regard to case, lets the last of repeated keys
// win, and leaves a field whose value has another type unset.
func decodeRequest(data []byte) request {
	var r request
	if !json.Valid(data) {
		return r
	}
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return r
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != '"' {
			return r // '}': the end of the object
		}
		keyEnd := skipValue(data, i)
		key := data[i:keyEnd]
		i = skipSpace(data, keyEnd) + 1 // past ':'
		i = skipSpace(data, i)
		valEnd := skipValue(data, i)
		val := data[i:valEnd]
		switch {
		case keyIs(key, "model"):
			if len(val) > 0 && val[0] == '"' {
				r.Model = jsonString(val)
			}
		case keyIs(key, "stream"):
			switch string(val) {
			case "true":
				r.Stream = true
			case "false":
				r.Stream = false
			}
		}
		i = skipSpace(data, valEnd)
		if i < len(data) && data[i] == ',' {
			i++
		}
	}
}

// keyIs reports whether the quoted key is name, as encoding/json matches a
// key to a field's name.
func keyIs(quoted []byte, name string) bool {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return bytes.EqualFold(quoted[1:len(quoted)-1], []byte(name))
	}
	return bytes.EqualFold([]byte(jsonString(quoted)), []byte(name))
}

// jsonString returns the value of a JSON string literal.
func jsonString(quoted []byte) string {
	inner := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner)
	}
	var s string
	_ = json.Unmarshal(quoted, &s) // escapes, or invalid UTF-8 to replace
	return s
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// skipValue returns the index just past the JSON value at data[i:].
func skipValue(data []byte, i int) int {
	if i >= len(data) {
		return i
	}
	switch data[i] {
	case '"':
		for j := i + 1; j < len(data); j++ {
			switch data[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(data)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				j = skipValue(data, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(data)
	}
	j := i
	for j < len(data) && !bytes.ContainsRune([]byte(",}] \t\r\n"), rune(data[j])) {
		j++
	}
	return j
}

// readAll reads r to its end, in one allocation when n, the body's length
// as its request or response declares it, is known.
func readAll(r io.Reader, n int64) ([]byte, error) {
	if n <= 0 || n > 64<<20 {
		return io.ReadAll(r)
	}
	buf := make([]byte, 0, n+1) // +1: the read that returns io.EOF has room
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// replay is a body read whole, replayed: a bytes.Reader and a Close that
// does nothing, in one allocation.
type replay struct{ bytes.Reader }

func (*replay) Close() error { return nil }

func newReplay(data []byte) *replay {
	r := &replay{}
	r.Reset(data)
	return r
}
