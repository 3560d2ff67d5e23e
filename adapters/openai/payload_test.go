package otelopenai_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	otelopenai "github.com/otelagent/otelagent-go/adapters/openai"
)

// payloadFixtures are the bodies and events of the adapter's tests.
func payloadFixtures() []string {
	bodies := []string{
		chatCompletionJSON, responseJSON, rateLimitJSON, serverErrorJSON, embeddingJSON,
		backgroundBody("queued"), backgroundBody("in_progress"), backgroundBody("completed"),
		backgroundBody("failed"), backgroundBody("cancelled"), backgroundBody("incomplete"),
		`{"error":{"message":"Incorrect API key provided: sk-proj-****6789.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`,
		`{"error":{"message":"canary-message-7f3a","type":"server_error","param":null,"code":null}}`,
		`{"type":"response.failed","sequence_number":2,"response":{"id":"resp_6","object":"response","status":"failed","model":"gpt-5-2025-08-07","error":{"code":"server_error","message":"canary-message-7f3a"},"output":[],"usage":null}}`,
		`{"type":"error","sequence_number":2,"code":"rate_limit_exceeded","message":"canary-message-7f3a","param":null}`,
		`{"type":"error","sequence_number":2,"code":"a code that is text: /home/alice","message":"canary-message-7f3a","param":null}`,
		`{"type":"response.created","response":{"id":"resp_1","status":"in_progress","model":"gpt-5-2025-08-07","usage":null}}`,
		`{"type":"response.completed","response":{"id":"resp_1","status":"completed","model":"gpt-5-2025-08-07","output":[{"text":"xxx"}],"usage":{"input_tokens":7,"output_tokens":3}}}`,
	}
	for _, e := range append(chatCompletionStream[:len(chatCompletionStream):len(chatCompletionStream)], responseStream...) {
		bodies = append(bodies, eventData(e, "resp_1"))
	}
	return bodies
}

