package otelmcpgo

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"sync"

	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/otelagent/otelagent-go/internal/mcpmeta"
	"github.com/otelagent/otelagent-go/semconv"
)

// WrapTransport returns t with the JSON-RPC id of each request it sends
// recorded on the CLIENT span of WrapClient (jsonrpc.request.id): mcp-go's
// client numbers a request below any API an adapter sees, and hands the
// transport the request, with the caller's context, to send. Build the
// client on it:
//
//	c := otelmcpgo.WrapClient(client.NewClient(otelmcpgo.WrapTransport(transport.NewStdio(cmd, nil))))
//
// Requests pass through unchanged. The wrapper answers mcp-go's optional
// transport interfaces (server requests, connection loss, the HTTP
// protocol-version header, legacy protocol) as t does. Keep t itself for
// its own methods: GetTransport returns the wrapper.
func WrapTransport(t transport.Interface) transport.Interface {
	if t == nil {
		return nil
	}
	w := wireTransport{Interface: t}
	if _, ok := t.(transport.HTTPConnection); ok {
		return &httpWireTransport{w}
	}
	return &w
}

type wireTransport struct {
	transport.Interface
}

func (t *wireTransport) SendRequest(ctx context.Context, req transport.JSONRPCRequest) (*transport.JSONRPCResponse, error) {
	if c, _ := ctx.Value(handshakeKey{}).(*tracedClient); c != nil {
		return c.sendHandshake(ctx, req, t.Interface)
	}
	if s := mcpmeta.SentRequestFrom(ctx); s != nil {
		s.Note(idString(req.ID.Value()), "")
	}
	return t.Interface.SendRequest(ctx, req)
}

// SetRequestHandler passes the client's handler of server requests
// (sampling, elicitation, roots) to a transport that takes them.
func (t *wireTransport) SetRequestHandler(h transport.RequestHandler) {
	if b, ok := t.Interface.(transport.BidirectionalInterface); ok {
		b.SetRequestHandler(h)
	}
}

// SetConnectionLostHandler passes h to a transport that reports a lost
// connection (client.OnConnectionLost).
func (t *wireTransport) SetConnectionLostHandler(h func(error)) {
	if s, ok := t.Interface.(interface{ SetConnectionLostHandler(func(error)) }); ok {
		s.SetConnectionLostHandler(h)
	}
}

// RequiresLegacyProtocol answers for a transport that cannot speak the
// stateless protocol.
func (t *wireTransport) RequiresLegacyProtocol() bool {
	l, ok := t.Interface.(interface{ RequiresLegacyProtocol() bool })
	return ok && l.RequiresLegacyProtocol()
}

// httpWireTransport is the wrapper of an HTTP transport: mcp-go tells HTTP
// transports apart by SetProtocolVersion, and treats them differently
// (cancellation), so only they have it.
type httpWireTransport struct {
	wireTransport
}

func (t *httpWireTransport) SetProtocolVersion(v string) {
	t.Interface.(transport.HTTPConnection).SetProtocolVersion(v)
}

// wrapped reports whether c sends through a transport WrapTransport built.
func wrapped(c any) bool {
	g, ok := c.(interface{ GetTransport() transport.Interface })
	if !ok {
		return false
	}
	switch g.GetTransport().(type) {
	case *wireTransport, *httpWireTransport:
		return true
	}
	return false
}

// clientTransport is the network.transport of the transport c sends
// through, or "" when its type does not say.
func clientTransport(c any) string {
	g, ok := c.(interface{ GetTransport() transport.Interface })
	if !ok {
		return ""
	}
	t := g.GetTransport()
	switch w := t.(type) {
	case *wireTransport:
		t = w.Interface
	case *httpWireTransport:
		t = w.Interface
	}
	switch t.(type) {
	case *transport.Stdio:
		return semconv.NetworkTransportPipe
	case *transport.StreamableHTTP, *transport.SSE:
		return semconv.NetworkTransportTCP
	}
	return ""
}

// sessionTransport is the network.transport of a server session, by its
// type: mcp-go's stdio and HTTP sessions are unexported, hence their
// names; in process there is no network.
func sessionTransport(s server.ClientSession) string {
	if s == nil {
		return ""
	}
	switch reflect.TypeOf(s).String() {
	case "*server.stdioSession":
		return semconv.NetworkTransportPipe
	case "*server.sseSession", "*server.streamableHttpSession":
		return semconv.NetworkTransportTCP
	}
	return ""
}

// idString is the text of a JSON-RPC id as mcp-go holds it: decoded from
// JSON (a float64 or a string) or made by its client (an int64).
func idString(id any) string {
	switch v := id.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case json.Number:
		return v.String()
	case mcp.RequestId:
		return idString(v.Value())
	}
	return ""
}

// received holds the ids of the tools/call requests the server is
// handling, from AddHooks' BeforeCallTool to its AfterCallTool or OnError,
// by the request's header map: mcp-go gives the hooks the request and the
// middleware a copy of it, and the header map (one per message, the HTTP
// request's or an empty one) is what both copies share. Two requests that
// share one map are ambiguous and get no id.
var received sync.Map // map address -> string (the id, or "" if ambiguous)

func headerKey(h http.Header) (uintptr, bool) {
	if h == nil {
		return 0, false
	}
	return reflect.ValueOf(h).Pointer(), true
}

func receiveID(h http.Header, id any) {
	k, ok := headerKey(h)
	if !ok {
		return
	}
	if _, loaded := received.LoadOrStore(k, idString(id)); loaded {
		received.Store(k, "")
	}
}

func receivedID(h http.Header) string {
	if k, ok := headerKey(h); ok {
		if id, ok := received.Load(k); ok {
			return id.(string)
		}
	}
	return ""
}

func forgetID(h http.Header) {
	if k, ok := headerKey(h); ok {
		received.Delete(k)
	}
}
