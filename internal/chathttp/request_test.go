package chathttp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// readRequest reads a request's body through GetBody and leaves the body
// untouched, or, without GetBody, replays it: either way the transport
// sends the same bytes.
func TestReadRequestKeepsBody(t *testing.T) {
	body := `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}`
	for _, getBody := range []bool{true, false} {
		var r io.Reader = strings.NewReader(body)
		if !getBody {
			r = io.NopCloser(r) // a type http.NewRequest makes no GetBody for
		}
		req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/chat/completions", r)
		if err != nil {
			t.Fatal(err)
		}
		if (req.GetBody != nil) != getBody {
			t.Fatalf("GetBody set: %v, want %v", req.GetBody != nil, getBody)
		}
		orig := req.Body
		got := readRequest(req)
		if got.Model != "gpt-4o" || !got.Stream {
			t.Errorf("GetBody %v: readRequest = %+v", getBody, got)
		}
		if getBody && req.Body != orig {
			t.Errorf("readRequest replaced a body it could read through GetBody")
		}
		bodies := []func() (io.ReadCloser, error){func() (io.ReadCloser, error) { return req.Body, nil }}
		if req.GetBody != nil {
			bodies = append(bodies, req.GetBody)
		}
		for _, rc := range bodies {
			r, _ := rc()
			b, _ := io.ReadAll(r)
			if !bytes.Equal(b, []byte(body)) {
				t.Errorf("GetBody %v: body after readRequest = %s, want it unchanged", getBody, b)
			}
		}
	}
}

// decodeRequest must read what json.Unmarshal reads, on every kind of body
// a client may send, valid or not.
func TestDecodeRequestAgreesWithUnmarshal(t *testing.T) {
	bodies := []string{
		`{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}`,
		`{"messages":[{"model":"inner","stream":true}],"model":"outer"}`,
		` { "stream" : false , "model" : "m" } `,
		`{"tools":[{"function":{"name":"x","parameters":{"model":{"type":"string"}}}}],"stream":true}`,
		`{"Model":"upper","STREAM":true}`,
		`{"model":"first","model":"last"}`,
		`{"model":"esc\"aped \u00e9\n","stream":true}`,
		`{"mod\u0065l":"escaped key"}`,
		`{"model":42,"stream":"true"}`,
		`{"model":null,"stream":null}`,
		`{"content":"a \"model\": \"fake\" inside a string","model":"real"}`,
		`{"model":"gpt-4o","stream":tru}`,
		`{"model":"gpt-4o",}`,
		`{"model":"gpt-4o"} trailing`,
		`[{"model":"in an array"}]`,
		`"model"`,
		``,
		`{"model":"` + "\xff" + `invalid utf-8"}`,
		`{"messages":[{"content":"a } ] and a \" {[ inside"}],"model":"after braces in strings"}`,
		`{"n":-1.5e+3,"b":[true,false,null,{}],"model":"after numbers"}`,
		// The request parameters the conventions record.
		`{"model":"m","max_tokens":100,"temperature":0.7,"top_p":1,"top_k":40,"seed":-3,` +
			`"frequency_penalty":-0.5,"presence_penalty":2e-1,"n":3,"reasoning_effort":"high"}`,
		`{"max_completion_tokens":5,"max_output_tokens":7,"reasoning":{"effort":"low","summary":"auto"}}`,
		`{"MAX_TOKENS":1,"Temperature":1.5,"TOP_P":0,"Seed":0,"N":1,"Reasoning_Effort":"x"}`,
		`{"max_tokens":1.5,"top_k":1e2,"n":"3","seed":1.5,"temperature":"hot","top_p":true}`,
		`{"max_tokens":99999999999999999999,"temperature":1e400,"seed":99999999999999999999}`,
		`{"temperature":null,"seed":null,"reasoning":null,"max_tokens":null,"reasoning_effort":null}`,
		`{"temperature":0.5,"temperature":null,"seed":1,"seed":2,"n":2,"n":"x"}`,
		`{"reasoning":{"effort":"low"},"reasoning":{"summary":"s"},"reasoning_effort":5}`,
		`{"reasoning":"high","frequency_penalty":[1],"presence_penalty":{"a":1}}`,
		`{"top_p":-0,"temperature":-0.0,"top_k":-0,"max_tokens":-7}`,
	}
	for _, body := range bodies {
		var want request
		_ = json.Unmarshal([]byte(body), &want)
		if got := decodeRequest([]byte(body)); !reflect.DeepEqual(got, want) {
			t.Errorf("decodeRequest(%s) = %+v, json.Unmarshal gives %+v", body, got, want)
		}
	}
}

func TestReadRequestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector drops pooled buffers at random")
	}
	body := `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"` + strings.Repeat("x", 4000) + `"}]}`
	allocs := testing.AllocsPerRun(100, func() {
		req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/chat/completions", strings.NewReader(body))
		readRequest(req)
	})
	// The request and its reader (6), the reader GetBody returns (2, read
	// into a pooled buffer) and the model string: 9 in all. Copying and
	// replaying the body made it 10 (11 with the request decoded on the
	// heap), decoding with json.Unmarshal 17.
	if allocs > 9 {
		t.Errorf("readRequest: %v allocations with the request, want at most 9", allocs)
	}
	// The body is not copied: a call allocates less than the body's size.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 100 {
		req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/chat/completions", strings.NewReader(body))
		readRequest(req)
	}
	runtime.ReadMemStats(&after)
	if perCall := (after.TotalAlloc - before.TotalAlloc) / 100; perCall >= uint64(len(body)) {
		t.Errorf("readRequest: %d bytes allocated per call, want less than the body's %d", perCall, len(body))
	}
}

// A body of unknown length (a decompressed or chunked response) is read
// whole, in one allocation once the pooled buffer has grown to its size,
// and what a read returns with an error is kept.
func TestReadAllUnknownLength(t *testing.T) {
	body := strings.Repeat(`{"model":"gpt-4o"}`, 200)
	for _, n := range []int64{0, -1, 65 << 20} {
		got, err := readAll(strings.NewReader(body), n)
		if err != nil || string(got) != body {
			t.Fatalf("readAll(n=%d) = %d bytes, %v; want the %d bytes of the body", n, len(got), err, len(body))
		}
	}
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = readAll(strings.NewReader(body), -1)
	})
	// strings.NewReader and the copy; io.ReadAll made it 9. The race
	// detector drops pooled buffers at random.
	if allocs > 2 && !raceEnabled {
		t.Errorf("readAll: %v allocations, want at most 2", allocs)
	}
	got, err := readAll(io.MultiReader(strings.NewReader("part"), errReader{io.ErrUnexpectedEOF}), -1)
	if string(got) != "part" || err != io.ErrUnexpectedEOF {
		t.Errorf("readAll of a broken body = %q, %v; want \"part\", %v", got, err, io.ErrUnexpectedEOF)
	}
}

// Params reads the parameters of a nested object, never its model or
// stream.
func TestParams(t *testing.T) {
	p := Params([]byte(`{"model":"m","stream":true,"temperature":0.5,"top_k":3,"seed":9,"stop":["x"]}`))
	if p.Model != "" || p.Stream || p.Temperature == nil || *p.Temperature != 0.5 || p.TopK != 3 || p.Seed == nil || *p.Seed != 9 {
		t.Errorf("Params = %+v", p)
	}
	if p := Params([]byte(`not json`)); p.Temperature != nil || p.TopK != 0 {
		t.Errorf("Params of no JSON = %+v, want nothing set", p)
	}
}
