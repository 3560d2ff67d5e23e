package otelgenai_test

// Responses in the shapes the Gemini API and Vertex AI send, as in the
// genai SDK's own tests (continuation_test.go, chats_test.go) and Google's
// API reference. Every usage adds up: totalTokenCount = prompt +
// candidates + thoughts + toolUsePrompt.

const generateContentJSON = `{
  "candidates": [
    {
      "content": {
        "parts": [{"text": "The diary mentions three appointments next week."}],
        "role": "model"
      },
      "finishReason": "STOP",
      "index": 0
    }
  ],
  "usageMetadata": {
    "promptTokenCount": 1052,
    "candidatesTokenCount": 12,
    "totalTokenCount": 1302,
    "cachedContentTokenCount": 1024,
    "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 1052}],
    "cacheTokensDetails": [{"modality": "TEXT", "tokenCount": 1024}],
    "thoughtsTokenCount": 238
  },
  "modelVersion": "gemini-2.5-flash",
  "responseId": "mVb1aN2xJ8mYz7IPk8SJ2QE"
}`

// generateContentUsage is what generateContentJSON reports, in the
// conventions' terms: thoughts are output (and reasoning).
var generateContentUsage = usageWant{input: 1052, output: 250, cacheRead: 1024, reasoning: 238}

const functionCallJSON = `{
  "candidates": [
    {
      "content": {
        "parts": [
          {
            "functionCall": {"name": "read_file", "args": {"path": "/home/alice/diary.txt"}},
            "thoughtSignature": "c2lnLTE="
          }
        ],
        "role": "model"
      },
      "finishReason": "STOP",
      "index": 0
    }
  ],
  "usageMetadata": {
    "promptTokenCount": 98,
    "candidatesTokenCount": 17,
    "totalTokenCount": 180,
    "toolUsePromptTokenCount": 21,
    "thoughtsTokenCount": 44
  },
  "modelVersion": "gemini-2.5-flash",
  "responseId": "qLb1aJ6AHsGaz7IP_6yZ8Q0"
}`

var functionCallUsage = usageWant{input: 119, output: 61, reasoning: 44}

// generateContentStream is a streamGenerateContent?alt=sse reply: each
// event carries the usage so far, the last one the call's.
var generateContentStream = []string{
	"data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"The diary mentions\"}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 1052,\"totalTokenCount\": 1052,\"cachedContentTokenCount\": 1024},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"nFb1aO2bL8mYz7IPk8SJ2QE\"}\r\n\r\n",
	"data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" three appointments next week.\"}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 1052,\"candidatesTokenCount\": 9,\"totalTokenCount\": 1299,\"cachedContentTokenCount\": 1024,\"thoughtsTokenCount\": 238},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"nFb1aO2bL8mYz7IPk8SJ2QE\"}\r\n\r\n",
	"data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 1052,\"candidatesTokenCount\": 12,\"totalTokenCount\": 1302,\"cachedContentTokenCount\": 1024,\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 1052}],\"thoughtsTokenCount\": 238},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"nFb1aO2bL8mYz7IPk8SJ2QE\"}\r\n\r\n",
}

// vertexStream is the same stream from Vertex AI, which adds createTime
// and trafficType and names the model version with its suffix.
var vertexStream = []string{
	"data: {\"candidates\": [{\"content\": {\"role\": \"model\",\"parts\": [{\"text\": \"The diary mentions\"}]}}],\"usageMetadata\": {\"trafficType\": \"ON_DEMAND\"},\"modelVersion\": \"gemini-2.0-flash-001\",\"createTime\": \"2026-12-07T00:41:03.412331Z\",\"responseId\": \"r1b1aKnGGcKAgLUPxYW0yQo\"}\r\n\r\n",
	"data: {\"candidates\": [{\"content\": {\"role\": \"model\",\"parts\": [{\"text\": \" three appointments next week.\"}]},\"finishReason\": \"STOP\"}],\"usageMetadata\": {\"promptTokenCount\": 31,\"candidatesTokenCount\": 11,\"totalTokenCount\": 42,\"trafficType\": \"ON_DEMAND\",\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 31}],\"candidatesTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 11}]},\"modelVersion\": \"gemini-2.0-flash-001\",\"createTime\": \"2026-12-07T00:41:03.412331Z\",\"responseId\": \"r1b1aKnGGcKAgLUPxYW0yQo\"}\r\n\r\n",
}

var vertexUsage = usageWant{input: 31, output: 11}

// streamErrorEvent ends a stream whose status was 200, as Google's
// servers do when generation fails midway.
const streamErrorEvent = "data: {\"error\": {\"code\": 500, \"message\": \"An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting\", \"status\": \"INTERNAL\"}}\r\n\r\n"

const quotaErrorJSON = `{
  "error": {
    "code": 429,
    "message": "You exceeded your current quota, please check your plan and billing details.",
    "status": "RESOURCE_EXHAUSTED",
    "details": [
      {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "7s"}
    ]
  }
}`

const internalErrorJSON = `{
  "error": {
    "code": 500,
    "message": "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
    "status": "INTERNAL"
  }
}`
