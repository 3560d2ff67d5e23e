package otelgenai

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// payload holds the only fields of a GenerateContentResponse (a whole
// response, or one event of a stream) the adapter reads: the candidates,
// with their text and function calls, are skipped by the decoder: of a
// candidate, only its finish reason is read.
type payload struct {
	ResponseID    string         `json:"responseId"`
	ModelVersion  string         `json:"modelVersion"`
	UsageMetadata *usageMetadata `json:"usageMetadata"`
	Error         *apiError      `json:"error"`
	Candidates    []struct {
		FinishReason string `json:"finishReason"`
	} `json:"candidates"`
}

// usageMetadata is GenerateContentResponseUsageMetadata, the same on the
// Gemini API and Vertex AI.
type usageMetadata struct {
	PromptTokenCount        int64 `json:"promptTokenCount"`
	CachedContentTokenCount int64 `json:"cachedContentTokenCount"`
	CandidatesTokenCount    int64 `json:"candidatesTokenCount"`
	ThoughtsTokenCount      int64 `json:"thoughtsTokenCount"`
	ToolUsePromptTokenCount int64 `json:"toolUsePromptTokenCount"`
}

// toOtelagent converts Google's counts to the GenAI conventions', in which
// input includes cached input and output includes reasoning:
// promptTokenCount already includes the cached content; the results of
// tools the model ran itself (search, code execution) are input too;
// thoughts are not in candidatesTokenCount, and Google bills them as
// output, so they are added to it and also reported as reasoning.
func (u *usageMetadata) toOtelagent() otelagent.Usage {
	return otelagent.Usage{
		InputTokens:           u.PromptTokenCount + u.ToolUsePromptTokenCount,
		OutputTokens:          u.CandidatesTokenCount + u.ThoughtsTokenCount,
		CacheReadInputTokens:  u.CachedContentTokenCount,
		ReasoningOutputTokens: u.ThoughtsTokenCount,
	}
}

// apiError is Google's error object: an HTTP status code and its
// canonical status name ("RESOURCE_EXHAUSTED"). Its message is never read.
type apiError struct {
	Code   int    `json:"code"`
	Status string `json:"status"`
}

// streamError is an error event in a stream whose HTTP status was 200.
// otelagent.ErrorType reports its code ("500") as error.type, like an
// error status; else its status name.
type streamError apiError

func (e streamError) Error() string   { return "genai: the stream ended with an error event" }
func (e streamError) StatusCode() int { return e.Code }
func (e streamError) ErrorType() string {
	if e.Code >= 100 && e.Code <= 599 {
		return strconv.Itoa(e.Code)
	}
	if e.Status == "" {
		return semconv.ErrorTypeOther
	}
	return e.Status
}

func parse(data []byte) payload {
	var p payload
	_ = json.Unmarshal(data, &p) // what is not a response reports nothing
	return p
}

// record records p on chat, with resp, what the events before p said of
// the response, and returns what p adds to it: the response id, which
// every event of a stream carries, the model version, and each
// candidate's finish reason as Google spells it ("STOP", "MAX_TOKENS",
// "SAFETY"), which comes in a candidate's last event.
//
// Google's response ids ("mVb1aN2xJ8mYz7IPk8SJ2QE") are random tokens
// without a prefix, which otelagent's id grammar cannot tell from a key:
// one it refuses is left out rather than recorded as "_OTHER", which
// would give every call the same id.
func (p payload) record(chat *otelagent.Chat, resp otelagent.Response) otelagent.Response {
	if p.ResponseID != "" {
		resp.ID = ""
		if names.Valid(names.ID, p.ResponseID) {
			resp.ID = p.ResponseID
		}
	}
	if p.ModelVersion != "" {
		resp.Model = p.ModelVersion
	}
	for _, c := range p.Candidates {
		if c.FinishReason != "" {
			resp.FinishReasons = append(resp.FinishReasons, c.FinishReason)
		}
	}
	chat.SetResponse(resp)
	if p.UsageMetadata != nil {
		chat.SetUsage(p.UsageMetadata.toOtelagent())
	}
	return resp
}

// recordResponse reads a generateContent response, or the JSON array a
// streamGenerateContent request without alt=sse gets (its last usage
// wins, as in a stream).
func recordResponse(chat *otelagent.Chat, body []byte) {
	if b := bytes.TrimLeft(body, " \t\r\n"); len(b) > 0 && b[0] == '[' {
		var ps []payload
		_ = json.Unmarshal(b, &ps)
		var resp otelagent.Response
		for _, p := range ps {
			resp = p.record(chat, resp)
		}
		return
	}
	parse(body).record(chat, otelagent.Response{})
}

// stream reads a streamGenerateContent?alt=sse stream: every event is a
// GenerateContentResponse with the usage so far; the last one's usage is
// the call's. A stream can end with an error event instead.
type stream struct {
	chat *otelagent.Chat
	resp otelagent.Response // what the events said so far
	seen bool               // an event was read
	mu   sync.Mutex         // End may run in Close, on another goroutine
	err  *streamError
}

// Event reads an event that may say something new: the first one, one
// with usage, a finish reason or an error.
func (s *stream) Event(data []byte) {
	if s.seen && !chathttp.HasObject(data, "usageMetadata") && !chathttp.HasObject(data, "error") &&
		!bytes.Contains(data, []byte(`"finishReason"`)) {
		return
	}
	p := parse(data)
	s.seen = true
	s.resp = p.record(s.chat, s.resp)
	if p.Error != nil {
		e := streamError(*p.Error)
		s.mu.Lock()
		s.err = &e
		s.mu.Unlock()
	}
}

// End fails a stream that ended after an error event.
func (s *stream) End(err error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && s.err != nil {
		return *s.err
	}
	return err
}
