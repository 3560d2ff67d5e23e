package semconv_test

import (
	"fmt"

	"github.com/otelagent/otelagent-go/semconv"
)

// Span names follow the GenAI conventions: the operation, then its subject.
func ExampleSpanNameExecuteTool() {
	fmt.Println(semconv.SpanNameExecuteTool("read_file"))
	fmt.Println(semconv.SpanNameChat("gpt-4o"))
	fmt.Println(semconv.SpanNameInvokeAgent("coder"))
	// Output:
	// execute_tool read_file
	// chat gpt-4o
	// invoke_agent coder
}

// Lookup tells whether a key is one otelagent exports, and how; the egress
// filter lets nothing else through.
func ExampleLookup() {
	def, ok := semconv.Lookup("gen_ai.conversation.id")
	fmt.Println(ok, def.Type, def.SpansOnly)
	_, ok = semconv.Lookup("user.email")
	fmt.Println(ok)
	// Output:
	// true STRING true
	// false
}
