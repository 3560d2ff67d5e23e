package otelopenai

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/otelagent/otelagent-go/internal/chathttp"
)

// parsePayload reads data: a response body, a stream chunk or a stream
// event. Data that is not a JSON object ("[DONE]", an error page) reports
// nothing.
//
// It returns what json.Unmarshal into the struct below reports (the
// adapter's former decoder, kept as the reference of its tests), without
// building what a body mostly is: messages and output, which are skipped
// over and never kept.
//
//	type payload struct {
//		Type     string        `json:"type"`
//		Code     string        `json:"code"`
//		Error    *errorObject  `json:"error"`
//		Response *responseBody `json:"response"`
//		responseBody // id, model, status, usage, error (hidden by Error), choices[].finish_reason
//	}
//
// Chat Completions responses and chunks carry model and usage at the top
// level, and a failed stream an "error" object; Responses API bodies carry
// model, usage and status at the top level, and its stream events
// ("response.created", "response.completed", "response.failed") under
// "response"; an "error" event has a "code". As json.Unmarshal does, it
// matches keys without regard to case, lets the last of repeated keys win
// (merging repeated objects), and reports nothing at all when a field it
// reads has a value of another type.
//
// A string equal to one of seen is returned as that string, not copied:
// a stream passes the id and model of its earlier chunks.
func parsePayload(data []byte, seen ...string) report {
	if !chathttp.Valid(data) { // so that the skimming below walks valid JSON only
		return report{}
	}
	i := chathttp.SkipSpace(data, 0)
	if data[i] != '{' {
		return report{} // null, or a value json.Unmarshal fails to put in a struct
	}
	d := decoder{seen: seen}
	var p skimmed
	d.payload(data[i:chathttp.SkipValue(data, i)], &p)
	if d.mismatch {
		return report{}
	}
	b := &p.top
	if p.hasResponse {
		b = &p.response
	}
	r := report{
		id: d.text(b.id), model: d.text(b.model), status: d.text(b.status),
		usage: b.usage, hasUsage: b.hasUsage, finishReasons: b.finishReasons,
	}
	if b.reusedChoices {
		r.finishReasons = reusedFinishReasons(data, p.hasResponse)
	}
	switch {
	case p.hasError: // a Chat Completions error chunk
		r.failure = firstOf(d.text(p.err.code), d.text(p.err.typ), "error")
	case textIs(p.typ, "error"): // a Responses "error" event
		r.failure = firstOf(d.text(p.code), "error")
	case r.status == statusFailed: // "response.failed", or a failed response body
		code := ""
		if b.hasError {
			code = d.text(b.err.code)
		}
		r.failure = firstOf(code, d.text(p.typ), "response.failed")
	}
	return r
}

// skimmed is what parsePayload has read of a payload: the text of its
// strings as it appears in the data (quotes included; nil when absent or
// null), so that only the ones reported are copied.
type skimmed struct {
	typ, code   []byte
	err         errorFields
	hasError    bool // the top-level "error" is an object
	response    body
	hasResponse bool // "response" is an object
	top         body // the top-level fields of a body; its "error" is the one above
}

type body struct {
	id, model, status []byte
	usage             usage
	hasUsage          bool
	err               errorFields
	hasError          bool
	finishReasons     []string
	// choices counts the arrays of choices with elements decoded since the
	// last empty or null one. json.Unmarshal decodes a repeated "choices"
	// into the elements of the one before: reusedChoices says so, and
	// reusedFinishReasons reads the finish reasons that leaves.
	choices       int
	reusedChoices bool
}

type errorFields struct{ typ, code []byte }

// decoder walks valid JSON text.
type decoder struct {
	seen []string
	// mismatch is a field read holding a value of another type (a number
	// for a string, a string for an object): json.Unmarshal fails then.
	mismatch bool
}

// member returns the next member of the object obj after index i (just
// past its '{' or its previous member): the key as quoted, the value, and
// the index past the value; ok is false at the end of the object.
func member(obj []byte, i int) (key, value []byte, next int, ok bool) {
	i = chathttp.SkipSpace(obj, i)
	if obj[i] == ',' {
		i = chathttp.SkipSpace(obj, i+1)
	}
	if obj[i] == '}' {
		return nil, nil, i + 1, false
	}
	end := chathttp.SkipValue(obj, i)
	key = obj[i:end]
	i = chathttp.SkipSpace(obj, end) + 1 // past ':'
	i = chathttp.SkipSpace(obj, i)
	end = chathttp.SkipValue(obj, i)
	return key, obj[i:end], end, true
}

