package otelopenai

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/otelagent/otelagent-go/internal/chathttp"
	"github.com/otelagent/otelagent-go/otelagent"
	"github.com/otelagent/otelagent-go/semconv"
)

// maxMessageSize bounds the memory the WebSocket reader holds: one message
// at a time. A larger message (a "response.completed" event carries the
// whole output) passes through unread, as in a stream of server-sent
// events.
const maxMessageSize = 4 << 20

// isResponsesUpgrade reports whether req opens a Responses WebSocket
// (client.Responses.Connect, client.Beta.Responses.Connect): a GET of
// .../responses asking to upgrade.
func isResponsesUpgrade(req *http.Request) bool {
	return req.Method == http.MethodGet && req.URL != nil &&
		strings.HasSuffix(strings.TrimSuffix(req.URL.Path, "/"), "/responses") &&
		strings.EqualFold(req.Header.Get("Upgrade"), "websocket")
}

// observeSocket wraps the body of an upgraded Responses WebSocket, which is
// the connection itself, to record each response created on it as a chat
// span, in the context of the request that opened the socket.
func observeSocket(ctx context.Context, tel *otelagent.Telemetry, provider string, resp *http.Response) {
	rwc, ok := resp.Body.(io.ReadWriteCloser)
	if !ok || resp.StatusCode != http.StatusSwitchingProtocols {
		return
	}
	resp.Body = &socket{ReadWriteCloser: rwc, ctx: ctx, tel: tel, provider: provider, chats: make(map[string]*otelagent.Chat)}
}

// socket passes the WebSocket's bytes through unchanged, in both
// directions, while reading the server's frames (unmasked, uncompressed:
// the SDK turns compression off). Each message is a Responses stream event:
// "response.created" starts a chat span for its response id, with the
// response's model; "response.completed" and "response.incomplete" end it
// with the usage; "response.failed" ends it failed with the error's code;
// an "error" event fails the oldest response in progress. Closing the
// socket, or its breaking off, ends the responses still in progress.
type socket struct {
	io.ReadWriteCloser
	ctx      context.Context
	tel      *otelagent.Telemetry
	provider string

	// Only Read touches the frame state: the SDK reads from one goroutine.
	buf     []byte // bytes of a frame header not yet whole
	remain  int    // payload bytes left in the current frame
	mask    [4]byte
	masked  bool
	maskPos int
	control bool   // the current frame is a control frame
	final   bool   // the current frame ends its message
	msg     []byte // the current message
	skip    bool   // the current message is over maxMessageSize

	mu    sync.Mutex // chats: Read, and Close from another goroutine
	chats map[string]*otelagent.Chat
	order []string // ids in chats, oldest first
}

func (s *socket) Read(p []byte) (int, error) {
	n, err := s.ReadWriteCloser.Read(p)
	if n > 0 {
		s.scan(p[:n])
	}
	if err != nil {
		s.endAll(transportError(err))
	}
	return n, err
}

func (s *socket) Close() error {
	err := s.ReadWriteCloser.Close()
	s.endAll(otelagent.WithErrorType(errClosed, semconv.ErrorTypeCanceled))
	return err
}

var errClosed = errors.New("openai: the WebSocket closed before the response ended")

