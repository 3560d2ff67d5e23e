package otelbedrock

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"go.opentelemetry.io/otel/trace"

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

// operation returns the operation of an input, or 0 for an operation
// that is not a model call.
func operation(params any) op {
	switch params.(type) {
	case *bedrockruntime.ConverseInput:
		return opConverse
	case *bedrockruntime.ConverseStreamInput:
		return opConverseStream
	case *bedrockruntime.InvokeModelInput:
		return opInvokeModel
	case *bedrockruntime.InvokeModelWithResponseStreamInput:
		return opInvokeModelStream
	}
	return 0
}

// chatRequest returns what an operation's input says of the call: the
// model, whether it streams, and its inference parameters (Converse's
// InferenceConfig, or the parameters of an InvokeModel body; see
// bodyParams). Stop sequences and messages are never read.
func chatRequest(params any, provider string) otelagent.ChatRequest {
	req := otelagent.ChatRequest{Provider: provider}
	switch in := params.(type) {
	case *bedrockruntime.ConverseInput:
		req.Model = deref(in.ModelId)
		inferenceConfig(&req, in.InferenceConfig)
	case *bedrockruntime.ConverseStreamInput:
		req.Model, req.Stream = deref(in.ModelId), true
		inferenceConfig(&req, in.InferenceConfig)
	case *bedrockruntime.InvokeModelInput:
		req.Model = deref(in.ModelId)
		bodyParams(&req, in.Body)
	case *bedrockruntime.InvokeModelWithResponseStreamInput:
		req.Model, req.Stream = deref(in.ModelId), true
		bodyParams(&req, in.Body)
	}
	req.Model = modelName(req.Model)
	return req
}

func inferenceConfig(req *otelagent.ChatRequest, c *types.InferenceConfiguration) {
	if c == nil {
		return
	}
	if c.MaxTokens != nil {
		req.MaxTokens = int64(*c.MaxTokens)
	}
	if c.Temperature != nil {
		req.Temperature = new(widen(*c.Temperature))
	}
	if c.TopP != nil {
		req.TopP = new(widen(*c.TopP))
	}
}

// widen returns the float64 a person means by f: 0.7, not the
// 0.699999988079071 float64(float32(0.7)) is.
func widen(f float32) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(f), 'g', -1, 32), 64)
	return v
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
	tel  *otelagent.Telemetry
	req  otelagent.ChatRequest
	chat *otelagent.Chat // started by the first attempt
	span trace.Span      // the chat's, for the context of later attempts
	// Set by the response middleware, on the operation's goroutine.
	header    http.Header // the last attempt's response headers
	streaming bool        // a stream observer owns the chat's end
}

// initialize records an operation as a chat span, from its input to its
// typed output, retries included.
type initialize struct{ cfg config }

func (*initialize) ID() string { return "otelbedrock.Initialize" }

// The chat starts with the first attempt, which knows the endpoint the
// SDK resolved (server.address), and spans every attempt. An operation
// that fails before sending anything is a chat of its own, without a
// server.
func (m *initialize) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	kind := operation(in.Parameters)
	if kind == 0 {
		return next.HandleInitialize(ctx, in)
	}
	tel := m.cfg.telemetryFor(ctx)
	if !tel.Enabled() {
		return next.HandleInitialize(ctx, in)
	}
	c := &call{op: kind, tel: tel, req: chatRequest(in.Parameters, m.cfg.provider)}
	out, md, err := next.HandleInitialize(context.WithValue(ctx, callKey{}, c), in)
	chat := c.chat
	if chat == nil {
		_, chat = tel.StartChat(ctx, c.req)
	}
	if err != nil {
		chat.End(callError(err))
		return out, md, err
	}
	switch res := out.Result.(type) {
	case *bedrockruntime.ConverseOutput:
		if res.Usage != nil {
			chat.SetUsage(converseUsage(res.Usage))
		}
		if res.StopReason != "" {
			// Converse has no response id.
			chat.SetResponse(otelagent.Response{FinishReasons: []string{string(res.StopReason)}})
		}
	case *bedrockruntime.InvokeModelOutput:
		recordInvokeModel(chat, res.Body, c.header)
	}
	if !c.streaming {
		chat.End(nil)
	}
	return out, md, err
}

// response starts the chat at the first attempt, and observes each
// attempt's raw response: it keeps the headers for InvokeModel and watches
// the event stream of a successful streaming call as its bytes pass
// through to the SDK.
type response struct{}

func (response) ID() string { return "otelbedrock.Response" }

func (response) HandleDeserialize(ctx context.Context, in middleware.DeserializeInput, next middleware.DeserializeHandler) (middleware.DeserializeOutput, middleware.Metadata, error) {
	c, _ := ctx.Value(callKey{}).(*call)
	if c != nil {
		ctx = c.attempt(ctx, in.Request)
	}
	out, md, err := next.HandleDeserialize(ctx, in)
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

// attempt returns the context of an attempt: a child of the chat's span,
// which the first attempt starts with the server its request goes to.
func (c *call) attempt(ctx context.Context, request any) context.Context {
	if c.chat != nil {
		return trace.ContextWithSpan(ctx, c.span)
	}
	if r, ok := request.(*smithyhttp.Request); ok && r.URL != nil {
		c.req.ServerAddress = r.URL.Hostname()
		c.req.ServerPort, _ = strconv.Atoi(r.URL.Port())
		if c.req.ServerPort == 0 {
			c.req.ServerPort = map[string]int{"https": 443, "http": 80}[r.URL.Scheme]
		}
	}
	ctx, c.chat = c.tel.StartChat(ctx, c.req)
	c.span = trace.SpanFromContext(ctx)
	return ctx
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
