package chathttp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sync"
)

// PeekModel returns the "model" field of req's JSON body without touching
// req.Body: it scans a copy that req.GetBody returns (a view of the same
// bytes for the bodies net/http knows: bytes.Buffer, bytes.Reader,
// strings.Reader), and only up to the field. SDKs that marshal a struct
// with Model first (go-openai's chat requests, Ollama) put it at the
// start, so a long prompt after it is never read; members before it are
// skipped as they stream past, never held whole. A request without
// GetBody has its body read and replayed instead. An API sets RequestModel
// to PeekModel.
func PeekModel(req *http.Request) string {
	if req.Body == nil || req.Body == http.NoBody {
		return ""
	}
	if req.GetBody == nil {
		return readRequest(req).Model
	}
	rc, err := req.GetBody()
	if err != nil {
		return ""
	}
	defer func() { _ = rc.Close() }()
	s := scanners.Get().(*scanner)
	defer scanners.Put(s)
	s.reset(rc)
	return s.topLevelModel()
}

// maxModelLen bounds a model name PeekModel returns; a longer value is not
// a model name.
const maxModelLen = 256

var scanners = sync.Pool{New: func() any { return &scanner{buf: make([]byte, 4096)} }}

// scanner reads JSON text from r through a fixed buffer, so that skipping
// a value of any size holds at most the buffer.
type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	key      [8]byte // a key long enough to tell "model" apart
	value    [maxModelLen]byte
}

func (s *scanner) reset(r io.Reader) { s.r, s.pos, s.end = r, 0, 0 }

// next returns the next byte, false at the end of the input or on error.
func (s *scanner) next() (byte, bool) {
	for s.pos == s.end {
		n, err := s.r.Read(s.buf)
		s.pos, s.end = 0, n
		if n == 0 && err != nil {
			return 0, false
		}
	}
	c := s.buf[s.pos]
	s.pos++
	return c, true
}

// nextToken returns the next byte that is not white space.
func (s *scanner) nextToken() (byte, bool) {
	for {
		c, ok := s.next()
		if !ok || (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			return c, ok
		}
	}
}

// topLevelModel reads the members of the object the input holds until
// the "model" one, and returns its string value; "" if there is none or
// the input is not a JSON object.
func (s *scanner) topLevelModel() string {
	if c, ok := s.nextToken(); !ok || c != '{' {
		return ""
	}
	for {
		c, ok := s.nextToken()
		if !ok || c != '"' {
			return "" // '}' ends the object, anything else is not JSON
		}
		key, ok := s.str(s.key[:])
		if !ok {
			return ""
		}
		if c, ok := s.nextToken(); !ok || c != ':' {
			return ""
		}
		c, ok = s.nextToken()
		if !ok {
			return ""
		}
		if string(key) == "model" {
			if c != '"' {
				return ""
			}
			v, _ := s.str(s.value[:])
			return unquote(v)
		}
		if !s.skip(c) {
			return ""
		}
		if c, ok := s.nextToken(); !ok || c != ',' {
			return ""
		}
	}
}

// str reads the rest of a string whose opening quote was read, and
// returns its raw text if it fits in keep (nil if not), and false when the
// input ends first.
func (s *scanner) str(keep []byte) ([]byte, bool) {
	n, escaped := 0, false
	for {
		c, ok := s.next()
		if !ok {
			return nil, false
		}
		if c == '"' && !escaped {
			break
		}
		escaped = c == '\\' && !escaped
		if n <= len(keep) {
			if n < len(keep) {
				keep[n] = c
			}
			n++
		}
	}
	if n > len(keep) {
		return nil, true
	}
	return keep[:n], true
}

// unquote returns the string raw, the text of a JSON string, stands for.
func unquote(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	var v string
	if json.Unmarshal(append(append([]byte{'"'}, raw...), '"'), &v) != nil {
		return ""
	}
	return v
}

// skip reads the rest of a value whose first byte, c, was read.
func (s *scanner) skip(c byte) bool {
	switch c {
	case '"':
		_, ok := s.str(nil)
		return ok
	case '{', '[':
		depth := 1
		for depth > 0 {
			c, ok := s.next()
			if !ok {
				return false
			}
			switch c {
			case '"':
				if _, ok := s.str(nil); !ok {
					return false
				}
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
		return true
	}
	// A number, true, false or null: it ends before the next delimiter.
	for {
		c, ok := s.next()
		if !ok {
			return false
		}
		if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			s.pos-- // the delimiter belongs to the object
			return true
		}
	}
}
