package chathttp

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestReadRequestKeepsBody(t *testing.T) {
	body := `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}`
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/chat/completions", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	got := readRequest(req)
	if got.Model != "gpt-4o" || !got.Stream {
		t.Errorf("readRequest = %+v", got)
	}
	for _, rc := range []func() (io.ReadCloser, error){func() (io.ReadCloser, error) { return req.Body, nil }, req.GetBody} {
		r, _ := rc()
		b, _ := io.ReadAll(r)
		if !bytes.Equal(b, []byte(body)) {
			t.Errorf("body after readRequest = %s, want it unchanged", b)
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
	}
	for _, body := range bodies {
		var want request
		_ = json.Unmarshal([]byte(body), &want)
		if got := decodeRequest([]byte(body)); got != want {
			t.Errorf("decodeRequest(%s) = %+v, json.Unmarshal gives %+v", body, got, want)
		}
	}
}

func TestReadRequestAllocations(t *testing.T) {
	body := `{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"` + strings.Repeat("x", 4000) + `"}]}`
	allocs := testing.AllocsPerRun(100, func() {
		req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/v1/chat/completions", strings.NewReader(body))
		readRequest(req)
	})
	// http.NewRequest, the body's copy, its replay, GetBody and the model
	// string: 10 in all. Decoding with json.Unmarshal made it 17.
	if allocs > 12 {
		t.Errorf("readRequest: %v allocations with the request, want at most 12", allocs)
	}
}