// transportError is the outcome of a response in progress when the socket's
// read ended: io.EOF means the server closed it.
func transportError(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

func (s *socket) scan(p []byte) {
	for len(p) > 0 {
		if s.remain == 0 && !s.header(&p) {
			return
		}
		n := min(s.remain, len(p))
		s.payload(p[:n])
		s.remain -= n
		p = p[n:]
		if s.remain == 0 {
			s.frameEnd()
		}
	}
}

// header reads a frame header from p, or keeps what there is of it for the
// next read; it reports whether a header was read.
func (s *socket) header(p *[]byte) bool {
	need := 2
	for {
		if len(s.buf) >= 2 {
			need = 2
			switch s.buf[1] & 0x7f {
			case 126:
				need += 2
			case 127:
				need += 8
			}
			if s.buf[1]&0x80 != 0 {
				need += 4
			}
		}
		if len(s.buf) >= need {
			break
		}
		if len(*p) == 0 {
			return false
		}
		take := min(need-len(s.buf), len(*p))
		s.buf = append(s.buf, (*p)[:take]...)
		*p = (*p)[take:]
	}
	h := s.buf
	s.buf = s.buf[:0]
	opcode := h[0] & 0x0f
	s.final = h[0]&0x80 != 0
	s.control = opcode >= 8
	size := uint64(h[1] & 0x7f)
	off := 2
	switch size {
	case 126:
		size, off = uint64(binary.BigEndian.Uint16(h[2:])), 4
	case 127:
		size, off = binary.BigEndian.Uint64(h[2:]), 10
	}
	s.masked = h[1]&0x80 != 0
	if s.masked {
		copy(s.mask[:], h[off:off+4])
	}
	s.maskPos = 0
	if !s.control && opcode != 0 { // a new data message
		s.msg, s.skip = s.msg[:0], opcode != 1 // only text messages are events
	}
	if size > maxMessageSize {
		s.skip = true
		size = min(size, 1<<62)
	}
	s.remain = int(size)
	return true
}

func (s *socket) payload(p []byte) {
	if s.control || s.skip {
		return
	}
	if len(s.msg)+len(p) > maxMessageSize {
		s.skip = true
		return
	}
	start := len(s.msg)
	s.msg = append(s.msg, p...)
	if s.masked {
		for i := start; i < len(s.msg); i++ {
			s.msg[i] ^= s.mask[s.maskPos%4]
			s.maskPos++
		}
	}
}

func (s *socket) frameEnd() {
	if s.control || !s.final {
		return
	}
	if !s.skip && len(s.msg) > 0 {
		s.event(s.msg)
	}
	s.msg, s.skip = s.msg[:0], false
}

// event records what one server event reports.
func (s *socket) event(data []byte) {
	if !mayReportFailure(data) && !chathttp.HasObject(data, "response") {
		return // deltas and item events carry nothing the call needs
	}
	r := parsePayload(data)
	switch {
	case r.failure != "" && r.id == "":
		s.end(s.oldest(), nil, failed(r.failure))
	case r.id == "":
	case r.status == statusQueued || r.status == statusInProgress:
		s.start(r)
	default:
		s.end(r.id, &r, finalError(r))
	}
}

func (s *socket) start(r report) {
	s.mu.Lock()
	_, open := s.chats[r.id]
	s.mu.Unlock()
	if open {
		return
	}
	_, chat := s.tel.StartChat(s.ctx, otelagent.ChatRequest{Model: r.model, Provider: s.provider})
	if chat == nil {
		return
	}
	chat.SetResponseModel(r.model)
	s.mu.Lock()
	s.chats[r.id] = chat
	s.order = append(s.order, r.id)
	s.mu.Unlock()
}

func (s *socket) oldest() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.order) == 0 {
		return ""
	}
	return s.order[0]
}

// end ends the chat of response id, with the final report r if any.
func (s *socket) end(id string, r *report, err error) {
	s.mu.Lock()
	chat := s.chats[id]
	delete(s.chats, id)
	for i, o := range s.order {
		if o == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	s.mu.Unlock()
	if chat == nil {
		return
	}
	if r != nil {
		chat.SetResponseModel(r.model)
		if r.hasUsage {
			chat.SetUsage(r.usage.toOtelagent())
		}
	}
	chat.End(err)
}

func (s *socket) endAll(err error) {
	s.mu.Lock()
	chats := s.chats
	s.chats, s.order = make(map[string]*otelagent.Chat), nil
	s.mu.Unlock()
	for _, chat := range chats {
		chat.End(err)
	}
}
