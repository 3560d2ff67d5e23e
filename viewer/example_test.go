package viewer_test

import (
	"os"
	"strings"

	"github.com/otelagent/otelagent-go/viewer"
)

// A debug log or a collector's traces.jsonl holds one OTLP JSON request per
// line; here, a command and the tool call it made.
const otlpJSON = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","parentSpanId":"a3ce929d0e0e4736","name":"execute_tool run_tests","startTimeUnixNano":"1764583200100000000","endTimeUnixNano":"1764583200400000000","attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},{"key":"gen_ai.tool.name","value":{"stringValue":"run_tests"}},{"key":"error.type","value":{"stringValue":"timeout"}}],"status":{"code":2,"message":"timeout"}}]}]}]}
{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"a3ce929d0e0e4736","name":"run","startTimeUnixNano":"1764583200000000000","endTimeUnixNano":"1764583201230000000","attributes":[{"key":"otelagent.command.name","value":{"stringValue":"run"}}]}]}]}]}
`

func Example() {
	v := viewer.New(func(t *viewer.Trace) {
		_ = viewer.WriteTree(os.Stdout, t, viewer.WithWidth(60))
	})
	if err := v.Read(strings.NewReader(otlpJSON)); err != nil {
		panic(err)
	}
	v.Flush()
	// Output:
	// run                        1.23 s  ok
	// └─ execute_tool run_tests  300 ms  failed: timeout
	// total  1 tool (1 failed)
}
