package chathttp

import (
	"net/http"

	"github.com/otelagent/otelagent-go/otelagent"
)

// roundTrip is the type of the rest of a RoundTripper chain.
type roundTrip = func(*http.Request) (*http.Response, error)

// transport is Middleware as an http.RoundTripper, for the SDKs whose hook
// is an *http.Client (go-openai, genai, Ollama).
type transport struct {
	next       roundTrip // base.RoundTrip, bound once: a method value made per call would allocate
	middleware func(*http.Request, roundTrip) (*http.Response, error)
}

// Transport returns base (http.DefaultTransport if nil) with the chat calls
// of api recorded as Middleware records them.
func Transport(base http.RoundTripper, tel *otelagent.Telemetry, provider string, api API) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{next: base.RoundTrip, middleware: Middleware[roundTrip](tel, provider, api)}
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.middleware(req, t.next)
}

// Client returns a copy of base (a new http.Client if nil) whose transport
// is wrap(base.Transport). base itself is not changed: other code may use
// it.
func Client(base *http.Client, wrap func(http.RoundTripper) http.RoundTripper) *http.Client {
	c := &http.Client{}
	if base != nil {
		*c = *base
	}
	c.Transport = wrap(c.Transport)
	return c
}