// element returns the next element of the array arr after index i, as
// member does.
func element(arr []byte, i int) (value []byte, next int, ok bool) {
	i = chathttp.SkipSpace(arr, i)
	if arr[i] == ',' {
		i = chathttp.SkipSpace(arr, i+1)
	}
	if arr[i] == ']' {
		return nil, i + 1, false
	}
	end := chathttp.SkipValue(arr, i)
	return arr[i:end], end, true
}

// keyIs reports whether the quoted key is name, as json.Unmarshal matches
// a key to a field.
func keyIs(key []byte, name string) bool {
	inner := key[1 : len(key)-1]
	if string(inner) == name {
		return true
	}
	for _, c := range inner {
		if c == '\\' || c >= utf8.RuneSelf {
			return chathttp.KeyIs(key, name) // an escape, or a letter folding to ASCII ('K', 'ſ')
		}
	}
	return len(inner) == len(name) && bytes.EqualFold(inner, []byte(name))
}

func (d *decoder) payload(obj []byte, p *skimmed) {
	for key, v, i, ok := member(obj, 1); ok; key, v, i, ok = member(obj, i) {
		switch {
		case keyIs(key, "type"):
			d.str(v, &p.typ)
		case keyIs(key, "code"):
			d.str(v, &p.code)
		case keyIs(key, "error"):
			d.errorObject(v, &p.err, &p.hasError)
		case keyIs(key, "response"):
			if pointer(d, v, &p.response, &p.hasResponse) {
				d.body(v, &p.response)
			}
		default:
			d.bodyMember(key, v, &p.top)
		}
	}
}

// body reads the members of a response object.
func (d *decoder) body(obj []byte, b *body) {
	for key, v, i, ok := member(obj, 1); ok; key, v, i, ok = member(obj, i) {
		d.bodyMember(key, v, b)
	}
}

// bodyMember reads a member of a response object. At the top level,
// payload has read "error" first: it is the payload's, and the body's
// error is only ever the one under "response".
func (d *decoder) bodyMember(key, v []byte, b *body) {
	switch {
	case keyIs(key, "id"):
		d.str(v, &b.id)
	case keyIs(key, "model"):
		d.str(v, &b.model)
	case keyIs(key, "status"):
		d.str(v, &b.status)
	case keyIs(key, "usage"):
		if pointer(d, v, &b.usage, &b.hasUsage) {
			d.usage(v, &b.usage)
		}
	case keyIs(key, "choices"):
		d.choices(v, b)
	case keyIs(key, "error"):
		d.errorObject(v, &b.err, &b.hasError)
	}
}

// pointer handles the value v of a member json.Unmarshal decodes into a
// pointer to a struct, which *x and *has stand for: null sets the pointer
// to nil, an object to a new struct if it was nil, or else decodes into
// the one there (a repeated key merges); pointer reports whether v is an
// object to read into *x.
func pointer[T any](d *decoder, v []byte, x *T, has *bool) bool {
	switch v[0] {
	case 'n':
		var zero T
		*x, *has = zero, false
	case '{':
		if !*has {
			var zero T
			*x, *has = zero, true
		}
		return true
	default:
		d.mismatch = true
	}
	return false
}

// errorObject reads an "error" member into e; has says whether the
// pointer json.Unmarshal would set is non-nil.
func (d *decoder) errorObject(v []byte, e *errorFields, has *bool) {
	if !pointer(d, v, e, has) {
		return
	}
	for key, m, i, ok := member(v, 1); ok; key, m, i, ok = member(v, i) {
		switch {
		case keyIs(key, "type"):
			d.str(m, &e.typ)
		case keyIs(key, "code"):
			d.str(m, &e.code)
		}
	}
}

func (d *decoder) usage(obj []byte, u *usage) {
	for key, v, i, ok := member(obj, 1); ok; key, v, i, ok = member(obj, i) {
		switch {
		case keyIs(key, "prompt_tokens"):
			d.int(v, &u.PromptTokens)
		case keyIs(key, "completion_tokens"):
			d.int(v, &u.CompletionTokens)
		case keyIs(key, "prompt_tokens_details"):
			d.details(v, "cached_tokens", &u.PromptTokensDetails.CachedTokens)
		case keyIs(key, "completion_tokens_details"):
			d.details(v, "reasoning_tokens", &u.CompletionTokensDetails.ReasoningTokens)
		case keyIs(key, "input_tokens"):
			d.int(v, &u.InputTokens)
		case keyIs(key, "output_tokens"):
			d.int(v, &u.OutputTokens)
		case keyIs(key, "input_tokens_details"):
			d.details(v, "cached_tokens", &u.InputTokensDetails.CachedTokens)
		case keyIs(key, "output_tokens_details"):
			d.details(v, "reasoning_tokens", &u.OutputTokensDetails.ReasoningTokens)
		}
	}
}

