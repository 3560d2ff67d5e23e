package chathttp

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/otelagent/otelagent-go/otelagent"
)

// request holds the only fields of a request body the middleware reads:
// the model, whether it streams, and the numeric request parameters the
// GenAI conventions record, under the names the OpenAI, Anthropic and
// compatible APIs give them. The messages, system prompt, tools, stop
// sequences and every other field are skipped by the decoder and never
// kept.
type request struct {
	Model               string   `json:"model"`
	Stream              bool     `json:"stream"`
	MaxTokens           int64    `json:"max_tokens"`
	MaxCompletionTokens int64    `json:"max_completion_tokens"`
	MaxOutputTokens     int64    `json:"max_output_tokens"`
	Temperature         *float64 `json:"temperature"`
	TopP                *float64 `json:"top_p"`
	TopK                int64    `json:"top_k"`
	Seed                *int64   `json:"seed"`
	FrequencyPenalty    *float64 `json:"frequency_penalty"`
	PresencePenalty     *float64 `json:"presence_penalty"`
	N                   int64    `json:"n"`
	ReasoningEffort     string   `json:"reasoning_effort"`
	Reasoning           *struct {
		Effort string `json:"effort"`
	} `json:"reasoning"`
}

// chatRequest returns the otelagent request of r, made to provider at u.
func (r request) chatRequest(provider string, u *url.URL) otelagent.ChatRequest {
	c := otelagent.ChatRequest{
		Model: r.Model, Provider: provider, Stream: r.Stream,
		MaxTokens:   cmp.Or(r.MaxTokens, r.MaxCompletionTokens, r.MaxOutputTokens),
		Temperature: r.Temperature, TopP: r.TopP, TopK: r.TopK, Seed: r.Seed,
		FrequencyPenalty: r.FrequencyPenalty, PresencePenalty: r.PresencePenalty, ChoiceCount: r.N,
		ReasoningLevel: r.ReasoningEffort,
	}
	if r.Reasoning != nil && c.ReasoningLevel == "" {
		c.ReasoningLevel = r.Reasoning.Effort
	}
	if u != nil {
		c.ServerAddress = u.Hostname()
		c.ServerPort, _ = strconv.Atoi(u.Port())
		if c.ServerPort == 0 {
			c.ServerPort = map[string]int{"https": 443, "http": 80}[u.Scheme]
		}
	}
	return c
}

// Params returns the request parameters a JSON object holds under the
// names the OpenAI API gives them (temperature, top_p, top_k, seed,
// frequency_penalty, presence_penalty...), decoded as the middleware
// decodes a request body: for an API that nests them in an object of its
// own (Ollama's "options"). obj is a value taken from JSON text that Valid
// accepted (see Member). Its Model and Stream are not set.
func Params(obj []byte) otelagent.ChatRequest {
	r := skimRequest(obj)
	r.Model, r.Stream = "", false
	return r.chatRequest("", nil)
}

// readRequest decodes the fields of request from req's body (see
// withBody).
func readRequest(req *http.Request) request {
	var r request
	withBody(req, func(data []byte) { r = decodeRequest(data) }) // a body that is not JSON has no model to record
	return r
}

// withBody calls f with req's body whole (nil if it has none or it could
// not be read); f must not keep data, which is only valid while f runs. It
// reads a copy that req.GetBody returns (the SDKs' bodies have one, a
// reader of the same bytes), into a pooled buffer, and leaves req
// untouched; a request without GetBody has its body read and gets a body
// that replays it, so that the transport sends the same bytes.
func withBody(req *http.Request, f func(data []byte)) {
	if req.Body == nil || req.Body == http.NoBody {
		f(nil)
		return
	}
	if req.GetBody != nil {
		if rc, err := req.GetBody(); err == nil {
			buf := getBuffer()
			_, err := buf.ReadFrom(rc)
			_ = rc.Close()
			if err == nil {
				f(buf.Bytes())
			} else {
				f(nil)
			}
			putBuffer(buf)
			return
		}
	}
	orig := req.Body
	data, err := readAll(orig, req.ContentLength)
	if err != nil {
		// The transport gets the bytes read and then the same error.
		req.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(data), errReader{err}), orig}
		f(nil)
		return
	}
	_ = orig.Close()
	req.Body = newReplay(data)
	req.GetBody = func() (io.ReadCloser, error) { return newReplay(data), nil }
	f(data)
}

// decodeRequest returns what json.Unmarshal into a request returns, without
// its allocations: a chat request is mostly messages, which it skips over.
// The body is checked with Valid first, so the skimming below only ever
// walks valid JSON. As json.Unmarshal does, it matches keys without regard
// to case, lets the last of repeated keys win, and leaves a field whose
// value has another type unset.
func decodeRequest(data []byte) request {
	if !Valid(data) {
		return request{}
	}
	return skimRequest(data)
}

