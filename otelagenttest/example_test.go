package otelagenttest_test

import (
	"context"
	"fmt"

	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/otelagenttest"
)

// A test of an agent checks the span tree, the token totals, the cost, and
// that the prompt it was given never leaves the process. In a real test, t
// is the test's *testing.T; here a stand-in prints any failure, so that a
// failing assertion changes the example's output.
func Example() {
	t := &printT{}
	defer t.cleanup()

	h := otelagenttest.New(t)
	tel := h.Telemetry()

	prompt := "summarise /home/alice/diary.txt"
	ctx, session := tel.StartSession(context.Background(), otelagent.Agent{
		Name: "coder", SessionID: "s-1", Model: "gpt-4o", Provider: "openai",
	})
	_, chat := tel.StartChat(ctx, otelagent.ChatRequest{})
	_ = prompt // sent to the model, never to telemetry
	chat.SetUsage(otelagent.Usage{InputTokens: 1200, OutputTokens: 300, CacheReadInputTokens: 1000})
	chat.SetResponseModel("gpt-4o-2024-08-06")
	chat.End(nil)
	session.End(nil)

	h.AssertChild("invoke_agent coder", "chat gpt-4o")
	h.AssertNoOrphans()
	h.AssertNotExported(prompt)

	fmt.Println(h.Span("chat gpt-4o").Name())
	fmt.Println(h.TokenTotals())
	fmt.Println(h.Cost() > 0)
	// Output:
	// chat gpt-4o
	// map[input:1200 output:300]
	// true
}

// printT is a minimal otelagenttest.TB for the example.
type printT struct{ cleanups []func() }

func (*printT) Helper()                           {}
func (p *printT) Cleanup(f func())                { p.cleanups = append(p.cleanups, f) }
func (*printT) Errorf(format string, args ...any) { fmt.Printf("FAIL: "+format+"\n", args...) }
func (*printT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (p *printT) cleanup() {
	for i := len(p.cleanups) - 1; i >= 0; i-- {
		p.cleanups[i]()
	}
}
