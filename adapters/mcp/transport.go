package otelmcp

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/otelagent/otelagent-go/internal/mcpmeta"
	"github.com/otelagent/otelagent-go/semconv"
)

// WrapTransport returns t with what only its connection knows recorded on
// the spans of ClientMiddleware and ServerMiddleware: the JSON-RPC id of
// each request (jsonrpc.request.id), which the SDK assigns and reads below
// the middleware, and network.transport, from t's type (pipe for stdio and
// command transports and an IOTransport over files or pipes, tcp for HTTP
// ones, nothing in memory), also recorded on the session's duration. Wrap
// the transport where the client or server connects:
//
//	cs, err := client.Connect(ctx, otelmcp.WrapTransport(&mcp.CommandTransport{Command: cmd}), nil)
//	ss, err := server.Connect(ctx, otelmcp.WrapTransport(&mcp.StdioTransport{}), nil)
//
// Messages pass through unchanged, with one exception: a request received
// without transport metadata gets an empty RequestExtra (its handler's
// req.Extra is not nil), which is how its id reaches the middleware. A
// StreamableClientTransport is not wrapped but copied, with an HTTP client
// that reads each POST's id, so that the SDK's connection keeps its
// protocol-version header and standalone SSE stream. Any other connection
// is wrapped, which hides from the SDK what it learns through unexported
// methods, as mcp.LoggingTransport does: a stdio server no longer refuses
// JSON-RPC batches on protocol versions that removed them, and a
// StreamableServerTransport's handlers are no longer cancelled when the
// HTTP request ends. mcp.NewStreamableHTTPHandler builds its transports
// itself: wrap that handler with WrapHandler instead.
func WrapTransport(t mcp.Transport) mcp.Transport {
	if t == nil {
		return nil
	}
	kind := networkTransport(t)
	if s, ok := t.(*mcp.StreamableClientTransport); ok && s != nil {
		c := *s
		hc := http.Client{}
		if s.HTTPClient != nil {
			hc = *s.HTTPClient
		}
		hc.Transport = &idRoundTripper{base: hc.Transport, kind: kind}
		c.HTTPClient = &hc
		return &c
	}
	return &wireTransport{inner: t, kind: kind}
}

// networkTransport is the network.transport value of t, or "" when its type
// does not say.
func networkTransport(t mcp.Transport) string {
	switch t := t.(type) {
	case *mcp.StdioTransport, *mcp.CommandTransport:
		return semconv.NetworkTransportPipe
	case *mcp.StreamableClientTransport, *mcp.StreamableServerTransport,
		*mcp.SSEClientTransport, *mcp.SSEServerTransport:
		return semconv.NetworkTransportTCP
	case *mcp.LoggingTransport:
		if t != nil {
			return networkTransport(t.Transport)
		}
	case *mcp.IOTransport:
		if t != nil {
			return streamTransport(t.Reader)
		}
	}
	return ""
}

// streamTransport is the network.transport of a stream: a net.Conn says
// its network; an *os.File is a pipe (os.Stdin, os.Pipe) as stdio is.
func streamTransport(r any) string {
	switch r := r.(type) {
	case net.Conn:
		switch r.LocalAddr().Network() {
		case "tcp", "tcp4", "tcp6":
			return semconv.NetworkTransportTCP
		case "unix":
			return semconv.NetworkTransportUnix
		case "pipe":
			return semconv.NetworkTransportPipe
		}
	case *os.File:
		return semconv.NetworkTransportPipe
	}
	return ""
}

// received is what the connection says of a request a server received,
// by its RequestExtra (the one value that travels from the connection to
// the middleware). Entries live until the response is written or the
// connection closes.
type received struct {
	id   string
	kind string
}

var receivedByExtra sync.Map // *mcp.RequestExtra -> received

// receivedRequest returns what the connection said of req, if it was
// read by a wrapped connection; else network.transport tcp for a request
// that came over HTTP (its RequestExtra has the request's headers).
func receivedRequest(req mcp.Request) received {
	if req == nil {
		return received{}
	}
	extra := req.GetExtra()
	if extra == nil {
		return received{}
	}
	if r, ok := receivedByExtra.Load(extra); ok {
		return r.(received)
	}
	if extra.Header == nil {
		return received{}
	}
	if r, ok := receivedByHeader.Load(reflect.ValueOf(extra.Header).Pointer()); ok {
		return r.(received)
	}
	return received{kind: semconv.NetworkTransportTCP}
}

// receivedByHeader holds the id of each request WrapHandler is serving, by
// its header map, which the SDK's transport passes to the middleware in the
// request's RequestExtra.
var receivedByHeader sync.Map // map address -> received