// details reads the one count of a usage details object, a struct value
// (not a pointer): null leaves it as it was.
func (d *decoder) details(v []byte, name string, n *int64) {
	switch v[0] {
	case 'n':
	case '{':
		for key, m, i, ok := member(v, 1); ok; key, m, i, ok = member(v, i) {
			if keyIs(key, name) {
				d.int(m, n)
			}
		}
	default:
		d.mismatch = true
	}
}

// choices reads the finish reasons of an array of choices; their messages
// are skipped.
func (d *decoder) choices(v []byte, b *body) {
	switch v[0] {
	case 'n':
		b.finishReasons, b.choices = nil, 0
		return
	case '[':
	default:
		d.mismatch = true
		return
	}
	b.finishReasons = nil
	n := 0
	for c, i, ok := element(v, 1); ok; c, i, ok = element(v, i) {
		n++
		switch c[0] {
		case 'n': // a struct element: left as it was
		case '{':
			var reason []byte
			for key, m, j, ok := member(c, 1); ok; key, m, j, ok = member(c, j) {
				if keyIs(key, "finish_reason") {
					d.str(m, &reason)
				}
			}
			if s := d.text(reason); s != "" {
				b.finishReasons = append(b.finishReasons, s)
			}
		default:
			d.mismatch = true
		}
	}
	if n == 0 {
		b.choices = 0 // json.Unmarshal makes a new empty slice
		return
	}
	if b.choices > 0 {
		b.reusedChoices = true
	}
	b.choices++
}

// reusedFinishReasons returns the finish reasons of data, a payload with
// a repeated "choices" array, as json.Unmarshal leaves them: elements of an
// earlier array that a later one did not overwrite keep their reasons.
// Such a payload is rare enough to be decoded by json.Unmarshal itself.
func reusedFinishReasons(data []byte, underResponse bool) []string {
	type choices []struct {
		FinishReason string `json:"finish_reason"`
	}
	var p struct {
		Choices  choices `json:"choices"`
		Response *struct {
			Choices choices `json:"choices"`
		} `json:"response"`
	}
	_ = json.Unmarshal(data, &p) // checked by parsePayload: valid, and no field of another type
	cs := p.Choices
	if underResponse && p.Response != nil {
		cs = p.Response.Choices
	}
	var reasons []string
	for _, c := range cs {
		if c.FinishReason != "" {
			reasons = append(reasons, c.FinishReason)
		}
	}
	return reasons
}

// str keeps the quoted text of a string member; null leaves it as it was.
func (d *decoder) str(v []byte, s *[]byte) {
	switch v[0] {
	case '"':
		*s = v
	case 'n':
	default:
		d.mismatch = true
	}
}

// int reads a count, as json.Unmarshal does into an int64: an integer in
// range; null leaves it as it was; anything else (1.5, 1e3, a string) is
// a mismatch.
func (d *decoder) int(v []byte, n *int64) {
	switch {
	case v[0] == 'n':
	case v[0] == '-' || '0' <= v[0] && v[0] <= '9':
		x, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			d.mismatch = true
			return
		}
		*n = x
	default:
		d.mismatch = true
	}
}

// text returns the string a quoted string kept by str stands for ("" for
// nil). The values every call reports are not copied: a string of seen,
// and the finish reasons and statuses OpenAI documents.
func (d *decoder) text(quoted []byte) string {
	if quoted == nil {
		return ""
	}
	inner := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(inner, '\\') >= 0 || !utf8.Valid(inner) {
		return chathttp.String(quoted)
	}
	for _, s := range d.seen {
		if string(inner) == s {
			return s
		}
	}
	switch string(inner) {
	case "stop":
		return "stop"
	case "length":
		return "length"
	case "tool_calls":
		return "tool_calls"
	case "content_filter":
		return "content_filter"
	case "completed":
		return "completed"
	case "incomplete":
		return "incomplete"
	case statusFailed:
		return statusFailed
	case statusInProgress:
		return statusInProgress
	case statusQueued:
		return statusQueued
	case statusCancelled:
		return statusCancelled
	}
	return string(inner)
}

// textIs reports whether the quoted string is s.
func textIs(quoted []byte, s string) bool {
	if quoted == nil {
		return s == ""
	}
	inner := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return string(inner) == s
	}
	return chathttp.String(quoted) == s
}
