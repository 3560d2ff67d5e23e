package otelagent

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/otelagent/otelagent-go/internal/names"
	"github.com/otelagent/otelagent-go/semconv"
)

// ErrorType returns the low-cardinality class of err that otelagent exports
// as error.type and as the span status description: "" for nil, then the
// first that applies of
//
//   - a class set with WithErrorType, or by an error in the chain with an
//     ErrorType() string method, if it follows the error class rules
//     (below); a class that does not is "_OTHER";
//   - the HTTP status code of an error type registered with
//     RegisterHTTPStatus (an SDK's API error, whose status is a field);
//   - "canceled" or "timeout" for context and deadline errors, and for any
//     error whose Timeout method reports true;
//   - the HTTP status code ("503") of an error with an HTTPStatusCode() int
//     or StatusCode() int method, if it is from 100 to 599;
//   - "not_found", "permission_denied", "unexpected_eof" for the fs and io
//     sentinels (io.EOF and io.ErrUnexpectedEOF);
//   - the Go type name of the first error in the chain that is more than a
//     message ("*net.OpError"), if it follows the class rules;
//   - "_OTHER".
//
// The error class rules: at most 64 letters, digits, '_', '.' or '-' (or a
// qualified Go type name), no path, host name, e-mail address or
// credential shape, no run of 5 or more digits and at most 5 digits in all;
// all digits only for an HTTP status (100-599) or a JSON-RPC error code
// ("-32602"). HTTP statuses have one
// spelling: a class "http_503" (or "HTTP-503", "http503") is reported as
// "503".
//
// The error's message is never used: it can hold paths, prompts or keys.
func ErrorType(err error) string {
	class, _ := errorType(err)
	return class
}

// errorType is ErrorType; rejected reports a class the program gave that
// broke the class rules.
func errorType(err error) (class string, rejected bool) {
	if err == nil {
		return "", false
	}
	if classified, ok := find[interface{ ErrorType() string }](err); ok {
		class := httpClass(classified.ErrorType())
		if names.Valid(names.ErrorClass, class) {
			return class, false
		}
		return semconv.ErrorTypeOther, true
	}
	if code, ok := registeredStatus(err); ok {
		return strconv.Itoa(code), false
	}
	switch {
	case errors.Is(err, context.Canceled):
		return semconv.ErrorTypeCanceled, false
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return semconv.ErrorTypeTimeout, false
	}
	if timeout, ok := find[interface{ Timeout() bool }](err); ok && timeout.Timeout() {
		return semconv.ErrorTypeTimeout, false
	}
	if code, ok := httpStatus(err); ok {
		return strconv.Itoa(code), false
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return semconv.ErrorTypeNotFound, false
	case errors.Is(err, fs.ErrPermission):
		return semconv.ErrorTypePermissionDenied, false
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return semconv.ErrorTypeUnexpectedEOF, false
	}
	return typeName(err), false
}

// httpClass spells an HTTP status class as its code: "http_503" is "503",
// so that one status has one class.
func httpClass(class string) string {
	if len(class) < 7 || !strings.EqualFold(class[:4], "http") {
		return class
	}
	code := class[4:]
	if code[0] == '_' || code[0] == '-' || code[0] == '.' {
		code = code[1:]
	}
	n, err := strconv.Atoi(code)
	switch {
	case err != nil || len(code) != 3 || code[0] == '+' || code[0] == '-':
		return class
	case n >= 100 && n <= 599:
		return code
	}
	return semconv.ErrorTypeOther // "http_999" is no status
}

// statusFuncs holds the functions RegisterHTTPStatus registered; each
// returns the status of an error that is its type, else false.
var (
	statusMu    sync.Mutex
	statusFuncs atomic.Pointer[[]func(error) (int, bool)]
)

// RegisterHTTPStatus makes ErrorType report the HTTP status code that
// status returns for an error of type T anywhere in the chain (as
// errors.As finds it), for an SDK whose API error carries its status in a
// field rather than a method: an SDK adapter registers its SDK's error type
// in its init, so that the SDK's error passed to Session.End is classed
// "429", not "*apierror.Error". A status outside 100-599 is ignored.
func RegisterHTTPStatus[T error](status func(T) int) {
	f := func(err error) (int, bool) {
		if t, ok := find[T](err); ok {
			if c := status(t); c >= 100 && c <= 599 {
				return c, true
			}
		}
		return 0, false
	}
	statusMu.Lock()
	defer statusMu.Unlock()
	var fs []func(error) (int, bool)
	if old := statusFuncs.Load(); old != nil {
		fs = append(fs, *old...)
	}
	fs = append(fs, f)
	statusFuncs.Store(&fs)
}

func registeredStatus(err error) (int, bool) {
	fs := statusFuncs.Load()
	if fs == nil {
		return 0, false
	}
	for _, f := range *fs {
		if c, ok := f(err); ok {
			return c, true
		}
	}
	return 0, false
}

func httpStatus(err error) (int, bool) {
	if e, ok := find[interface{ HTTPStatusCode() int }](err); ok {
		if c := e.HTTPStatusCode(); c >= 100 && c <= 599 {
			return c, true
		}
	}
	if e, ok := find[interface{ StatusCode() int }](err); ok {
		if c := e.StatusCode(); c >= 100 && c <= 599 {
			return c, true
		}
	}
	return 0, false
}

// find returns the first error in err's chain, depth first, that is a T.
// It is errors.As without its cost: As needs a pointer target, which
// escapes and allocates on every failed tool call.
func find[T any](err error) (T, bool) {
	for err != nil {
		if t, ok := err.(T); ok {
			return t, true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if t, ok := find[T](e); ok {
					return t, true
				}
			}
			err = nil
		default:
			err = nil
		}
	}
	var zero T
	return zero, false
}

// messageOnly lists the error types that carry nothing but a message or
// other errors: their names say nothing, so the chain is followed past them.
var messageOnly = map[string]bool{
	"*errors.errorString":   true,
	"*fmt.wrapError":        true,
	"*fmt.wrapErrors":       true,
	"*errors.joinError":     true,
	"*otelagent.classified": true,
}

func typeName(err error) string {
	for err != nil {
		name := reflect.TypeOf(err).String()
		if !messageOnly[name] {
			if names.Valid(names.ErrorClass, name) {
				return name
			}
			return semconv.ErrorTypeOther
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			errs := u.Unwrap()
			if len(errs) == 0 {
				return semconv.ErrorTypeOther
			}
			err = errs[0]
		default:
			return semconv.ErrorTypeOther
		}
	}
	return semconv.ErrorTypeOther
}

// WithErrorType returns err annotated with class, which ErrorType reports
// for it. Use it to give an error a meaningful class ("rate_limited") where
// its type says nothing. The class must follow the error class rules (see
// ErrorType): any other is reported as "_OTHER", so a path, a host name, a
// message or an account number cannot pass as a class.
// err's message and behaviour are unchanged; a nil err stays nil.
func WithErrorType(err error, class string) error {
	if err == nil {
		return nil
	}
	return &classified{err: err, class: class}
}

type classified struct {
	err   error
	class string
}

func (c *classified) Error() string     { return c.err.Error() }
func (c *classified) Unwrap() error     { return c.err }
func (c *classified) ErrorType() string { return c.class }

// errorType returns err's class, counting a class the program gave that
// broke the rules.
func (g *nameGuard) errorType(err error) string {
	class, rejected := errorType(err)
	if rejected && g != nil {
		g.invalid.Add(1)
	}
	return class
}
