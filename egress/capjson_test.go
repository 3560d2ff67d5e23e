package egress

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelagent/otelagent-go/semconv"
)

// messagesJSON is captured content in the conventions' shape: one message
// per text, each with a role and one text part.
func messagesJSON(t testing.TB, texts ...string) string {
	t.Helper()
	type part struct {
		Type    string `json:"type"`
		Content string `json:"content"`
	}
	type message struct {
		Role  string `json:"role"`
		Parts []part `json:"parts"`
	}
	var msgs []message
	for i, text := range texts {
		role := "user"
		if i%2 == 1 {
			role = "assistant"
		}
		msgs = append(msgs, message{Role: role, Parts: []part{{Type: "text", Content: text}}})
	}
	b, err := json.Marshal(msgs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestContentCapKeepsJSONValid caps captured messages over the limit: what
// leaves must still parse as the same list of messages, with every role and
// part type whole, and be within the limit. Cutting bytes instead (the old
// behaviour) left an unterminated document.
func TestContentCapKeepsJSONValid(t *testing.T) {
	long := strings.Repeat("the quick brown fox ", 100)   // 2,000 characters
	accents := strings.Repeat("é\n\"<tab>\t", 300)        // multi-byte and escaped
	in := messagesJSON(t, long, "ok", accents, long+long) // several texts, one short
	for _, limit := range []int{300, 400, 1000, 3000} {
		out, redacted, truncated := redactClean(in, limit)
		if redacted || !truncated {
			t.Errorf("limit %d: redacted=%v truncated=%v, want only truncated", limit, redacted, truncated)
		}
		if n := utf8.RuneCountInString(out); n > limit {
			t.Errorf("limit %d: %d characters left", limit, n)
		}
		var msgs []struct {
			Role  string `json:"role"`
			Parts []struct {
				Type    string `json:"type"`
				Content string `json:"content"`
			} `json:"parts"`
		}
		if err := json.Unmarshal([]byte(out), &msgs); err != nil {
			t.Fatalf("limit %d: capped content is not JSON: %v\n%s", limit, err, out)
		}
		if len(msgs) != 4 {
			t.Fatalf("limit %d: %d messages, want the 4 sent", limit, len(msgs))
		}
		for i, m := range msgs {
			if want := []string{"user", "assistant"}[i%2]; m.Role != want || len(m.Parts) != 1 || m.Parts[0].Type != "text" {
				t.Errorf("limit %d: message %d = %+v, want role %s and one text part", limit, i, m, want)
			}
		}
		// Short texts are kept whole while long ones are cut.
		if limit >= 400 && msgs[1].Parts[0].Content != "ok" {
			t.Errorf("limit %d: the short text became %q; water filling cuts long texts first", limit, msgs[1].Parts[0].Content)
		}
		if !strings.HasPrefix(long, msgs[0].Parts[0].Content) {
			t.Errorf("limit %d: a cut text is not a prefix of the original", limit)
		}
	}
}

func TestContentCapJSONEdges(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		limit    int
		want     string // "" : only check validity and length
	}{
		{"fits: unchanged", `{"a":"b"}`, 9, `{"a":"b"}`},
		{"object", `{"k":"` + strings.Repeat("x", 50) + `"}`, 16, `{"k":"xxxxxxxx"}`},
		{"structure too long: empty container", `[1,2,3,4,5,6,7,8,9,10,11,12]`, 10, `[]`},
		{"object structure too long", `{"n":123456789012345}`, 10, `{}`},
		{"numbers kept exactly", `[12345678901234567890,"` + strings.Repeat("y", 40) + `"]`, 30, `[12345678901234567890,"yyyyy"]`},
		{"leading space", "  [\"" + strings.Repeat("z", 40) + "\"]", 10, `["zzzzzz"]`},
	} {
		out, _, _ := redactClean(tt.in, tt.limit)
		if tt.want != "" && out != tt.want {
			t.Errorf("%s: got %s, want %s", tt.name, out, tt.want)
		}
		if !json.Valid([]byte(out)) || utf8.RuneCountInString(out) > tt.limit {
			t.Errorf("%s: got %q: not valid JSON within %d characters", tt.name, out, tt.limit)
		}
	}
	// Text that is not a JSON document is cut as text.
	for _, in := range []string{"[not json " + strings.Repeat("a", 40), `{"a":1} trailing` + strings.Repeat("b", 40), strings.Repeat("c", 40)} {
		out, _, truncated := redactClean(in, 10)
		if out != in[:10] || !truncated {
			t.Errorf("redactClean(%.20q, 10) = %q, %v; want the first 10 characters", in, out, truncated)
		}
	}
}

// TestFilterSpansContentCapIsJSON runs the cap through the span filter, as
// captured input messages leave.
func TestFilterSpansContentCapIsJSON(t *testing.T) {
	msgs := messagesJSON(t, strings.Repeat("hello ", 200), strings.Repeat("world ", 200))
	got := exportStubs(t, tracetest.SpanStubs{{
		Name:       "chat gpt-4o",
		Attributes: []attribute.KeyValue{semconv.GenAIInputMessagesKey.String(msgs)},
	}}, WithContentCapture(true), WithMaxContentLength(200))
	var out string
	for _, kv := range got[0].Attributes {
		if kv.Key == semconv.GenAIInputMessagesKey {
			out = kv.Value.AsString()
		}
	}
	if !json.Valid([]byte(out)) || utf8.RuneCountInString(out) > 200 || !strings.Contains(out, `"role":"assistant"`) {
		t.Errorf("gen_ai.input.messages = %q; want valid JSON within 200 characters, roles kept", out)
	}
}

// FuzzCapJSON: whatever JSON comes in, what leaves is valid JSON within
// the limit, and text that is not JSON is never made longer.
func FuzzCapJSON(f *testing.F) {
	f.Add(`[{"role":"user","parts":[{"type":"text","content":"hi there, a long text"}]}]`, 30)
	f.Add(`{"a":"\u00e9\n\"x\"","b":[1,2.5e3,true,null,"yy"]}`, 12)
	f.Add(`["<&>","\ud83d\ude00 emoji"]`, 5)
	f.Fuzz(func(t *testing.T, in string, limit int) {
		if limit < 0 || limit > 1<<12 || len(in) > 1<<14 {
			return
		}
		out, _, truncated := redactClean(in, limit)
		if n := utf8.RuneCountInString(out); n > limit && truncated {
			t.Fatalf("capped to %d characters, limit %d", n, limit)
		}
		red := Redact(in)
		if truncated && json.Valid([]byte(red)) && looksLikeJSONContainer(red) && limit >= 2 && !json.Valid([]byte(out)) {
			t.Fatalf("valid JSON %q capped at %d became invalid: %q", red, limit, out)
		}
	})
}
