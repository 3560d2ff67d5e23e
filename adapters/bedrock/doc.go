// Package otelbedrock records the model calls of an Amazon Bedrock runtime
// client (github.com/aws/aws-sdk-go-v2/service/bedrockruntime) as otelagent
// "chat {model}" spans, with token usage and estimated cost, through smithy
// middleware added to the client's APIOptions:
//
//	client := bedrockruntime.NewFromConfig(cfg, otelbedrock.ClientOption())
//
// It records Converse, ConverseStream, InvokeModel and
// InvokeModelWithResponseStream; other operations pass through unrecorded.
// One operation is one span, its retries included, with the outcome of its
// last attempt. The model is the operation's ModelId (of an ARN, only the
// resource id after its last "/": an ARN names the account).
//
// Usage comes from the typed Converse output; from the "metadata" event of
// a ConverseStream; from the usage of an Anthropic Messages body returned by
// InvokeModel, else from the X-Amzn-Bedrock-*-Token-Count response headers;
// and from the "amazon-bedrock-invocationMetrics" Bedrock adds to the last
// chunk of InvokeModelWithResponseStream. Bedrock's input counts exclude the
// tokens read from and written to the prompt cache;
// gen_ai.usage.input_tokens includes them.
//
// A stream is observed as its bytes go by: the middleware decodes each
// binary event stream message on the side while the SDK reads the body and
// decodes the caller's events from the same bytes, untouched. No event is
// taken from the caller. The span ends when the stream ends, fails or is
// closed; an exception event ends it with the HTTP status Bedrock documents
// for the exception ("429" for throttlingException).
//
// Nothing of the messages, the model's output, tool inputs or error
// messages is recorded. Errors are recorded by class: the HTTP status of a
// service error, else "canceled", "timeout" or the transport error's type.
// With telemetry off, the middleware reads and wraps nothing.
package otelbedrock // import "github.com/otelagent/otelagent-go/adapters/bedrock"