// skimRequest is decodeRequest for data that Valid accepted.
func skimRequest(data []byte) request {
	var r request
	for key, val := range Members(data) {
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
		case keyIs(key, "max_tokens"):
			decodeInt(val, &r.MaxTokens)
		case keyIs(key, "max_completion_tokens"):
			decodeInt(val, &r.MaxCompletionTokens)
		case keyIs(key, "max_output_tokens"):
			decodeInt(val, &r.MaxOutputTokens)
		case keyIs(key, "temperature"):
			decodeFloat(val, &r.Temperature)
		case keyIs(key, "top_p"):
			decodeFloat(val, &r.TopP)
		case keyIs(key, "top_k"):
			decodeInt(val, &r.TopK)
		case keyIs(key, "seed"):
			seed := r.Seed                 // a copy: &r.Seed would move r to the heap on every call
			_ = json.Unmarshal(val, &seed) // rare: json's own rules for a pointer
			r.Seed = seed
		case keyIs(key, "frequency_penalty"):
			decodeFloat(val, &r.FrequencyPenalty)
		case keyIs(key, "presence_penalty"):
			decodeFloat(val, &r.PresencePenalty)
		case keyIs(key, "n"):
			decodeInt(val, &r.N)
		case keyIs(key, "reasoning_effort"):
			if len(val) > 0 && val[0] == '"' {
				r.ReasoningEffort = jsonString(val)
			}
		case keyIs(key, "reasoning"):
			reasoning := r.Reasoning
			_ = json.Unmarshal(val, &reasoning) // rare: an object, json's rules
			r.Reasoning = reasoning
		}
	}
	return r
}

// isNumber reports whether val, a valid JSON value, is a number.
func isNumber(val []byte) bool {
	return len(val) > 0 && (val[0] == '-' || '0' <= val[0] && val[0] <= '9')
}

// decodeInt sets *v to the integer val, as json.Unmarshal does: a number
// that parses as an int64 without allocating, anything else by
// json.Unmarshal itself (which leaves *v unset on a type mismatch).
func decodeInt(val []byte, v *int64) {
	if isNumber(val) {
		if n, err := strconv.ParseInt(string(val), 10, 64); err == nil {
			*v = n
			return
		}
	}
	n := *v // a copy: v would escape, and the request with it
	_ = json.Unmarshal(val, &n)
	*v = n
}

// decodeFloat sets *v to the number val, as json.Unmarshal does: a number
// in range directly, anything else (null, another type, out of range) by
// json.Unmarshal itself.
func decodeFloat(val []byte, v **float64) {
	if isNumber(val) {
		if f, err := strconv.ParseFloat(string(val), 64); err == nil {
			if *v == nil {
				*v = new(float64)
			}
			**v = f
			return
		}
	}
	p := *v // a copy: v would escape, and the request with it
	_ = json.Unmarshal(val, &p)
	*v = p
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
		for j := i + 1; ; j++ {
			if j = skipPlain(data, j); j >= len(data) {
				return len(data)
			}
			switch data[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
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

// readAll reads r to its end, in one allocation: of n bytes when n, the
// body's length as its request or response declares it, is known, else
// of the bytes read into a pooled buffer (a decompressed or chunked
// response has no length; io.ReadAll would allocate each size it grows
// through).
func readAll(r io.Reader, n int64) ([]byte, error) {
	if n <= 0 || n > 64<<20 {
		buf := getBuffer()
		_, err := buf.ReadFrom(r)
		data := bytes.Clone(buf.Bytes())
		putBuffer(buf)
		return data, err
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

// maxPooledBuffer bounds the buffers readAll keeps for the next body:
// a larger body's buffer is left to the garbage collector.
const maxPooledBuffer = 1 << 20

var readBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// getBuffer returns an empty buffer from the pool.
func getBuffer() *bytes.Buffer {
	buf := readBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	return buf
}

// putBuffer gives buf back to the pool, unless it grew too large to keep.
func putBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBuffer {
		readBuffers.Put(buf)
	}
}

// pooledBody is a response body read whole into a pooled buffer, and
// replayed: Close gives the buffer back to the pool for the next body, so
// that a response costs no copy. The SDKs read a body to its end and close
// it; one never closed leaves its buffer to the garbage collector. The
// struct itself is never reused: a Read or Close after Close finds it
// closed, never another response's bytes.
type pooledBody struct {
	mu  sync.Mutex // an SDK may close a body on another goroutine
	buf *bytes.Buffer
	r   bytes.Reader
}

func newPooledBody(buf *bytes.Buffer) *pooledBody {
	b := &pooledBody{buf: buf}
	b.r.Reset(buf.Bytes())
	return b
}

func (b *pooledBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf == nil {
		return 0, errBodyClosed
	}
	return b.r.Read(p)
}

func (b *pooledBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf != nil {
		b.r.Reset(nil)
		putBuffer(b.buf)
		b.buf = nil
	}
	return nil
}

// errBodyClosed is what net/http's own response body returns when read
// after Close.
var errBodyClosed = errors.New("http: read on closed response body")

// replay is a body read whole, replayed: a bytes.Reader and a Close that
// does nothing, in one allocation.
type replay struct{ bytes.Reader }

func (*replay) Close() error { return nil }

func newReplay(data []byte) *replay {
	r := &replay{}
	r.Reset(data)
	return r
}
