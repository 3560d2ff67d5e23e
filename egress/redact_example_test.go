package egress_test

import (
	"fmt"
	"strings"

	"github.com/otelagent/otelagent-go/egress"
)

func ExampleRedact() {
	// A made-up key of the OpenAI shape, embedded in a longer value.
	key := "sk-proj-" + strings.Repeat("Ab3", 16)
	fmt.Println(egress.Redact("retrying with key=" + key + " on gpt-4o"))
	// A key hidden behind a JSON escape, as chat messages are serialized.
	fmt.Println(egress.Redact(`{"content":"my key:\n` + key + `"}`))
	fmt.Println(egress.Redact("task-list for gpt-4o"))
	// Output:
	// retrying with key=[REDACTED] on gpt-4o
	// {"content":"my key:\n[REDACTED]"}
	// task-list for gpt-4o
}
