package otelagent_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/otelagent/otelagent-go/otelagent"
)

type statusErr struct{ code int }

func (e statusErr) Error() string   { return fmt.Sprintf("status %d: /home/alice/secret", e.code) }
func (e statusErr) StatusCode() int { return e.code }

type freeTextClass struct{}

func (freeTextClass) Error() string     { return "x" }
func (freeTextClass) ErrorType() string { return "my prompt was: tell me a secret" }

// errV12345 is an error type whose name breaks the class rules (a run of
// 5 digits): its name is no class.
type errV12345 struct{}

func (errV12345) Error() string { return "v12345" }

type customErr struct{}

func (*customErr) Error() string { return "custom /home/alice" }

func TestErrorType(t *testing.T) {
	_, pathErr := os.Open("/nonexistent/otelagent/canary")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"canceled", context.Canceled, "canceled"},
		{"wrapped deadline", fmt.Errorf("call: %w", context.DeadlineExceeded), "timeout"},
		{"os deadline", os.ErrDeadlineExceeded, "timeout"},
		{"net timeout", &net.OpError{Op: "dial", Err: timeoutErr{}}, "timeout"},
		{"http status", fmt.Errorf("api: %w", statusErr{503}), "503"},
		{"bad status ignored", statusErr{42}, "otelagent_test.statusErr"},
		{"not found", pathErr, "not_found"},
		{"permission", fmt.Errorf("x: %w", fs.ErrPermission), "permission_denied"},
		{"eof", io.ErrUnexpectedEOF, "unexpected_eof"},
		{"custom type", fmt.Errorf("wrap: %w", &customErr{}), "*otelagent_test.customErr"},
		{"plain message", errors.New("sk-secret in /home/alice"), "_OTHER"},
		{"joined", errors.Join(errors.New("a"), &customErr{}), "_OTHER"},
		{"joined, status second", errors.Join(errors.New("a"), statusErr{503}), "503"},
		{"type name breaking the class rules", fmt.Errorf("w: %w", errV12345{}), "_OTHER"},
		{"explicit class", otelagent.WithErrorType(errors.New("429 from api"), "rate_limited"), "rate_limited"},
		{"explicit free text ignored", otelagent.WithErrorType(errors.New("boom"), "has spaces in it"), "_OTHER"},
		{"explicit path ignored", otelagent.WithErrorType(errors.New("boom"), "/home/alice/plan.md"), "_OTHER"},
		{"explicit slash ignored", otelagent.WithErrorType(errors.New("boom"), "a/b"), "_OTHER"},
		{"explicit too long ignored", otelagent.WithErrorType(errors.New("boom"), strings.Repeat("x", 65)), "_OTHER"},
		{"ErrorType method free text", freeTextClass{}, "_OTHER"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := otelagent.ErrorType(tt.err); got != tt.want {
				t.Errorf("ErrorType(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestWithErrorTypeKeepsError(t *testing.T) {
	base := errors.New("boom")
	err := otelagent.WithErrorType(base, "rate_limited")
	if !errors.Is(err, base) || err.Error() != "boom" {
		t.Errorf("WithErrorType changed the error: %v", err)
	}
	if otelagent.WithErrorType(nil, "x") != nil {
		t.Error("WithErrorType(nil) != nil")
	}
}

type httpStatusErr struct{ code int }

func (e httpStatusErr) Error() string       { return fmt.Sprintf("HTTP %d", e.code) }
func (e httpStatusErr) HTTPStatusCode() int { return e.code }

type classErr struct{ class string }

func (e classErr) Error() string     { return "x" }
func (e classErr) ErrorType() string { return e.class }

// Only statuses 100 to 599 are HTTP statuses, by either method.
func TestErrorTypeHTTPStatusRange(t *testing.T) {
	for _, tt := range []struct {
		code int
		want string
	}{
		{0, "otelagent_test.httpStatusErr"},
		{42, "otelagent_test.httpStatusErr"},
		{99, "otelagent_test.httpStatusErr"},
		{100, "100"},
		{429, "429"},
		{599, "599"},
		{600, "otelagent_test.httpStatusErr"},
		{-503, "otelagent_test.httpStatusErr"},
	} {
		if got := otelagent.ErrorType(httpStatusErr{tt.code}); got != tt.want {
			t.Errorf("HTTPStatusCode() %d: ErrorType = %q, want %q", tt.code, got, tt.want)
		}
		want := strings.Replace(tt.want, "httpStatusErr", "statusErr", 1)
		if got := otelagent.ErrorType(statusErr{tt.code}); got != want {
			t.Errorf("StatusCode() %d: ErrorType = %q, want %q", tt.code, got, want)
		}
	}
}

func TestErrorTypeEOF(t *testing.T) {
	for _, err := range []error{io.EOF, fmt.Errorf("read: %w", io.EOF), io.ErrUnexpectedEOF} {
		if got := otelagent.ErrorType(err); got != "unexpected_eof" {
			t.Errorf("ErrorType(%v) = %q, want unexpected_eof", err, got)
		}
	}
}

// A class the program gives is held to the class rules: a host name, a
// password or an account number is not a class.
func TestErrorTypeClassRules(t *testing.T) {
	for _, tt := range []struct{ class, want string }{
		{"rate_limited", "rate_limited"},
		{"tool_error", "tool_error"},
		{"503", "503"},
		{"http_503", "503"},
		{"HTTP-429", "429"},
		{"http503", "503"},
		{"http_999", "_OTHER"},
		// The status bounds: 100 and 599 are statuses, 099 and 600 not.
		{"http_100", "100"},
		{"http_599", "599"},
		{"http_099", "_OTHER"},
		{"http_600", "_OTHER"},
		{"http_1000", "http_1000"}, // four digits: not a status, a class
		{"42", "_OTHER"},
		{"db.example.com", "_OTHER"},
		{"10.0.0.12", "_OTHER"},
		{"alice@example.com", "_OTHER"},
		{"acct_12345678", "_OTHER"},
		{"DE89370400440532013000", "_OTHER"},
		{"4111-1111-1111-1111", "_OTHER"},
		{"sk-live-abcdef", "_OTHER"},
		{"Zk3mQ9xW2pL7vB4nR8tY1cF6", "_OTHER"},
		{"hunter2 is my password", "_OTHER"},
	} {
		for _, err := range []error{otelagent.WithErrorType(errors.New("x"), tt.class), classErr{tt.class}} {
			if got := otelagent.ErrorType(err); got != tt.want {
				t.Errorf("class %q (%T): ErrorType = %q, want %q", tt.class, err, got, tt.want)
			}
		}
	}
}

// A rejected class is "_OTHER" as error.type, as the status description and
// on metrics, and is counted.
func TestErrorClassExported(t *testing.T) {
	h := newHarness(t)
	_, call := h.tel.StartToolCall(context.Background(), otelagent.Tool{Name: "read_file"})
	call.End(otelagent.WithErrorType(errors.New("x"), "db.prod.example.com"))
	span := h.span("execute_tool read_file")
	if got := attrMap(span.Attributes())[attributeKey("error.type")].AsString(); got != "_OTHER" {
		t.Errorf("error.type %q", got)
	}
	if got := span.Status().Description; got != "_OTHER" {
		t.Errorf("status description %q", got)
	}
	for _, p := range pointAttributes(h.metric("gen_ai.execute_tool.duration")) {
		if got := attrMap(p)[attributeKey("error.type")].AsString(); got != "_OTHER" {
			t.Errorf("metric error.type %q", got)
		}
	}
	if got := h.tel.NameStats().Invalid; got != 1 {
		t.Errorf("NameStats().Invalid = %d, want 1", got)
	}
}

// fieldStatusErr is an SDK's API error: its status is a field, and its
// type name says nothing.
type fieldStatusErr struct{ Status int }

func (e *fieldStatusErr) Error() string { return "API error: /home/alice/secret" }

// fieldStatusRegistered: registration is for the process, and the test
// may run more than once in it (-count).
var fieldStatusRegistered bool

func TestRegisterHTTPStatus(t *testing.T) {
	err := fmt.Errorf("call: %w", &fieldStatusErr{Status: 429})
	if got := otelagent.ErrorType(err); !fieldStatusRegistered && got != "*otelagent_test.fieldStatusErr" {
		t.Fatalf("before registering, ErrorType = %q, want the type name", got)
	}
	otelagent.RegisterHTTPStatus(func(e *fieldStatusErr) int { return e.Status })
	fieldStatusRegistered = true
	for _, tt := range []struct {
		err  error
		want string
	}{
		{err, "429"},
		{&fieldStatusErr{Status: 7}, "*otelagent_test.fieldStatusErr"}, // not a status
		{&fieldStatusErr{Status: 600}, "*otelagent_test.fieldStatusErr"},
		{&fieldStatusErr{Status: 599}, "599"},
		{&fieldStatusErr{Status: 100}, "100"},
		{otelagent.WithErrorType(err, "rate_limited"), "rate_limited"}, // an explicit class wins
		{errors.New("other"), "_OTHER"},
	} {
		if got := otelagent.ErrorType(tt.err); got != tt.want {
			t.Errorf("ErrorType(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
