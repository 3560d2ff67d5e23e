package otelbedrock

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/otelagent/otelagent-go/otelagent"
)

// AppendMiddlewares adds the middleware to apiOptions, the APIOptions of
// a bedrockruntime.Options or of an aws.Config, as
// go.opentelemetry.io/contrib's otelaws does:
//
//	client := bedrockruntime.NewFromConfig(cfg, func(o *bedrockruntime.Options) {
//		otelbedrock.AppendMiddlewares(&o.APIOptions)
//	})
func AppendMiddlewares(apiOptions *[]func(*middleware.Stack) error, opts ...Option) {
	cfg := newConfig(opts)
	*apiOptions = append(*apiOptions, func(stack *middleware.Stack) error {
		if err := stack.Initialize.Add(&initialize{cfg: cfg}, middleware.Before); err != nil {
			return err
		}
		// Innermost, next to the transport: it sees each attempt's raw
		// response before the SDK reads its body.
		return stack.Deserialize.Add(response{}, middleware.After)
	})
}

// ClientOption returns AppendMiddlewares as an option of
// bedrockruntime.New and NewFromConfig:
//
//	client := bedrockruntime.NewFromConfig(cfg, otelbedrock.ClientOption())
func ClientOption(opts ...Option) func(*bedrockruntime.Options) {
	return func(o *bedrockruntime.Options) { AppendMiddlewares(&o.APIOptions, opts...) }
}

// op is an operation the middleware records.
type op uint8

const (
	opConverse op = iota + 1
	opConverseStream
	opInvokeModel
	opInvokeModelStream
)

// operation returns the operation of an input and its model id, or 0 for
// an operation that is not a model call.
func operation(params any) (op, string) {
	switch in := params.(type) {
	case *bedrockruntime.ConverseInput:
		return opConverse, deref(in.ModelId)
	case *bedrockruntime.ConverseStreamInput:
		return opConverseStream, deref(in.ModelId)
	case *bedrockruntime.InvokeModelInput:
		return opInvokeModel, deref(in.ModelId)
	case *bedrockruntime.InvokeModelWithResponseStreamInput:
		return opInvokeModelStream, deref(in.ModelId)
	}
	return 0, ""
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// modelName returns what to record of a model id. An ARN (of a
// provisioned model, an inference profile or a foundation model) names
// the account it belongs to: only its resource id is recorded.
func modelName(id string) string {
	if strings.HasPrefix(id, "arn:") {
		if i := strings.LastIndexByte(id, '/'); i >= 0 {
			return id[i+1:]
		}
		return ""
	}
	return id
}

// callKey keys the call in progress in the context of its attempts.
type callKey struct{}

// call is one model call: one operation, all its attempts.
type call struct {
	op   op
	chat *otelagent.Chat
	// Set by the response middleware, on the operation's goroutine.
	header    http.Header // the last attempt's response headers
	streaming bool        // a stream observer owns the chat's end
}

// initialize records an operation as a chat span, from its input to its
// typed output, retries included.
type initialize struct{ cfg config }

func (*initialize) ID() string { return "otelbedrock.Initialize" }

func (m *initialize) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	kind, model := operation(in.Parameters)
	if kind == 0 {
		return next.HandleInitialize(ctx, in)
	}
	ctx, chat := m.cfg.telemetryFor(ctx).StartChat(ctx, otelagent.ChatRequest{Model: modelName(model), Provider: m.cfg.provider})
	if chat == nil {
		return next.HandleInitialize(ctx, in) // telemetry is off
	}
	c := &call{op: kind, chat: chat}
	out, md, err := next.HandleInitialize(context.WithValue(ctx, callKey{}, c), in)
	if err != nil {
		chat.End(callError(err))
		return out, md, err
	}
	switch res := out.Result.(type) {
	case *bedrockruntime.ConverseOutput:
		if res.Usage != nil {
			chat.SetUsage(converseUsage(res.Usage))
		}
	case *bedrockruntime.InvokeModelOutput:
		recordInvokeModel(chat, res.Body, c.header)
	}
	if !c.streaming {
		chat.End(nil)
	}
	return out, md, err
}

// response observes each attempt's raw response: it keeps the headers
// for InvokeModel and watches the event stream of a successful streaming
// call as its bytes pass through to the SDK.
type response struct{}

func (response) ID() string { return "otelbedrock.Response" }

func (response) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	out, md, err := next.HandleDeserialize(ctx, in)
	c, _ := ctx.Value(callKey{}).(*call)
	resp, ok := out.RawResponse.(*smithyhttp.Response)
	if c == nil || !ok || resp == nil || resp.Response == nil {
		return out, md, err
	}
	c.header = resp.Header
	if err == nil && resp.StatusCode >= 200 && resp.StatusCode < 300 && resp.Body != nil &&
		(c.op == opConverseStream || c.op == opInvokeModelStream) {
		resp.Body = newStreamBody(resp.Body, c.chat, c.op)
		c.streaming = true
	}
	return out, md, err
}

// callError returns the error beneath the SDK's wrappers that classifies
// a failed call: a service error with its HTTP status ("429"), else the
// cause of a failed send ("canceled", "timeout", "*net.OpError"), never
// "*smithy.OperationError" or a response error without a status.
func callError(err error) error {
	for {
		var next error
		switch e := err.(type) {
		case *smithy.OperationError:
			next = e.Err
		case *awshttp.ResponseError:
			if e.HTTPStatusCode() != 0 {
				return err
			}
			next = e.Err
		case *smithyhttp.ResponseError:
			if e.HTTPStatusCode() != 0 {
				return err
			}
			next = e.Err
		case *smithyhttp.RequestSendError:
			next = e.Err
		case *url.Error:
			next = e.Err
		}
		if next == nil {
			return err
		}
		err = next
	}
}
