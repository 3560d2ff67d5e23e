package exporters_test

import (
	"fmt"
	"strings"

	"github.com/otelagent/otelagent-go/exporters"
)

func ExampleRedactString() {
	// A made-up key of the OpenAI shape, embedded in a longer value.
	key := "sk-proj-" + strings.Repeat("Ab3", 16)
	out, redacted := exporters.RedactString("retrying with key=" + key + " on gpt-4o")
	fmt.Println(out, redacted)

	out, redacted = exporters.RedactString("task-list for gpt-4o")
	fmt.Println(out, redacted)
	// Output:
	// retrying with key=[REDACTED] on gpt-4o true
	// task-list for gpt-4o false
}
