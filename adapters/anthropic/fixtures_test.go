package otelanthropic_test

// Response bodies as the Anthropic API documents them (Messages API
// reference, "Streaming Messages", "Prompt caching", "Errors").

// messageJSON reports input_tokens without the cache tokens, as Anthropic
// does: 21 uncached + 1024 read from the cache + 188 written to it = 1233
// input tokens in the GenAI conventions' sense.
const messageJSON = `{
  "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
  "type": "message",
  "role": "assistant",
  "model": "claude-sonnet-4-5-20250929",
  "content": [
    {
      "type": "text",
      "text": "The diary mentions three appointments next week."
    }
  ],
  "stop_reason": "end_turn",
  "stop_sequence": null,
  "usage": {
    "input_tokens": 21,
    "cache_creation_input_tokens": 188,
    "cache_read_input_tokens": 1024,
    "cache_creation": {
      "ephemeral_5m_input_tokens": 188,
      "ephemeral_1h_input_tokens": 0
    },
    "output_tokens": 393,
    "service_tier": "standard"
  }
}`

// messageStream is the stream of the same answer: message_start carries
// the input and cache counts (and an output count of 1 so far),
// message_delta the final output count.
var messageStream = []string{
	"event: message_start\n" +
		`data: {"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":21,"cache_creation_input_tokens":188,"cache_read_input_tokens":1024,"cache_creation":{"ephemeral_5m_input_tokens":188,"ephemeral_1h_input_tokens":0},"output_tokens":1,"service_tier":"standard"}}}` + "\n\n",
	"event: content_block_start\n" +
		`data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}` + "\n\n",
	"event: ping\n" +
		`data: {"type": "ping"}` + "\n\n",
	"event: content_block_delta\n" +
		`data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"The diary mentions"}}` + "\n\n",
	"event: content_block_delta\n" +
		`data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" three appointments next week."}}` + "\n\n",
	"event: content_block_stop\n" +
		`data: {"type":"content_block_stop","index":0}` + "\n\n",
	"event: message_delta\n" +
		`data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":393}}` + "\n\n",
	"event: message_stop\n" +
		`data: {"type":"message_stop"}` + "\n\n",
}

// overloadedStream is a 200 response whose stream ends in an error event.
var overloadedStream = []string{
	messageStream[0],
	messageStream[1],
	"event: error\n" +
		`data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}` + "\n\n",
}

const rateLimitJSON = `{
  "type": "error",
  "error": {
    "type": "rate_limit_error",
    "message": "This request would exceed the rate limit for your organization (org-canaryOrg7f3a) of 30,000 input tokens per minute."
  },
  "request_id": "req_011CSHoEeqs5C35K2UUqR7Fy"
}`

const overloadedJSON = `{
  "type": "error",
  "error": {
    "type": "overloaded_error",
    "message": "Overloaded"
  },
  "request_id": "req_011CSHoEeqs5C35K2UUqR7Fz"
}`

const apiErrorJSON = `{
  "type": "error",
  "error": {
    "type": "api_error",
    "message": "Internal server error"
  },
  "request_id": "req_011CSHoEeqs5C35K2UUqR7G0"
}`

const countTokensJSON = `{"input_tokens": 2095}`
