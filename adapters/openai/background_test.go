package otelopenai_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/responses"
	"go.opentelemetry.io/otel/codes"

	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

const backgroundID = "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b"

// backgroundBody is responseJSON as a background response in status.
func backgroundBody(status string) string {
	b := strings.Replace(responseJSON, `"background": false`, `"background": true`, 1)
	b = strings.Replace(b, `"status": "completed"`, `"status": "`+status+`"`, 1)
	if status == "queued" || status == "in_progress" {
		b = strings.Replace(b, `"output": [`, `"output": [], "ignored": [`, 1)
		b = b[:strings.Index(b, `"usage": {`)] + `"usage": null, "user": null, "metadata": {}}`
	}
	if status == "failed" {
		b = strings.Replace(b, `"error": null`, `"error": {"code": "server_error", "message": "canary-message-7f3a"}`, 1)
	}
	return b
}

func backgroundParams() responses.ResponseNewParams {
	p := responseParams()
	p.Background = openai.Bool(true)
	return p
}

// A background response is one chat span, from its creation to the poll
// that sees it finished, with that poll's usage; the polls before are not
// calls.
func TestBackgroundResponse(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t,
		chathttptest.Reply{Status: 200, Body: backgroundBody("queued")},
		chathttptest.Reply{Status: 200, Body: backgroundBody("in_progress")},
		chathttptest.Reply{Status: 200, Body: backgroundBody("in_progress")},
		chathttptest.Reply{Status: 200, Body: backgroundBody("completed")},
	)
	client := newClient(s, h.Telemetry())

	ctx, session := h.Telemetry().StartSession(context.Background(), otelagent.Agent{Name: "coder"})
	resp, err := client.Responses.New(ctx, backgroundParams())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; resp.Status != responses.ResponseStatusCompleted; i++ {
		if i == 10 {
			t.Fatalf("still %q after 10 polls", resp.Status)
		}
		if n := len(h.SpansByOperation(semconv.OperationChat)); n != 0 {
			t.Fatalf("%d chat spans ended while the response is %s, want 0", n, resp.Status)
		}
		if resp, err = client.Responses.Get(context.Background(), resp.ID, responses.ResponseGetParams{}); err != nil {
			t.Fatal(err)
		}
	}
	// A later retrieval of the finished response is not another call.
	if _, err := client.Responses.Get(context.Background(), resp.ID, responses.ResponseGetParams{}); err != nil {
		t.Fatal(err)
	}
	session.End(nil)

	if got := len(s.Requests()); got != 5 {
		t.Fatalf("the server got %d requests, want 5", got)
	}
	checkChatSpan(t, h, "chat gpt-5", "gpt-5-2025-08-07", responseUsage)
	h.AssertChild("invoke_agent coder", "chat gpt-5")
}

func TestBackgroundResponseFailedOrCancelled(t *testing.T) {
	for _, tt := range []struct {
		status, want string
		cancel       bool
	}{
		{"failed", "server_error", false},
		{"cancelled", semconv.ErrorTypeCanceled, true},
	} {
		t.Run(tt.status, func(t *testing.T) {
			h := otelagenttest.New(t)
			s := chathttptest.NewServer(t,
				chathttptest.Reply{Status: 200, Body: backgroundBody("queued")},
				chathttptest.Reply{Status: 200, Body: backgroundBody(tt.status)},
			)
			client := newClient(s, h.Telemetry())
			resp, err := client.Responses.New(context.Background(), backgroundParams())
			if err != nil {
				t.Fatal(err)
			}
			if tt.cancel {
				_, err = client.Responses.Cancel(context.Background(), resp.ID)
			} else {
				_, err = client.Responses.Get(context.Background(), resp.ID, responses.ResponseGetParams{})
			}
			if err != nil {
				t.Fatal(err)
			}
			if r := s.Requests(); tt.cancel && (r[1].Method != http.MethodPost || r[1].Path != "/v1/responses/"+backgroundID+"/cancel") {
				t.Fatalf("sent %s %s, want the cancel call", r[1].Method, r[1].Path)
			}
			span := h.Span("chat gpt-5")
			if span.Status().Code != codes.Error || span.Status().Description != tt.want {
				t.Errorf("status = %v %q, want Error %q", span.Status().Code, span.Status().Description, tt.want)
			}
			h.AssertNotExported("canary-message")
		})
	}
}

// A poll of a response the client did not create records nothing.
func TestPollOfAnotherResponseRecordsNothing(t *testing.T) {
	h := otelagenttest.New(t)
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Body: backgroundBody("completed")})
	client := newClient(s, h.Telemetry())
	if _, err := client.Responses.Get(context.Background(), backgroundID, responses.ResponseGetParams{}); err != nil {
		t.Fatal(err)
	}
	if n := len(h.Spans()); n != 0 {
		t.Errorf("%d spans for a poll of an unknown response, want 0", n)
	}
}
