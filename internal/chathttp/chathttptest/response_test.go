package chathttptest_test

import (
	"context"
	"testing"

	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
)

func TestCheckResponseAndServerFail(t *testing.T) {
	fake := &fakeTB{t: t}
	h := otelagenttest.New(fake)
	_, chat := h.Telemetry().StartChat(context.Background(), otelagent.ChatRequest{
		Model: "gpt-4o", Provider: "openai", ServerAddress: "127.0.0.1", ServerPort: 8080,
	})
	chat.SetResponse(otelagent.Response{ID: "chatcmpl-1", FinishReasons: []string{"stop"}})
	chat.End(nil)

	const name, url = "chat gpt-4o", "http://127.0.0.1:8080"
	check := func(id string, reasons []string) string {
		return fake.capture(func() { chathttptest.CheckResponse(fake, h, name, id, reasons) })
	}
	if got := check("chatcmpl-1", []string{"stop"}); got != "" {
		t.Fatalf("CheckResponse failed a span that is as expected:\n%s", got)
	}
	for what, got := range map[string]string{
		"other id":       check("chatcmpl-2", []string{"stop"}),
		"no id":          check("", []string{"stop"}),
		"other reasons":  check("chatcmpl-1", []string{"length"}),
		"more reasons":   check("chatcmpl-1", []string{"stop", "stop"}),
		"no reasons":     check("chatcmpl-1", nil),
		"other server":   fake.capture(func() { chathttptest.CheckServer(fake, h, name, "http://localhost:8080") }),
		"other port":     fake.capture(func() { chathttptest.CheckServer(fake, h, name, "http://127.0.0.1:8081") }),
		"unparsable URL": fake.capture(func() { chathttptest.CheckServer(fake, h, name, "http://[::1") }),
	} {
		if got == "" {
			t.Errorf("%s: no failure", what)
		}
	}
	if got := fake.capture(func() { chathttptest.CheckServer(fake, h, name, url) }); got != "" {
		t.Errorf("CheckServer failed a span that is as expected:\n%s", got)
	}
}
