package otelagenttest_test

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// fakeTB records the failures a harness reports instead of failing the
// test, so the harness's own checks can be shown to fail. Cleanups go to
// the real test.
type fakeTB struct {
	t *testing.T

	mu     sync.Mutex
	errors []string
	fatal  bool
}

func newFakeTB(t *testing.T) *fakeTB { return &fakeTB{t: t} }

func (f *fakeTB) Helper()           {}
func (f *fakeTB) Cleanup(fn func()) { f.t.Cleanup(fn) }

func (f *fakeTB) Errorf(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

// Fatalf stops the goroutine, as testing.T's does; call code that may
// reach it through run.
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.mu.Lock()
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
	f.fatal = true
	f.mu.Unlock()
	runtime.Goexit()
}

// run calls fn in its own goroutine, so that Fatalf can end it, and
// reports whether it returned normally.
func (f *fakeTB) run(fn func()) (returned bool) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
		returned = true
	}()
	<-done
	return returned
}

// reset forgets the failures recorded so far.
func (f *fakeTB) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errors, f.fatal = nil, false
}

func (f *fakeTB) failures() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.errors...)
}

// wantFailure fails t unless a recorded failure contains each of parts.
func (f *fakeTB) wantFailure(t *testing.T, parts ...string) {
	t.Helper()
	for _, msg := range f.failures() {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(msg, p)
		}
		if ok {
			return
		}
	}
	t.Errorf("want a failure containing %q, got %q", parts, f.failures())
}

func (f *fakeTB) wantNoFailure(t *testing.T) {
	t.Helper()
	if got := f.failures(); len(got) > 0 {
		t.Errorf("want no failure, got %q", got)
	}
}