// payloadEdgeCases are bodies json.Unmarshal has rules for: escapes, case,
// repeated keys, nulls, values of another type, and text that is not a
// JSON object.
var payloadEdgeCases = []string{
	// Escapes and UTF-8.
	`{"id":"chat\"cmpl\\1\/2","model":"gpt\u002d4o","choices":[{"finish_reason":"st\u006fp"}]}`,
	`{"model":"\u00e9\ud83d\ude00\u0000","id":"\ud800","status":"\udc00\ud800x\ud800\udbff"}`,
	"{\"model\":\"caf\xc3\xa9\",\"id\":\"bad\xff\xfeutf8\",\"status\":\"\xed\xa0\x80\"}",
	`{"id":"\b\f\n\r\t","model":""}`,
	// Keys: without regard to case, escaped, folding to ASCII.
	`{"ID":"a","Model":"b","USAGE":{"Prompt_Tokens":3,"COMPLETION_TOKENS":4},"Choices":[{"Finish_Reason":"stop"}]}`,
	`{"\u0069d":"a","mod\u0065l":"b","usage":{"prompt_to\u212aens":5,"input_to` + "\u212a" + `ens":6}}`,
	`{"` + "\u017f" + `tatus":"failed","type":"response.failed","choice` + "\u017f" + `":[{"finish_reason":"length"}]}`,
	`{"Type":"ERROR","CODE":"x"}`, `{"type":"Error","code":"x"}`,
	`{"idd":"a","i":"b","modelx":"c","usage_":{"prompt_tokens":1}}`,
	// Nested values to skip, and unknown fields of any type.
	`{"choices":[{"index":0,"message":{"role":"assistant","content":"{\"finish_reason\":\"no\",\"usage\":{}}","tool_calls":[{"id":"call_1","function":{"name":"f","arguments":"{\"id\":\"x\"}"}}]},"logprobs":{"content":[{"token":"a","bytes":[97],"top_logprobs":[]}]},"finish_reason":"tool_calls"},{"finish_reason":"length","delta":{"content":[[[{}]]]}}],"model":"m"}`,
	`{"x":[1,-2.5e+10,1E-3,true,false,null,"s",{"a":[{}]}],"model":"m","y":{"id":"inner","usage":{"prompt_tokens":9}}}`,
	// Numbers.
	`{"usage":{"prompt_tokens":-0,"completion_tokens":-5,"total_tokens":1e3}}`,
	`{"usage":{"prompt_tokens":1e3}}`, `{"usage":{"prompt_tokens":1.0}}`, `{"usage":{"prompt_tokens":1.5}}`,
	`{"usage":{"prompt_tokens":9223372036854775807,"completion_tokens":-9223372036854775808}}`,
	`{"usage":{"prompt_tokens":9223372036854775808}}`, `{"usage":{"prompt_tokens":"3"}}`,
	`{"usage":{"prompt_tokens":true}}`, `{"usage":{"prompt_tokens":null,"completion_tokens":2}}`,
	// Nulls.
	`{"id":null,"model":null,"status":null,"usage":null,"choices":null,"response":null,"error":null,"type":null,"code":null}`,
	`{"id":"a","id":null,"usage":{"prompt_tokens":1},"usage":null}`,
	`{"choices":[null,{"finish_reason":null},{"finish_reason":"stop"}]}`,
	`{"usage":{"prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":null},"input_tokens_details":{"cached_tokens":4}}}`,
	`{"usage":{"prompt_tokens_details":{"cached_tokens":2},"prompt_tokens_details":null}}`,
	`{"response":{"id":"r","error":null,"status":"failed"},"type":"response.failed"}`,
	// Missing usage; empty objects.
	`{}`, `{"id":"a","model":"b"}`, `{"usage":{}}`, `{"choices":[]}`, `{"response":{}}`, `{"error":{}}`,
	// Repeated keys: the last wins, objects merge, arrays reuse elements.
	`{"id":"a","id":"b","model":"m","model":"n"}`,
	`{"usage":{"prompt_tokens":1},"usage":{"completion_tokens":2}}`,
	`{"usage":{"prompt_tokens":1},"usage":null,"usage":{"completion_tokens":2}}`,
	`{"choices":[{"finish_reason":"a"},{"finish_reason":"b"}],"choices":[{}]}`,
	`{"choices":[{"finish_reason":"a"},{"finish_reason":"b"}],"choices":[{}],"choices":[{},null]}`,
	`{"choices":[{"finish_reason":"a"},{"finish_reason":"b"},{"finish_reason":"c"}],"choices":[{"finish_reason":"x"}],"choices":[{},null,{}]}`,
	`{"choices":[{"finish_reason":"a"}],"choices":[],"choices":[{}]}`,
	`{"choices":[{"finish_reason":"a"}],"choices":null,"choices":[null]}`,
	`{"response":{"choices":[{"finish_reason":"a"}]},"response":{"choices":[{}]}}`,
	`{"response":{"choices":[{"finish_reason":"a"}]},"response":null,"response":{"choices":[{}]}}`,
	`{"choices":[{"finish_reason":"a"}],"choices":[{}],"response":{"id":"r"}}`,
	`{"response":{"id":"r","usage":{"input_tokens":1}},"response":{"model":"m","usage":{"output_tokens":2}}}`,
	`{"response":{"id":"r"},"response":null}`,
	`{"error":{"code":"a"},"error":{"type":"t"}}`, `{"error":{"code":"a"},"error":null,"error":{"type":"t"}}`,
	`{"choices":[{"finish_reason":"a","finish_reason":null}]}`, `{"choices":[{"finish_reason":"a","finish_reason":"b"}]}`,
	// The top-level "error" hides the body's; only "response" has one.
	`{"status":"failed","error":{"code":"top"},"type":"t"}`,
	`{"status":"failed","type":"t"}`, `{"status":"failed"}`,
	`{"response":{"status":"failed","error":{"code":"c","type":"ty"}},"type":"response.failed","error":{"type":"e"}}`,
	`{"response":{"status":"failed","error":{"type":"ty"}},"type":"response.failed"}`,
	`{"response":{"status":"failed","type":"x","code":"y"}}`,
	`{"type":"error"}`, `{"type":"error","code":""}`, `{"type":"err\u006fr","code":"c"}`,
	`{"response":{"status":"completed"},"status":"failed"}`,
	`{"response":{"id":"r","model":"m"},"id":"top","model":"top","usage":{"prompt_tokens":1}}`,
	// Values of another type: json.Unmarshal fails, nothing is reported.
	`{"id":1,"model":"m"}`, `{"model":true}`, `{"status":{}}`, `{"type":[],"model":"m"}`, `{"code":5,"model":"m"}`,
	`{"usage":[],"model":"m"}`, `{"usage":"x","model":"m"}`, `{"choices":{},"model":"m"}`, `{"choices":"x","model":"m"}`,
	`{"choices":[1],"model":"m"}`, `{"choices":[[]],"model":"m"}`, `{"choices":[{"finish_reason":1}],"model":"m"}`,
	`{"error":"x","model":"m"}`, `{"error":{"code":5},"model":"m"}`, `{"error":{"type":{}}}`, `{"response":"x","model":"m"}`,
	`{"response":{"id":5}}`, `{"response":{"error":"x"}}`, `{"response":{"type":5,"code":[],"id":"ok"}}`,
	`{"usage":{"prompt_tokens_details":5}}`, `{"usage":{"prompt_tokens_details":{"cached_tokens":"x"}}}`,
	`{"usage":{"total_tokens":"x","audio":{}},"model":"m"}`, `{"model":"m","id":1,"id":"a"}`,
	// Not a JSON object.
	`[DONE]`, ``, ` `, `null`, ` null `, `true`, `1`, `"s"`, `[]`, `[{"model":"m"}]`,
	`{} x`, `{}{}`, `{"model":"m"},`, `{"model":"m"`, `{"model":"m",}`, `{"model":'m'}`, `{model:"m"}`,
	`{"model":"m\x"}`, `{"model":"m` + "\x01" + `"}`, `{"model":"m"} `, "\t\r\n{ \"model\" :\n\"m\" }\n",
	`{"model":"m","n":01}`, `{"model":"m","n":1.}`, `{"model":"m","n":-}`, `{"model":"m","n":+1}`, `{"model":"m","n":tru}`,
	`{"model":"m","u":"\u12"}`, `<html>502 Bad Gateway</html>`,
	"{\"a\":" + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + ",\"model\":\"m\"}",
	"{\"a\":" + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + ",\"model\":\"m\"}",
}

