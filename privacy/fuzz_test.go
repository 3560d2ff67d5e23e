package privacy_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/otelagent/otelagent-go/otelagent"
)

// The fuzzed string is wrapped between two markers that nothing exported
// by design contains. Wherever content goes (cut to a length cap, partly
// redacted, escaped by JSON) one of the markers goes with it.
const (
	fuzzHead = "qZ9head "
	fuzzTail = " tail8Zq"
)

// FuzzAPI drives every public entry point of otelagent, and the SDK
// through the same providers, with a random string in every position that
// can carry content (see useAPI and useSDK), and a random status code on
// an error, and asserts that the string appears nowhere in what the
// filtered in-memory pipeline exports. Names (command, agent, model, tool)
// are exported by design and are not fuzzed. The seed corpus is in
// testdata/fuzz/FuzzAPI; go test runs it.
//
// The pipeline is built once and reset between executions, and writes what
// it exports as text into one reused buffer: thousands of executions per
// second, where building providers or encoding JSON per execution made
// tens.
func FuzzAPI(f *testing.F) {
	f.Add(allContent(), 0)
	p := newFuzzPipeline(f)
	setDefault(f, p.tel)
	f.Fuzz(func(t *testing.T, s string, code int) {
		p.reset()
		ctx := context.Background()
		content := fuzzHead + s + fuzzTail
		useAPI(ctx, p.tel, content)
		// Scope identities stay the same between executions (the SDK
		// keeps every scope); they carry the markers the check looks for.
		useSDK(ctx, p.tp, p.mp, content, fuzzHead+"scope"+fuzzTail)
		_, call := p.tel.StartToolCall(ctx, otelagent.Tool{Name: "http_get"})
		call.End(&junkError{msg: content, class: content, code: code})

		out := p.export(t)
		if !bytes.Contains(out, []byte("execute_tool http_get")) {
			t.Fatalf("the export does not hold what was recorded (%d bytes)", len(out))
		}
		for _, needle := range []string{fuzzHead, fuzzTail, content} {
			if bytes.Contains(out, []byte(needle)) {
				t.Fatalf("content %q leaked: ...%s...", s, excerpt(out, needle))
			}
		}
	})
}
