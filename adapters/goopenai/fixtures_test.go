package otelgoopenai_test

// Bodies in the shapes the OpenAI API sends (API reference: "The chat
// completion object", "The chat completion chunk object", "The response
// object", "Streaming events"), as go-openai's own tests replay them
// (chat_stream_test.go), with current usage details.

const toolCallJSON = `{
  "id": "chatcmpl-CJx0d2bQd0W8tYvYkWbKz3pFa4s1T",
  "object": "chat.completion",
  "created": 1758531201,
  "model": "gpt-4o-mini-2024-07-18",
  "choices": [
    {
      "index": 0,
      "message": {
        "role": "assistant",
        "content": null,
        "tool_calls": [
          {
            "id": "call_Q2bX9mJ1vT8kLw3nR5sY7uZa",
            "type": "function",
            "function": {"name": "read_file", "arguments": "{\"path\":\"/home/alice/diary.txt\"}"}
          }
        ],
        "refusal": null,
        "annotations": []
      },
      "logprobs": null,
      "finish_reason": "tool_calls"
    }
  ],
  "usage": {
    "prompt_tokens": 2210,
    "completion_tokens": 19,
    "total_tokens": 2229,
    "prompt_tokens_details": {"cached_tokens": 2048, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
  },
  "service_tier": "default",
  "system_fingerprint": "fp_560af6e559"
}`

// toolCallStream streams a tool call, with stream_options.include_usage:
// the usage comes in a last chunk with no choices, and every chunk before
// it says "usage":null.
var toolCallStream = []string{
	`data: {"id":"chatcmpl-CJx0eYk3","object":"chat.completion.chunk","created":1758531202,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_Q2bX9mJ1vT8kLw3nR5sY7uZa","type":"function","function":{"name":"read_file","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n",
	`data: {"id":"chatcmpl-CJx0eYk3","object":"chat.completion.chunk","created":1758531202,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"path\":\"/home/alice/"}}]},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n",
	`data: {"id":"chatcmpl-CJx0eYk3","object":"chat.completion.chunk","created":1758531202,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"diary.txt\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n",
	`data: {"id":"chatcmpl-CJx0eYk3","object":"chat.completion.chunk","created":1758531202,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}` + "\n\n",
	`data: {"id":"chatcmpl-CJx0eYk3","object":"chat.completion.chunk","created":1758531202,"model":"gpt-4o-mini-2024-07-18","service_tier":"default","system_fingerprint":"fp_560af6e559","choices":[],"usage":{"prompt_tokens":2210,"completion_tokens":19,"total_tokens":2229,"prompt_tokens_details":{"cached_tokens":2048,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}` + "\n\n",
	"data: [DONE]\n\n",
}

// textStream is a text answer streamed without include_usage: no chunk
// carries usage.
var textStream = []string{
	`data: {"id":"chatcmpl-CJx1aa","object":"chat.completion.chunk","created":1758531260,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}` + "\n\n",
	`data: {"id":"chatcmpl-CJx1aa","object":"chat.completion.chunk","created":1758531260,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":{"content":"The diary mentions three appointments."},"logprobs":null,"finish_reason":null}]}` + "\n\n",
	`data: {"id":"chatcmpl-CJx1aa","object":"chat.completion.chunk","created":1758531260,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}` + "\n\n",
	"data: [DONE]\n\n",
}

// streamErrorChunk is how a Chat Completions stream of a 200 response
// fails, as go-openai's chat_stream_test.go replays it.
const streamErrorChunk = `data: {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error","param":null,"code":null}}` + "\n\n"

const responsesJSON = `{
  "id": "resp_68c1f0a2b3c48195a0e1d2c3b4a59687",
  "object": "response",
  "created_at": 1758531300,
  "status": "completed",
  "error": null,
  "model": "o4-mini-2025-04-16",
  "output": [
    {"id": "rs_68c1f0a3", "type": "reasoning", "summary": []},
    {"type": "message", "id": "msg_68c1f0a4", "status": "completed", "role": "assistant",
     "content": [{"type": "output_text", "text": "The diary mentions three appointments next week.", "annotations": []}]}
  ],
  "usage": {
    "input_tokens": 1530,
    "input_tokens_details": {"cached_tokens": 1408},
    "output_tokens": 212,
    "output_tokens_details": {"reasoning_tokens": 192},
    "total_tokens": 1742
  }
}`

// responsesFailedStream ends with response.failed.
var responsesFailedStream = []string{
	"event: response.created\n" +
		`data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_68c1f1","object":"response","created_at":1758531400,"status":"in_progress","error":null,"model":"o4-mini-2025-04-16","output":[],"usage":null}}` + "\n\n",
	"event: response.output_text.delta\n" +
		`data: {"type":"response.output_text.delta","sequence_number":1,"item_id":"msg_68c1f2","output_index":0,"content_index":0,"delta":"The diary"}` + "\n\n",
	"event: response.failed\n" +
		`data: {"type":"response.failed","sequence_number":2,"response":{"id":"resp_68c1f1","object":"response","created_at":1758531400,"status":"failed","error":{"code":"server_error","message":"The model failed to generate a response."},"model":"o4-mini-2025-04-16","output":[],"usage":null}}` + "\n\n",
}

const rateLimitJSON = `{
  "error": {
    "message": "Rate limit reached for gpt-4o-mini in organization org-canaryOrg2b8e on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.",
    "type": "requests",
    "param": null,
    "code": "rate_limit_exceeded"
  }
}`

const serverErrorJSON = `{"error": {"message": "The server had an error while processing your request. Sorry about that!", "type": "server_error", "param": null, "code": null}}`
