package setup

import (
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-logr/logr"
	"go.opentelemetry.io/otel"

	"github.com/otelagent/otelagent-go/internal/urlredact"
)

// The OpenTelemetry SDK reports its own problems through a global logger
// and a global error handler, both by default raw lines with a timestamp on
// stderr. Start routes the logger into otelagent's debug output, one
// "otelagent:" line per message; and the error handler too when nobody
// installed one yet, or always with WithGlobal: a handler the program
// chose is left alone unless it asks otelagent to own the globals.
//
// Every variable the SDK reads while providers are built (the sampler, the
// metric interval, the OTLP exporters' settings) was already checked by
// resolve, which reported each problem once: while Start builds, the SDK's
// own version of those problems is dropped.
var (
	sdkLoggerOnce sync.Once
	sdkDebug      atomic.Pointer[lockedWriter] // nil: no debug output
	sdkBuilding   atomic.Int32
)

// lockedWriter serializes writes to w: the diagnostics and debug writers
// a program gives (a bytes.Buffer, say) are written to by the span ends of
// its goroutines, delivery's background worker and the SDK at once.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// serialize returns diag and debug each behind a lockedWriter, the same
// one when they are the same writer, so that no two writes to a writer
// overlap whoever makes them. A nil writer stays as it is, and so do
// io.Discard and a file: the system serializes writes to a file, the debug
// view asks a file whether it is a terminal (for its width and colours),
// and the content-capture notice tells io.Discard apart.
func serialize(diag, debug io.Writer) (io.Writer, io.Writer) {
	wrap := func(w io.Writer) io.Writer {
		switch w.(type) {
		case nil, *os.File, *lockedWriter:
			return w
		}
		if w == io.Discard { // safe, and told apart by identity (notice.go)
			return w
		}
		return &lockedWriter{w: w}
	}
	d := wrap(diag)
	if debug != nil && diag != nil && reflect.TypeOf(debug).Comparable() && reflect.TypeOf(diag) == reflect.TypeOf(debug) && diag == debug {
		return d, d
	}
	return d, wrap(debug)
}

// routeSDKDiagnostics sends the SDK's messages to debug (nil: nowhere).
func routeSDKDiagnostics(debug io.Writer) {
	sdkLoggerOnce.Do(func() { otel.SetLogger(logr.New(sdkSink{})) })
	if debug == nil {
		sdkDebug.Store(nil)
		return
	}
	if l, ok := debug.(*lockedWriter); ok {
		sdkDebug.Store(l)
		return
	}
	sdkDebug.Store(&lockedWriter{w: debug})
}

// buildingSDK mutes the SDK's messages until the returned func is called.
func buildingSDK() (done func()) {
	sdkBuilding.Add(1)
	return func() { sdkBuilding.Add(-1) }
}

// routeSDKErrors installs otelagent's error handler when force is set
// (WithGlobal) or when the global one is still the SDK's default.
func routeSDKErrors(force bool) {
	if !force && !isDefaultErrorHandler(otel.GetErrorHandler()) {
		return
	}
	otel.SetErrorHandler(sdkErrorHandler{})
}

// sdkErrorHandler writes OpenTelemetry errors as otelagent lines (see
// writeSDKLine).
type sdkErrorHandler struct{}

func (sdkErrorHandler) Handle(err error) { sdkSink{}.Error(err, "") }

// isDefaultErrorHandler reports whether h is the SDK's default handler (an
// unexported type, known by its name), or otelagent's own.
func isDefaultErrorHandler(h otel.ErrorHandler) bool {
	if _, ours := h.(sdkErrorHandler); ours {
		return true
	}
	return strings.HasSuffix(fmt.Sprintf("%T", h), ".ErrDelegator")
}

// sdkSink is a logr.LogSink that keeps errors only; the SDK's info and
// warnings (V(1) and above) are for its developers.
type sdkSink struct{}

func (sdkSink) Init(logr.RuntimeInfo)                  {}
func (sdkSink) Enabled(int) bool                       { return false }
func (sdkSink) Info(int, string, ...any)               {}
func (s sdkSink) WithValues(...any) logr.LogSink       { return s }
func (s sdkSink) WithName(string) logr.LogSink         { return s }
func (sdkSink) Error(err error, msg string, kv ...any) { writeSDKLine(sdkLine(err, msg, kv)) }

func writeSDKLine(line string) {
	if sdkBuilding.Load() > 0 {
		return
	}
	lw := sdkDebug.Load()
	if lw == nil {
		return
	}
	lw.mu.Lock()
	defer lw.mu.Unlock()
	_, _ = io.WriteString(lw.w, line+"\n")
}

var urlInText = regexp.MustCompile(`https?://[^\s"'<>]+`)

// sdkLine makes one otelagent line of an SDK message: no line breaks, and
// URLs redacted (an exporter's error quotes the endpoint).
func sdkLine(err error, msg string, kv []any) string {
	var parts []string
	if msg != "" {
		parts = append(parts, msg)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, fmt.Sprintf("%v=%v", kv[i], kv[i+1]))
	}
	if err != nil {
		parts = append(parts, err.Error())
	}
	line := "otelagent: OpenTelemetry SDK: " + strings.Join(parts, ": ")
	line = strings.Join(strings.Fields(line), " ")
	return urlInText.ReplaceAllStringFunc(line, urlredact.URL)
}
