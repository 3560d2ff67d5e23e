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

	"github.com/otelagent/otelagent-go/semconv"
)

// ErrorType returns the low-cardinality class of err that otelagent exports
// as error.type and as the span status description: "" for nil, then the
// first that applies of
//
//   - a class set with WithErrorType, or by an error in the chain with an
//     ErrorType() string method (if it is at most 64 letters, digits, '_',
//     '.' or '-');
//   - the HTTP status code of an error type registered with
//     RegisterHTTPStatus (an SDK's API error, whose status is a field);
//   - "canceled" or "timeout" for context and deadline errors, and for any
//     error whose Timeout method reports true;
//   - the HTTP status code ("503") of an error with an HTTPStatusCode() int
//     or StatusCode() int method;
//   - "not_found", "permission_denied", "unexpected_eof" for the fs and io
//     sentinels;
//   - the Go type name of the first error in the chain that is more than a
//     message ("*net.OpError");
//   - "_OTHER".
//
// The error's message is never used: it can hold paths, prompts or keys.
func ErrorType(err error) string {
	if err == nil {
		return ""
	}
	if classified, ok := find[interface{ ErrorType() string }](err); ok {
		if class := classified.ErrorType(); isClassName(class) {
			return class
		}
	}
	if code, ok := registeredStatus(err); ok {
		return strconv.Itoa(code)
	}
	switch {
	case errors.Is(err, context.Canceled):
		return semconv.ErrorTypeCanceled
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return semconv.ErrorTypeTimeout
	}
	if timeout, ok := find[interface{ Timeout() bool }](err); ok && timeout.Timeout() {
		return semconv.ErrorTypeTimeout
	}
	if code, ok := httpStatus(err); ok {
		return strconv.Itoa(code)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return semconv.ErrorTypeNotFound
	case errors.Is(err, fs.ErrPermission):
		return semconv.ErrorTypePermissionDenied
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return semconv.ErrorTypeUnexpectedEOF
	}
	return typeName(err)
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
			if isTypeName(name) {
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

// isClassName accepts what can safely be an error class a program chose:
// short, made of letters, digits, '_', '.' and '-'. Anything else, a path
// or a sentence, could be content.
func isClassName(s string) bool {
	return validName(s, "_.-")
}

// isTypeName accepts a Go type name as reflect prints it, generic ones
// included ("*pkg.Err[example.com/x.T]"); type names come from the program,
// never from its input.
func isTypeName(s string) bool {
	return validName(s, "_.-*/[]")
}

func validName(s, punctuation string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte(punctuation, c) >= 0:
		default:
			return false
		}
	}
	return true
}

// WithErrorType returns err annotated with class, which ErrorType reports
// for it. Use it to give an error a meaningful class ("rate_limited") where
// its type says nothing. A class must be at most 64 letters, digits, '_',
// '.' or '-'; any other is ignored, so a path or a message cannot pass as
// a class.
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
