package otelmcp

import (
	"errors"
	"io"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/otelagent/otelagent-go/otelagent"
)

// watched holds the sessions whose duration is being recorded, so that a
// session opened by server/discover and then initialize counts once.
var watched sync.Map // session pointer -> struct{}

// opensSession reports whether a successful request of method opens a
// session: initialize, or server/discover, with which newer protocol
// versions open a connection (the SDK sends it first).
func opensSession(method string) bool {
	return method == methodInitialize || method == methodDiscover
}

// watchSession records the duration of the session req belongs to, on
// mcp.client.session.duration or mcp.server.session.duration (by side),
// with its network.transport (transport, which may be ""):
// from the request that opened it to its end, which a goroutine waits for
// (it ends with the session). The protocol version is the one the session
// negotiated, read at its end.
func watchSession(tel *otelagent.Telemetry, side otelagent.MCPSide, req mcp.Request, transport string) {
	var wait func() error
	var version func() string
	switch s := req.GetSession().(type) {
	case *mcp.ClientSession:
		if s == nil {
			return
		}
		wait = s.Wait
		version = func() string {
			if r := s.InitializeResult(); r != nil {
				return r.ProtocolVersion
			}
			return ""
		}
	case *mcp.ServerSession:
		if s == nil {
			return
		}
		wait = s.Wait
		version = func() string {
			if p := s.InitializeParams(); p != nil {
				return p.ProtocolVersion
			}
			return ""
		}
	default:
		return
	}
	key := req.GetSession()
	if _, loaded := watched.LoadOrStore(key, struct{}{}); loaded {
		return
	}
	session := tel.StartMCPSession(otelagent.MCPSessionInfo{Side: side, Transport: transport})
	if session == nil {
		watched.Delete(key)
		return
	}
	go func() {
		err := wait()
		session.SetProtocolVersion(version())
		session.End(sessionError(err))
		watched.Delete(key)
	}()
}

// sessionError is the error a session ended with: none when it was closed
// or its connection ended.
func sessionError(err error) error {
	if err == nil || errors.Is(err, io.EOF) || errors.Is(err, mcp.ErrConnectionClosed) {
		return nil
	}
	return err
}
