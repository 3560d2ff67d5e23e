package chathttp

import (
	"io"
	"mime"
	"net/http"

	"github.com/otelagent/otelagent-go/internal/sse"
)

// ndjson is the media type of a stream of newline-delimited JSON objects,
// one event per line (Ollama).
const ndjson = "application/x-ndjson"

// streamBody returns the scanner for the stream resp carries: one event
// per line for newline-delimited JSON, else server-sent events.
func streamBody(resp *http.Response) func(io.ReadCloser, func([]byte), func(error)) io.ReadCloser {
	mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mediaType == ndjson {
		return sse.NewLineBody
	}
	return sse.NewBody
}
