package chathttp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
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
	var r request
	if req.Body == nil || req.Body == http.NoBody {
		return r
	}
	orig := req.Body
	data, err := io.ReadAll(orig)
	if err != nil {
		// The transport gets the bytes read and then the same error.
		req.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(data), errReader{err}), orig}
		return r
	}
	_ = orig.Close()
	req.Body = io.NopCloser(bytes.NewReader(data))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	_ = json.Unmarshal(data, &r) // a body that is not JSON has no model to record
	return r
}