func payloadCases() []string {
	cases := append(payloadFixtures(), payloadEdgeCases...)
	// Every fixture cut short, as a stream event or body that ends early.
	for _, f := range payloadFixtures() {
		for n := range len(f) {
			cases = append(cases, f[:n])
		}
	}
	return cases
}

// The skimming decoder reports exactly what json.Unmarshal into the
// former payload struct reports, for every body and event of the tests,
// each of them cut short, and the cases json.Unmarshal has rules for.
func TestParsePayloadAgreesWithUnmarshal(t *testing.T) {
	for _, c := range payloadCases() {
		got, want := otelopenai.ParsePayload([]byte(c)), otelopenai.ReferenceParsePayload([]byte(c))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%.200q:\n got %+v\nwant %+v", c, got, want)
		}
		if seen := otelopenai.ParsePayloadSeen([]byte(c)); !reflect.DeepEqual(seen, want) {
			t.Errorf("%.200q, with its id and model seen:\n got %+v\nwant %+v", c, seen, want)
		}
	}
	// The fixtures report something: the agreement is not on empty reports.
	for _, c := range []string{chatCompletionJSON, responseJSON, rateLimitJSON} {
		if got := otelopenai.ParsePayload([]byte(c)); reflect.ValueOf(got).IsZero() {
			t.Errorf("%.60q reports nothing", c)
		}
	}
}

// A report holds the named fields only, never a message, an output or an
// error's text.
func TestParsePayloadKeepsNoContent(t *testing.T) {
	for _, c := range payloadCases() {
		r := fmt.Sprintf("%+v", otelopenai.ParsePayload([]byte(c)))
		for _, secret := range []string{"diary", "appointments", "canary", "Rate limit", "Incorrect API key", "xxx"} {
			if strings.Contains(r, secret) {
				t.Errorf("%.100q: report %s holds %q", c, r, secret)
			}
		}
	}
}

func FuzzParsePayload(f *testing.F) {
	for _, c := range append(payloadFixtures(), payloadEdgeCases...) {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, want := otelopenai.ParsePayload(data), otelopenai.ReferenceParsePayload(data)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q:\n got %+v\nwant %+v", data, got, want)
		}
	})
}