// WrapHandler returns h, an MCP HTTP handler (mcp.NewStreamableHTTPHandler,
// whose transports the SDK builds, so that WrapTransport cannot wrap them),
// with the JSON-RPC id of each request it serves recorded on
// ServerMiddleware's SERVER span (jsonrpc.request.id):
//
//	http.Handle("/mcp", otelmcp.WrapHandler(mcp.NewStreamableHTTPHandler(getServer, nil)))
//
// It reads the id from the POST's body (the body itself goes on to h
// unchanged), and hands it to the middleware by the request's header map,
// which the SDK gives the middleware in the request's RequestExtra. A body
// larger than 1 MiB, or a JSON-RPC batch, is served without ids.
func WrapHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Body == nil || r.Header == nil {
			h.ServeHTTP(w, r)
			return
		}
		head, err := io.ReadAll(io.LimitReader(r.Body, maxIDBody+1))
		if err != nil || len(head) > maxIDBody {
			// Give h the body as it came: what was read, then the rest.
			r.Body = readCloser{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
			h.ServeHTTP(w, r)
			return
		}
		r.Body = readCloser{bytes.NewReader(head), r.Body}
		var m struct {
			ID     json.RawMessage `json:"id"`
			Method string          `json:"method"`
		}
		if json.Unmarshal(head, &m) == nil && m.Method != "" {
			if id := rawID(m.ID); id != "" {
				key := reflect.ValueOf(r.Header).Pointer()
				receivedByHeader.Store(key, received{id: id, kind: semconv.NetworkTransportTCP})
				defer receivedByHeader.Delete(key)
			}
		}
		h.ServeHTTP(w, r)
	})
}

type readCloser struct {
	io.Reader
	io.Closer
}

// idString is the text of a JSON-RPC id (a number or a string).
func idString(id jsonrpc.ID) string {
	switch v := id.Raw().(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case string:
		return v
	}
	return ""
}

type wireTransport struct {
	inner mcp.Transport
	kind  string
}

func (t *wireTransport) Connect(ctx context.Context) (mcp.Connection, error) {
	c, err := t.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &wireConn{Connection: c, kind: t.kind}, nil
}

// SupportsProtocolVersion answers for the wrapped transport, which the
// server asks which versions it can serve; one that does not say serves
// them all.
func (t *wireTransport) SupportsProtocolVersion(version string) bool {
	if s, ok := t.inner.(mcp.ProtocolVersionSupporter); ok {
		return s.SupportsProtocolVersion(version)
	}
	return true
}

type wireConn struct {
	mcp.Connection
	kind string

	mu      sync.Mutex
	pending map[jsonrpc.ID]*mcp.RequestExtra // calls read, not yet answered
	closed  bool
}

func (c *wireConn) Read(ctx context.Context) (jsonrpc.Message, error) {
	msg, err := c.Connection.Read(ctx)
	req, ok := msg.(*jsonrpc.Request)
	if err != nil || !ok || req == nil || !req.IsCall() {
		return msg, err
	}
	extra, ok := req.Extra.(*mcp.RequestExtra)
	if req.Extra == nil {
		extra, ok = &mcp.RequestExtra{}, true
		req.Extra = extra
	}
	if !ok || extra == nil {
		return msg, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return msg, err
	}
	if c.pending == nil {
		c.pending = make(map[jsonrpc.ID]*mcp.RequestExtra)
	}
	if old, ok := c.pending[req.ID]; ok {
		// A peer reused an id still in flight: the first loses it.
		receivedByExtra.Delete(old)
	}
	c.pending[req.ID] = extra
	receivedByExtra.Store(extra, received{id: idString(req.ID), kind: c.kind})
	return msg, err
}

func (c *wireConn) Write(ctx context.Context, msg jsonrpc.Message) error {
	switch m := msg.(type) {
	case *jsonrpc.Request:
		if s := mcpmeta.SentRequestFrom(ctx); s != nil && m != nil && m.IsCall() {
			s.Note(idString(m.ID), c.kind)
		}
	case *jsonrpc.Response:
		if m != nil {
			c.forget(m.ID)
		}
	}
	return c.Connection.Write(ctx, msg)
}

func (c *wireConn) forget(id jsonrpc.ID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if extra, ok := c.pending[id]; ok {
		delete(c.pending, id)
		receivedByExtra.Delete(extra)
	}
}

func (c *wireConn) Close() error {
	c.mu.Lock()
	c.closed = true
	for id, extra := range c.pending {
		delete(c.pending, id)
		receivedByExtra.Delete(extra)
	}
	c.mu.Unlock()
	return c.Connection.Close()
}

// idRoundTripper reads the id of each request a streamable HTTP client
// posts in a context ClientMiddleware marked, from a copy of its body.
type idRoundTripper struct {
	base http.RoundTripper
	kind string
}

// maxIDBody bounds the body read for an id: a larger request (its
// arguments) is sent without its id recorded.
const maxIDBody = 1 << 20

func (rt *idRoundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	if s := mcpmeta.SentRequestFrom(r.Context()); s != nil && r.Method == http.MethodPost && r.GetBody != nil && r.ContentLength <= maxIDBody {
		if body, err := r.GetBody(); err == nil {
			var m struct {
				ID json.RawMessage `json:"id"`
			}
			if json.NewDecoder(body).Decode(&m) == nil {
				if id := rawID(m.ID); id != "" {
					s.Note(id, rt.kind)
				}
			}
			_ = body.Close()
		}
	}
	base := rt.base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(r)
}

// rawID is the text of a JSON-RPC id as it is on the wire: a number, or a
// string; "" for none (a notification) or null.
func rawID(raw json.RawMessage) string {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if len(raw) == 0 || d.Decode(&v) != nil {
		return ""
	}
	switch v := v.(type) {
	case json.Number:
		return v.String()
	case string:
		return v
	}
	return ""
}
