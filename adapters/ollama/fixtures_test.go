package otelollama_test

// Responses as Ollama's API documentation (docs/api.md) shows them and its
// server writes them: compact JSON, one object per line when streamed
// (application/x-ndjson), the counts in the last line ("done": true).

const chatJSON = `{"model":"llama3.2","created_at":"2026-12-07T00:31:02.183127Z","message":{"role":"assistant","content":"The diary mentions three appointments next week."},"done_reason":"stop","done":true,"total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":12,"eval_duration":4535599000}`

var chatStream = []string{
	`{"model":"llama3.2","created_at":"2026-12-07T00:31:10.112334Z","message":{"role":"assistant","content":"The"},"done":false}` + "\n",
	`{"model":"llama3.2","created_at":"2026-12-07T00:31:10.135471Z","message":{"role":"assistant","content":" diary mentions"},"done":false}` + "\n",
	`{"model":"llama3.2","created_at":"2026-12-07T00:31:10.160022Z","message":{"role":"assistant","content":" three appointments next week."},"done":false}` + "\n",
	`{"model":"llama3.2","created_at":"2026-12-07T00:31:10.183127Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":1162761250,"load_duration":6683708,"prompt_eval_count":26,"prompt_eval_duration":201222000,"eval_count":12,"eval_duration":950183000}` + "\n",
}

// toolCallStream is a streamed tool call of a thinking model, as in the
// documentation's "Chat request (Streaming with tools)".
var toolCallStream = []string{
	`{"model":"qwen3:8b","created_at":"2026-12-07T00:32:19.184789Z","message":{"role":"assistant","content":"","thinking":"The user wants the diary read."},"done":false}` + "\n",
	`{"model":"qwen3:8b","created_at":"2026-12-07T00:32:19.184789Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_x7k2d9","function":{"index":0,"name":"read_file","arguments":{"path":"/home/alice/diary.txt"}}}]},"done":false}` + "\n",
	`{"model":"qwen3:8b","created_at":"2026-12-07T00:32:19.19314Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":182242375,"load_duration":41295167,"prompt_eval_count":169,"prompt_eval_duration":24573166,"eval_count":61,"eval_duration":115959084}` + "\n",
}

const generateJSON = `{"model":"mistral-small","created_at":"2026-12-07T00:33:52.5Z","response":"The diary mentions three appointments next week.","done":true,"done_reason":"length","context":[1,2,3],"total_duration":5043500667,"load_duration":5025959,"prompt_eval_count":31,"prompt_eval_duration":325953000,"eval_count":14,"eval_duration":4709213000}`

// streamErrorLine is how Ollama ends a stream whose status was already 200.
const streamErrorLine = `{"error":"an error was encountered while running the model: unexpected EOF reading /home/alice/.ollama/models/blobs"}` + "\n"

const notFoundJSON = `{"error":"model \"llama3.2\" not found, try pulling it first"}`
