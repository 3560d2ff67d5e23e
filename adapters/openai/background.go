package otelopenai

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/openai/openai-go/v3/option"

	"github.com/otelagent/otelagent-go/internal/sse"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// maxPending bounds the background responses a client's middleware waits
// for. When a new one would exceed it, the oldest is given up: its span
// ends, with error.type _OTHER, since its outcome is unknown.
const maxPending = 256

// background follows the Responses API's background mode: a POST
// /responses with background: true answers at once with the response
// queued or in progress and no usage; the program then polls GET
// /responses/{id} (or cancels it with POST /responses/{id}/cancel) until its
// status is final, and that answer carries the usage. The call is one chat
// span, from the POST to the first answer that reports a final status, with
// that answer's model, usage and outcome, whatever the number of polls: a
// poll is not a model call. Polls of a response the middleware did not see
// created (another process, or already finished) record nothing, so
// nothing is counted twice.
type background struct {
	mu      sync.Mutex
	pending map[string]*otelagent.Chat
	order   []string // ids in pending, oldest first
}

func newBackground() *background {
	return &background{pending: make(map[string]*otelagent.Chat)}
}

// recordResponse records what a JSON response body of a chat call reports
// on chat.
func recordResponse(chat *otelagent.Chat, body []byte) {
	r := parsePayload(body)
	chat.SetResponse(otelagent.Response{ID: r.id, Model: r.model, FinishReasons: r.finishReasons})
	if r.hasUsage {
		chat.SetUsage(r.usage.toOtelagent())
	}
}

// holdResponse takes chat over after recordResponse: it keeps it open, for
// a later poll to end, when the body is a response still in progress, and
// ends it itself when the body reports a failure.
func (b *background) holdResponse(chat *otelagent.Chat, body []byte) (keepOpen bool) {
	if !bytes.Contains(body, []byte(`"status"`)) && !mayReportFailure(body) {
		return false // a Chat Completions body: no status, no failure
	}
	r := parsePayload(body)
	switch {
	case r.failure != "":
		chat.End(failed(r.failure))
		return true
	case r.id != "" && (r.status == statusQueued || r.status == statusInProgress):
		b.hold(r.id, chat)
		return true
	}
	return false
}

func (b *background) hold(id string, chat *otelagent.Chat) {
	var given *otelagent.Chat
	b.mu.Lock()
	if _, ok := b.pending[id]; !ok {
		b.order = append(b.order, id)
	}
	b.pending[id] = chat
	if len(b.order) > maxPending {
		oldest := b.order[0]
		b.order = b.order[1:]
		given = b.pending[oldest]
		delete(b.pending, oldest)
	}
	b.mu.Unlock()
	given.End(otelagent.WithErrorType(errGivenUp, semconv.ErrorTypeOther))
}

// take removes the chat waiting for id, if any, so that one poll at a time
// can end it.
func (b *background) take(id string) *otelagent.Chat {
	b.mu.Lock()
	defer b.mu.Unlock()
	chat := b.pending[id]
	if chat != nil {
		delete(b.pending, id)
		for i, o := range b.order {
			if o == id {
				b.order = append(b.order[:i], b.order[i+1:]...)
				break
			}
		}
	}
	return chat
}

// isPoll reports whether req retrieves or cancels a response the
// middleware waits for.
func (b *background) isPoll(req *http.Request) bool {
	id := pollID(req)
	if id == "" {
		return false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.pending[id] != nil
}

// pollID returns the response id of a GET /responses/{id} or a POST
// /responses/{id}/cancel, else "".
func pollID(req *http.Request) string {
	if req.URL == nil {
		return ""
	}
	path := strings.TrimSuffix(req.URL.Path, "/")
	if req.Method == http.MethodPost {
		var ok bool
		if path, ok = strings.CutSuffix(path, "/cancel"); !ok {
			return ""
		}
	} else if req.Method != http.MethodGet {
		return ""
	}
	i := strings.LastIndexByte(path, '/')
	if i < 0 || !strings.HasSuffix(path[:i], "/responses") {
		return ""
	}
	return path[i+1:]
}

// poll sends a poll and ends the waiting chat if its answer reports a final
// status; otherwise the chat waits for the next poll.
func (b *background) poll(req *http.Request, next option.MiddlewareNext) (*http.Response, error) {
	id := pollID(req)
	chat := b.take(id)
	resp, err := next(req)
	if chat == nil {
		return resp, err
	}
	if err != nil || resp.StatusCode < 200 || resp.StatusCode >= 300 || resp.Body == nil || resp.Body == http.NoBody {
		b.hold(id, chat) // a failed poll says nothing of the response
		return resp, err
	}
	if mediaType, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mediaType == "text/event-stream" {
		// GET /responses/{id}?stream=true resumes the response's stream.
		s := &stream{chat: chat}
		f := &finalStatus{}
		resp.Body = sse.NewBody(resp.Body, func(data []byte) { s.Event(data); f.event(data) }, func(err error) {
			if err == nil && f.final() {
				chat.End(s.End(nil))
				return
			}
			b.hold(id, chat)
		})
		return resp, nil
	}
	data, readErr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(data), errReader{readErr}))
	if readErr != nil {
		b.hold(id, chat)
		return resp, nil
	}
	r := parsePayload(data)
	if r.status == statusQueued || r.status == statusInProgress || r.status == "" {
		b.hold(id, chat)
		return resp, nil
	}
	chat.SetResponseModel(r.model)
	if r.hasUsage {
		chat.SetUsage(r.usage.toOtelagent())
	}
	chat.End(finalError(r))
	return resp, nil
}

// finalError is the outcome of a response in a final status: completed
// and incomplete (cut short by max_output_tokens) are answers.
func finalError(r report) error {
	switch {
	case r.failure != "":
		return failed(r.failure)
	case r.status == statusCancelled:
		return otelagent.WithErrorType(errFailed, semconv.ErrorTypeCanceled)
	}
	return nil
}

// finalStatus notes whether a resumed stream reported a final status.
type finalStatus struct {
	mu  sync.Mutex
	got bool
}

func (f *finalStatus) event(data []byte) {
	if !bytes.Contains(data, []byte(`"response.`)) {
		return
	}
	switch parsePayload(data).status {
	case "", statusQueued, statusInProgress:
		return
	}
	f.mu.Lock()
	f.got = true
	f.mu.Unlock()
}

func (f *finalStatus) final() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.got
}

var errGivenUp = errors.New("openai: gave up waiting for the background response's final status")

// errReader returns err after the bytes read; a nil err is io.EOF.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) {
	if r.err == nil {
		return 0, io.EOF
	}
	return 0, r.err
}
