package chathttp_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/internal/chathttp/chathttptest"
	"github.com/otelagent/otelagent-go/otelagenttest"
	"github.com/otelagent/otelagent-go/semconv"
)

// peekAPI is testAPI with the model peeked at rather than decoded.
var peekAPI = func() chathttp.API {
	api := testAPI
	api.RequestModel = chathttp.PeekModel
	return api
}()

func TestTransportNDJSONStream(t *testing.T) {
	h := otelagenttest.New(t)
	lines := []string{
		"{\"model\":\"m-1-2025\"}\n",
		"{\"usage\":{\"in\":10,\"out\":3}}\n",
		"{\"error\":\"overloaded\"}\n",
	}
	s := chathttptest.NewServer(t, chathttptest.Reply{Status: 200, Events: lines, ContentType: "application/x-ndjson"})
	client := chathttp.Client(s.Client(), func(rt http.RoundTripper) http.RoundTripper {
		return chathttp.Transport(rt, h.Telemetry(), "test.provider", peekAPI)
	})
	resp, err := client.Post(s.URL+"/api/chat", "application/json", strings.NewReader(reqBody))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil || string(got) != strings.Join(lines, "") {
		t.Fatalf("the caller read %q, %v; want the stream unchanged", got, err)
	}
	span := h.Span("chat m-1")
	if span.Status().Code != codes.Error {
		t.Errorf("status = %v, want Error from the error line", span.Status())
	}
	h.AssertAttributes(span,
		semconv.ErrorTypeKey.String("overloaded"),
		semconv.GenAIResponseModelKey.String("m-1-2025"),
		semconv.GenAIUsageInputTokensKey.Int64(10),
		semconv.GenAIUsageOutputTokensKey.Int64(3))
	if r := s.Requests(); len(r) != 1 || string(r[0].Body) != reqBody {
		t.Errorf("server got %v, want the request body unchanged", r)
	}
	h.AssertNotExported(canaryPrompt)
}

// Client copies the client it wraps: the caller's client keeps its
// transport.
func TestClientLeavesBaseAlone(t *testing.T) {
	base := &http.Client{}
	wrapped := chathttp.Client(base, func(rt http.RoundTripper) http.RoundTripper {
		if rt != nil {
			t.Errorf("wrap got %v, want the base's nil transport", rt)
		}
		return chathttp.Transport(rt, nil, "p", peekAPI)
	})
	if base.Transport != nil || wrapped == base || wrapped.Transport == nil {
		t.Errorf("base transport %v, wrapped %v: want base unchanged and a new client", base.Transport, wrapped.Transport)
	}
	if c := chathttp.Client(nil, func(http.RoundTripper) http.RoundTripper { return http.DefaultTransport }); c == nil || c.Transport != http.DefaultTransport {
		t.Errorf("Client(nil) = %v, want a new client", c)
	}
}

// readCounter counts what was read of a body.
type readCounter struct {
	r io.Reader
	n int
}

func (c *readCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestPeekModel(t *testing.T) {
	long := `{"model":"m-1","messages":["` + strings.Repeat("x", 1<<20) + canaryPrompt + `"]}`
	tests := []struct {
		name, body, want string
	}{
		{"model first", long, "m-1"},
		{"model after other fields", `{"stream":true,"messages":[{"content":"a"}],"model":"m-2"}`, "m-2"},
		{"escaped model", `{"model":"m\u002d3"}`, "m-3"},
		{"formatted", "{\n  \"stream\" : true ,\n  \"model\" : \"m-4\"\n}", "m-4"},
		{"model after nested values", `{"a":{"model":"inner","s":"}]\"{["},"b":[1,{"c":[true,null]},"x"],"n":-1.5e3,"t":false,"model":"m-5"}`, "m-5"},
		{"model in a nested object only", `{"a":{"model":"inner"}}`, ""},
		{"model too long", `{"model":"` + strings.Repeat("m", 300) + `"}`, ""},
		{"truncated", `{"messages":["abc`, ""},
		{"no model", `{"messages":[]}`, ""},
		{"model not a string", `{"model":{"name":"m"}}`, ""},
		{"not JSON", `model=m-1`, ""},
		{"empty", ``, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// bytes.Buffer is what go-openai and Ollama send; NewRequest
			// gives it a GetBody over the same bytes.
			req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/api/chat", bytes.NewBufferString(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			origBody := req.Body
			counted := &readCounter{}
			getBody := req.GetBody
			req.GetBody = func() (io.ReadCloser, error) {
				rc, err := getBody()
				counted.r = rc
				return io.NopCloser(counted), err
			}
			if got := chathttp.PeekModel(req); got != tt.want {
				t.Errorf("PeekModel = %q, want %q", got, tt.want)
			}
			if req.Body != origBody {
				t.Error("PeekModel replaced the request body")
			}
			sent, _ := io.ReadAll(req.Body)
			if string(sent) != tt.body {
				t.Errorf("the transport would send %.40q, want the body unchanged", sent)
			}
			if tt.name == "model first" && counted.n > 64<<10 {
				t.Errorf("PeekModel read %d bytes of a 1 MiB body whose model comes first, want only its start", counted.n)
			}
		})
	}
}

// A body without GetBody is read and replayed, byte for byte.
func TestPeekModelWithoutGetBody(t *testing.T) {
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/api/chat", io.NopCloser(strings.NewReader(reqBody)))
	if err != nil {
		t.Fatal(err)
	}
	if req.GetBody != nil {
		t.Fatal("test needs a request without GetBody")
	}
	if got := chathttp.PeekModel(req); got != "m-1" {
		t.Errorf("PeekModel = %q, want m-1", got)
	}
	if sent, _ := io.ReadAll(req.Body); string(sent) != reqBody {
		t.Errorf("the transport would send %q, want %q", sent, reqBody)
	}
}
