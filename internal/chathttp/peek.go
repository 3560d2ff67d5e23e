package chathttp

import (
	"encoding/json"
	"io"
	"net/http"
)

// PeekModel returns the "model" field of req's JSON body without touching
// req.Body: it decodes a copy that req.GetBody returns (a view of the same
// bytes for the bodies net/http knows: bytes.Buffer, bytes.Reader,
// strings.Reader), and only up to the field, which SDKs that marshal a
// struct with Model first (go-openai, Ollama) put at the start: a long
// prompt after it is never read. A request without GetBody has its body
// read and replayed instead. An API sets RequestModel to PeekModel.
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
	return topLevelModel(rc)
}

// topLevelModel reads the members of the JSON object r holds until the
// "model" one, and returns its string value.
func topLevelModel(r io.Reader) string {
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return ""
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return ""
		}
		if key == "model" {
			v, _ := dec.Token()
			model, _ := v.(string)
			return model
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return ""
		}
	}
	return ""
}
