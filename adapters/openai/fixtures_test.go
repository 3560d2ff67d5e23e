package otelopenai_test

// Response bodies as the OpenAI API documents them (API reference, "The
// chat completion object", "The chat completion chunk object", "The
// response object", "Streaming events"), with the usage details current
// models report.

const chatCompletionJSON = `{
  "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
  "object": "chat.completion",
  "created": 1741570283,
  "model": "gpt-4o-2024-08-06",
  "choices": [
    {
      "index": 0,
      "message": {
        "role": "assistant",
        "content": "The diary mentions three appointments next week.",
        "refusal": null,
        "annotations": []
      },
      "logprobs": null,
      "finish_reason": "stop"
    }
  ],
  "usage": {
    "prompt_tokens": 1117,
    "completion_tokens": 46,
    "total_tokens": 1163,
    "prompt_tokens_details": {
      "cached_tokens": 1024,
      "audio_tokens": 0
    },
    "completion_tokens_details": {
      "reasoning_tokens": 0,
      "audio_tokens": 0,
      "accepted_prediction_tokens": 0,
      "rejected_prediction_tokens": 0
    }
  },
  "service_tier": "default",
  "system_fingerprint": "fp_fc9f1d7035"
}`

// chatCompletionStream is the stream of the same answer, requested with
// stream_options.include_usage: the usage comes in a last chunk with no
// choices.
var chatCompletionStream = []string{
	`data: {"id":"chatcmpl-B9MHEqv4ZTm1pV4I0rWqS3i3ML2RS","object":"chat.completion.chunk","created":1741570284,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n",
	`data: {"id":"chatcmpl-B9MHEqv4ZTm1pV4I0rWqS3i3ML2RS","object":"chat.completion.chunk","created":1741570284,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"content":"The diary mentions"},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n",
	`data: {"id":"chatcmpl-B9MHEqv4ZTm1pV4I0rWqS3i3ML2RS","object":"chat.completion.chunk","created":1741570284,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"content":" three appointments"},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n",
	`data: {"id":"chatcmpl-B9MHEqv4ZTm1pV4I0rWqS3i3ML2RS","object":"chat.completion.chunk","created":1741570284,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{"content":" next week."},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n",
	`data: {"id":"chatcmpl-B9MHEqv4ZTm1pV4I0rWqS3i3ML2RS","object":"chat.completion.chunk","created":1741570284,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_fc9f1d7035","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}` + "\n\n",
	`data: {"id":"chatcmpl-B9MHEqv4ZTm1pV4I0rWqS3i3ML2RS","object":"chat.completion.chunk","created":1741570284,"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_fc9f1d7035","choices":[],"usage":{"prompt_tokens":1117,"completion_tokens":46,"total_tokens":1163,"prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}` + "\n\n",
	"data: [DONE]\n\n",
}

const responseJSON = `{
  "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
  "object": "response",
  "created_at": 1741476542,
  "status": "completed",
  "background": false,
  "error": null,
  "incomplete_details": null,
  "instructions": null,
  "max_output_tokens": null,
  "model": "gpt-5-2025-08-07",
  "output": [
    {
      "id": "rs_67ccd2bf0e5c8190a1b1c4d5e6f7a8b90bb6a6b452d3795b",
      "type": "reasoning",
      "summary": []
    },
    {
      "type": "message",
      "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e60bb6a6b452d3795b",
      "status": "completed",
      "role": "assistant",
      "content": [
        {
          "type": "output_text",
          "text": "The diary mentions three appointments next week.",
          "annotations": [],
          "logprobs": []
        }
      ]
    }
  ],
  "parallel_tool_calls": true,
  "previous_response_id": null,
  "reasoning": {"effort": "medium", "summary": null},
  "service_tier": "default",
  "store": true,
  "temperature": 1.0,
  "text": {"format": {"type": "text"}, "verbosity": "medium"},
  "tool_choice": "auto",
  "tools": [],
  "top_p": 1.0,
  "truncation": "disabled",
  "usage": {
    "input_tokens": 1117,
    "input_tokens_details": {"cached_tokens": 1024},
    "output_tokens": 110,
    "output_tokens_details": {"reasoning_tokens": 64},
    "total_tokens": 1227
  },
  "user": null,
  "metadata": {}
}`

var responseStream = []string{
	"event: response.created\n" +
		`data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b","object":"response","created_at":1756315696,"status":"in_progress","background":false,"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"gpt-5-2025-08-07","output":[],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":"medium","summary":null},"store":true,"temperature":1.0,"text":{"format":{"type":"text"},"verbosity":"medium"},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":null,"user":null,"metadata":{}}}` + "\n\n",
	"event: response.in_progress\n" +
		`data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b","object":"response","created_at":1756315696,"status":"in_progress","model":"gpt-5-2025-08-07","output":[],"usage":null,"metadata":{}}}` + "\n\n",
	"event: response.output_item.added\n" +
		`data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_68af4033d4b88193a5d4ff3d9a0e4f7105438e46b5f69a3b","type":"message","status":"in_progress","content":[],"role":"assistant"}}` + "\n\n",
	"event: response.content_part.added\n" +
		`data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_68af4033d4b88193a5d4ff3d9a0e4f7105438e46b5f69a3b","output_index":0,"content_index":0,"part":{"type":"output_text","annotations":[],"logprobs":[],"text":""}}` + "\n\n",
	"event: response.output_text.delta\n" +
		`data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_68af4033d4b88193a5d4ff3d9a0e4f7105438e46b5f69a3b","output_index":0,"content_index":0,"delta":"The diary mentions","logprobs":[]}` + "\n\n",
	"event: response.output_text.delta\n" +
		`data: {"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_68af4033d4b88193a5d4ff3d9a0e4f7105438e46b5f69a3b","output_index":0,"content_index":0,"delta":" three appointments next week.","logprobs":[]}` + "\n\n",
	"event: response.output_text.done\n" +
		`data: {"type":"response.output_text.done","sequence_number":6,"item_id":"msg_68af4033d4b88193a5d4ff3d9a0e4f7105438e46b5f69a3b","output_index":0,"content_index":0,"text":"The diary mentions three appointments next week.","logprobs":[]}` + "\n\n",
	"event: response.completed\n" +
		`data: {"type":"response.completed","sequence_number":7,"response":{"id":"resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b","object":"response","created_at":1756315696,"status":"completed","background":false,"error":null,"incomplete_details":null,"instructions":null,"max_output_tokens":null,"model":"gpt-5-2025-08-07","output":[{"id":"msg_68af4033d4b88193a5d4ff3d9a0e4f7105438e46b5f69a3b","type":"message","status":"completed","content":[{"type":"output_text","annotations":[],"logprobs":[],"text":"The diary mentions three appointments next week."}],"role":"assistant"}],"parallel_tool_calls":true,"previous_response_id":null,"reasoning":{"effort":"medium","summary":null},"store":true,"temperature":1.0,"text":{"format":{"type":"text"},"verbosity":"medium"},"tool_choice":"auto","tools":[],"top_p":1.0,"truncation":"disabled","usage":{"input_tokens":1117,"input_tokens_details":{"cached_tokens":1024},"output_tokens":110,"output_tokens_details":{"reasoning_tokens":64},"total_tokens":1227},"user":null,"metadata":{}}}` + "\n\n",
}

// The rate limit error quotes the organization: it must not be exported.
const rateLimitJSON = `{
  "error": {
    "message": "Rate limit reached for gpt-4o in organization org-canaryOrg7f3a on tokens per min (TPM): Limit 30000, Used 29876, Requested 1163. Please try again in 2.078s. Visit https://platform.openai.com/account/rate-limits to learn more.",
    "type": "tokens",
    "param": null,
    "code": "rate_limit_exceeded"
  }
}`

const serverErrorJSON = `{
  "error": {
    "message": "The server had an error while processing your request. Sorry about that!",
    "type": "server_error",
    "param": null,
    "code": null
  }
}`

const embeddingJSON = `{
  "object": "list",
  "data": [{"object": "embedding", "index": 0, "embedding": [0.0023064255, -0.009327292, 0.015797347]}],
  "model": "text-embedding-3-small",
  "usage": {"prompt_tokens": 8, "total_tokens": 8}
}`
