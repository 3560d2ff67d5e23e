package otelbedrock_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
)

// Canaries: content that passes through a call and must never be exported.
const (
	canaryPrompt    = "CANARY-PROMPT-4b1d"
	canaryAnswer    = "CANARY-ANSWER-e07c"
	canaryToolInput = "CANARY-TOOL-INPUT-93fa"
	canaryError     = "CANARY-ERROR-6d20"
	canaryAccessKey = "AKIACANARY7Q2W3E4R5T"
	canaryAccount   = "123456789012"
)

const claude = "anthropic.claude-3-5-sonnet-20240620-v1:0"

// event is one message of a binary event stream, as Bedrock sends it.
type event struct {
	headers map[string]string
	payload string
}

func ev(eventType, payload string) event {
	return event{headers: map[string]string{
		":message-type": "event", ":event-type": eventType, ":content-type": "application/json",
	}, payload: payload}
}

func exception(exceptionType, payload string) event {
	return event{headers: map[string]string{
		":message-type": "exception", ":exception-type": exceptionType, ":content-type": "application/json",
	}, payload: payload}
}

// chunk is an InvokeModelWithResponseStream event: the model's own JSON,
// base64 in a "bytes" field.
func chunk(modelJSON string) event {
	return ev("chunk", `{"bytes":"`+base64.StdEncoding.EncodeToString([]byte(modelJSON))+`","p":"abcdefgh"}`)
}

// reply is what the fake answers to one request.
type reply struct {
	status int
	header map[string]string
	body   string
	events []event
	// hold, if set, keeps the stream open after its events until the
	// request's context ends, and is closed when it has sent them.
	hold chan struct{}
}

// fake is a loopback Bedrock runtime endpoint that answers from a script,
// and records the paths it was asked.
type fake struct {
	t       *testing.T
	srv     *httptest.Server
	replies chan reply
	paths   chan string
}

func newFake(t *testing.T, replies ...reply) *fake {
	t.Helper()
	f := &fake{t: t, replies: make(chan reply, len(replies)), paths: make(chan string, 16)}
	for _, r := range replies {
		f.replies <- r
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	select {
	case f.paths <- r.URL.EscapedPath():
	default:
	}
	var rep reply
	select {
	case rep = <-f.replies:
	default:
		http.Error(w, `{"message":"fake: no reply scripted"}`, http.StatusTeapot)
		return
	}
	for k, v := range rep.header {
		w.Header().Set(k, v)
	}
	if rep.events == nil {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Requestid", "5ce0f1e2-0000-4000-8000-000000000001")
		if rep.status == 0 {
			rep.status = http.StatusOK
		}
		w.WriteHeader(rep.status)
		_, _ = w.Write([]byte(rep.body))
		return
	}
	w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
	w.Header().Set("X-Amzn-Bedrock-Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	enc := eventstream.NewEncoder()
	for _, e := range rep.events {
		var msg eventstream.Message
		for k, v := range e.headers {
			msg.Headers.Set(k, eventstream.StringValue(v))
		}
		msg.Payload = []byte(e.payload)
		var buf bytes.Buffer
		if err := enc.Encode(&buf, msg); err != nil {
			f.t.Errorf("fake: encode: %v", err)
			return
		}
		_, _ = w.Write(buf.Bytes())
		w.(http.Flusher).Flush()
	}
	if rep.hold != nil {
		close(rep.hold)
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}
}

// client returns a bedrockruntime client of the fake, with static
// credentials, no retries, and the middleware added by opts.
func (f *fake) client(optFns ...func(*bedrockruntime.Options)) *bedrockruntime.Client {
	opts := bedrockruntime.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(f.srv.URL),
		HTTPClient:   f.srv.Client(),
		Retryer:      aws.NopRetryer{},
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: canaryAccessKey, SecretAccessKey: "c2VjcmV0LWNhbmFyeQ", Source: "test"}, nil
		}),
	}
	return bedrockruntime.New(opts, optFns...)
}

// Realistic bodies, in the shapes of Bedrock's API reference and of the
// SDK's own response snapshots.
func converseBody(text string, in, out, cacheRead, cacheWrite int) string {
	return fmt.Sprintf(`{"output":{"message":{"role":"assistant","content":[{"text":%q}]}},"stopReason":"end_turn",`+
		`"usage":{"inputTokens":%d,"outputTokens":%d,"totalTokens":%d,"cacheReadInputTokens":%d,"cacheWriteInputTokens":%d},"metrics":{"latencyMs":1275}}`,
		text, in, out, in+out+cacheRead+cacheWrite, cacheRead, cacheWrite)
}

func converseToolUseBody(in, out int) string {
	return fmt.Sprintf(`{"output":{"message":{"role":"assistant","content":[{"text":"Let me look that up."},`+
		`{"toolUse":{"toolUseId":"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q","name":"top_song","input":{"sign":%q}}}]}},"stopReason":"tool_use",`+
		`"usage":{"inputTokens":%d,"outputTokens":%d,"totalTokens":%d},"metrics":{"latencyMs":830}}`,
		canaryToolInput, in, out, in+out)
}

func converseStreamEvents(text string, in, out, cacheRead int) []event {
	half := len(text) / 2
	return []event{
		ev("messageStart", `{"role":"assistant","p":"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVW"}`),
		ev("contentBlockDelta", fmt.Sprintf(`{"contentBlockIndex":0,"delta":{"text":%q},"p":"abcd"}`, text[:half])),
		ev("contentBlockDelta", fmt.Sprintf(`{"contentBlockIndex":0,"delta":{"text":%q},"p":"abcdef"}`, text[half:])),
		ev("contentBlockStop", `{"contentBlockIndex":0,"p":"abcdefghijklmn"}`),
		ev("messageStop", `{"stopReason":"end_turn","p":"abcdefghijklmnopqrs"}`),
		ev("metadata", fmt.Sprintf(`{"usage":{"inputTokens":%d,"outputTokens":%d,"totalTokens":%d,"cacheReadInputTokens":%d},"metrics":{"latencyMs":512},"p":"abcdefghij"}`,
			in, out, in+out+cacheRead, cacheRead)),
	}
}

func anthropicBody(text string, in, out, cacheRead, cacheCreation int) string {
	b, _ := json.Marshal(map[string]any{
		"id": "msg_bdrk_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
		"model":       "claude-3-5-sonnet-20240620",
		"content":     []map[string]any{{"type": "text", "text": text}},
		"stop_reason": "end_turn", "stop_sequence": nil,
		"usage": map[string]any{
			"input_tokens": in, "output_tokens": out,
			"cache_read_input_tokens": cacheRead, "cache_creation_input_tokens": cacheCreation,
		},
	})
	return string(b)
}

func throttled() reply {
	return reply{
		status: http.StatusTooManyRequests,
		header: map[string]string{"X-Amzn-Errortype": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"},
		body:   `{"message":"Too many requests, please wait before trying again. ` + canaryError + `"}`,
	}
}

func serverError() reply {
	return reply{
		status: http.StatusInternalServerError,
		header: map[string]string{"X-Amzn-Errortype": "InternalServerException:http://internal.amazon.com/coral/com.amazon.bedrock/"},
		body:   `{"message":"` + canaryError + `"}`,
	}
}

func userMessage() string { return strings.Repeat(canaryPrompt+" ", 3) }
