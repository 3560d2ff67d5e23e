package otelagent

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strconv"

	"github.com/otelagent/otelagent-go/semconv"
)

// ErrorType returns the low-cardinality class of err that otelagent exports
// as error.type and as the span status description: "" for nil, then the
// first that applies of
//
//   - a class set with WithErrorType, or by an error in the chain with an
//     ErrorType() string method (if it is a short identifier);
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
	var classified interface{ ErrorType() string }
	if errors.As(err, &classified) {
		if class := classified.ErrorType(); isIdentifier(class) {
			return class
		}
	}
	switch {
	case errors.Is(err, context.Canceled):
		return semconv.ErrorTypeCanceled
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return semconv.ErrorTypeTimeout
	}
	var timeout interface{ Timeout() bool }
	if errors.As(err, &timeout) && timeout.Timeout() {
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

func httpStatus(err error) (int, bool) {
	var withHTTP interface{ HTTPStatusCode() int }
	if errors.As(err, &withHTTP) {
		if c := withHTTP.HTTPStatusCode(); c >= 100 && c <= 599 {
			return c, true
		}
	}
	var withStatus interface{ StatusCode() int }
	if errors.As(err, &withStatus) {
		if c := withStatus.StatusCode(); c >= 100 && c <= 599 {
			return c, true
		}
	}
	return 0, false
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
			if isIdentifier(name) {
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

// isIdentifier accepts what can safely be an error class: short, made of
// letters, digits and the punctuation of Go type names. Anything else could
// be free text.
func isIdentifier(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '_', c == '.', c == '*', c == '-', c == '/', c == '[', c == ']':
		default:
			return false
		}
	}
	return true
}

// WithErrorType returns err annotated with class, which ErrorType reports
// for it. Use it to give an error a meaningful class ("rate_limited") where
// its type says nothing. A class that is not a short identifier is ignored.
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
