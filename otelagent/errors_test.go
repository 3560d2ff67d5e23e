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
		{"explicit class", otelagent.WithErrorType(errors.New("429 from api"), "rate_limited"), "rate_limited"},
		{"explicit free text ignored", otelagent.WithErrorType(errors.New("boom"), "has spaces in it"), "_OTHER"},
		{"explicit path ignored", otelagent.WithErrorType(errors.New("boom"), "/home/alice/plan.md"), "_OTHER"},
		{"explicit slash ignored", otelagent.WithErrorType(errors.New("boom"), "a/b"), "_OTHER"},
		{"explicit too long ignored", otelagent.WithErrorType(errors.New("boom"), strings.Repeat("x", 65)), "_OTHER"},
		{"ErrorType method free text ignored", freeTextClass{}, "otelagent_test.freeTextClass"},
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

// fieldStatusErr is an SDK's API error: its status is a field, and its
// type name says nothing.
type fieldStatusErr struct{ Status int }

func (e *fieldStatusErr) Error() string { return "API error: /home/alice/secret" }

func TestRegisterHTTPStatus(t *testing.T) {
	err := fmt.Errorf("call: %w", &fieldStatusErr{Status: 429})
	if got := otelagent.ErrorType(err); got != "*otelagent_test.fieldStatusErr" {
		t.Fatalf("before registering, ErrorType = %q, want the type name", got)
	}
	otelagent.RegisterHTTPStatus(func(e *fieldStatusErr) int { return e.Status })
	for _, tt := range []struct {
		err  error
		want string
	}{
		{err, "429"},
		{&fieldStatusErr{Status: 7}, "*otelagent_test.fieldStatusErr"}, // not a status
		{otelagent.WithErrorType(err, "rate_limited"), "rate_limited"}, // an explicit class wins
		{errors.New("other"), "_OTHER"},
	} {
		if got := otelagent.ErrorType(tt.err); got != tt.want {
			t.Errorf("ErrorType(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}
