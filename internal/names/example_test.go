package names_test

import (
	"fmt"

	"github.com/otelagent/otelagent-go/internal/names"
)

func ExampleClean() {
	fmt.Println(names.Clean(names.Model, "claude-sonnet-4-5@20250929"))
	fmt.Println(names.Clean(names.Model, "/home/alice/notes.md"))
	fmt.Println(names.Clean(names.Tool, "read_file"))
	fmt.Println(names.Clean(names.Tool, "sk-proj-abc123"))
	// Output:
	// claude-sonnet-4-5@20250929
	// _OTHER
	// read_file
	// _OTHER
}
