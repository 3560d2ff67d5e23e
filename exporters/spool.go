package exporters

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Spool defaults: enough for a long offline session of an agent CLI, small
// enough to be irrelevant on a user's disk.
const (
	DefaultSpoolMaxBytes = 16 << 20
	DefaultSpoolMaxAge   = 7 * 24 * time.Hour
)

const (
	spoolExt    = ".otlp"
	claimMarker = ".claim-"
	// staleClaimAge: a claimed file older than this belongs to a process that
	// died between claiming and deleting it, since every send is bounded by
	// the export timeout. It is given back so another run can send it.
	staleClaimAge = 2 * time.Minute
)

// SpoolStats describes what a spool holds and has lost.
type SpoolStats struct {
	// Spans and Bytes held now (for a directory spool: unclaimed files).
	Spans int
	Bytes int64
	// Dropped counts spans removed unsent to honour the size and age bounds.
	Dropped uint64
}

// payloadSpool keeps encoded OTLP requests that could not be sent: the exact
// bytes that would have gone on the wire, so whatever reaches the disk has
// already passed every exporter wrapper (the privacy filter included).
//
// With a directory, each request is one file, named so that a lexical sort is
// oldest first and so that it records its span count:
// <unixnano>-<pid>-<seq>-<spans>.otlp. Several processes may share the
// directory: a file is claimed by renaming it before it is sent and deleted
// after the collector accepted it, so no two processes send the same file.
// Without a directory the requests stay in memory and die with the process.
type payloadSpool struct {
	dir      string
	maxBytes int64
	maxAge   time.Duration
	now      func() time.Time

	seq     atomic.Uint64
	dropped atomic.Uint64

	mu       sync.Mutex // guards mem, memBytes; serializes bounds enforcement
	mem      []spoolEntry
	memBytes int64
}

type spoolEntry struct {
	body  []byte
	spans int
	at    time.Time
}

// openSpool prepares a spool; dir "" means memory only. The directory is
// created with mode 0700, and tightened to 0700 if it exists, because spooled
// telemetry is the user's private data.
func openSpool(dir string, maxBytes int64, maxAge time.Duration) (*payloadSpool, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultSpoolMaxBytes
	}
	if maxAge <= 0 {
		maxAge = DefaultSpoolMaxAge
	}
	s := &payloadSpool{dir: dir, maxBytes: maxBytes, maxAge: maxAge, now: time.Now}
	if dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("otelagent: spool directory %q: %w; set another directory or disable the spool", dir, err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("otelagent: spool directory %q: %w; set another directory or disable the spool", dir, err)
	}
	return s, nil
}

// put keeps one encoded request. When it cannot, it returns an error and the
// caller keeps the spans or counts them as dropped.
func (s *payloadSpool) put(body []byte, spans int) error {
	if int64(len(body)) > s.maxBytes {
		return errors.New("otelagent: span request larger than the spool size bound; not spooled")
	}
	now := s.now()
	if s.dir == "" {
		s.mu.Lock()
		s.mem = append(s.mem, spoolEntry{body: body, spans: spans, at: now})
		s.memBytes += int64(len(body))
		s.enforceMemLocked(now)
		s.mu.Unlock()
		return nil
	}
	name := fmt.Sprintf("%019d-%d-%d-%d%s", now.UnixNano(), os.Getpid(), s.seq.Add(1), spans, spoolExt)
	tmp := filepath.Join(s.dir, "."+name+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("otelagent: spool write: %w", err)
	}
	_, werr := f.Write(body)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		// The rename publishes the file whole: a replayer never sees half of it.
		werr = os.Rename(tmp, filepath.Join(s.dir, name))
	}
	if werr != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("otelagent: spool write: %w", werr)
	}
	s.mu.Lock()
	s.enforceDiskLocked(now)
	s.mu.Unlock()
	return nil
}

func (s *payloadSpool) enforceMemLocked(now time.Time) {
	drop := 0
	for drop < len(s.mem) && (s.memBytes > s.maxBytes || now.Sub(s.mem[drop].at) > s.maxAge) {
		s.memBytes -= int64(len(s.mem[drop].body))
		s.dropped.Add(uint64(s.mem[drop].spans))
		drop++
	}
	s.mem = slices.Delete(s.mem, 0, drop)
}

type spoolFile struct {
	name  string
	at    time.Time
	spans int
	size  int64
}

// list returns the unclaimed spool files, oldest first, and gives back stale
// claims and removes stale temporary files on the way.
func (s *payloadSpool) list(now time.Time) ([]spoolFile, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var files []spoolFile
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasSuffix(name, spoolExt):
			at, spans, ok := parseSpoolName(name)
			if !ok {
				continue
			}
			info, err := e.Info()
			if err != nil {
				continue // claimed by another process meanwhile
			}
			files = append(files, spoolFile{name: name, at: at, spans: spans, size: info.Size()})
		case strings.Contains(name, spoolExt+claimMarker):
			base, claimed, ok := parseClaim(name)
			if ok && now.Sub(claimed) > staleClaimAge {
				_ = os.Rename(filepath.Join(s.dir, name), filepath.Join(s.dir, base))
			}
		case strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".tmp"):
			if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleClaimAge {
				_ = os.Remove(filepath.Join(s.dir, name))
			}
		}
	}
	slices.SortFunc(files, func(a, b spoolFile) int { return strings.Compare(a.name, b.name) })
	return files, nil
}

func parseSpoolName(name string) (at time.Time, spans int, ok bool) {
	parts := strings.Split(strings.TrimSuffix(name, spoolExt), "-")
	if len(parts) != 4 {
		return time.Time{}, 0, false
	}
	ns, err1 := strconv.ParseInt(parts[0], 10, 64)
	n, err2 := strconv.Atoi(parts[3])
	if err1 != nil || err2 != nil {
		return time.Time{}, 0, false
	}
	return time.Unix(0, ns), n, true
}

func parseClaim(name string) (base string, claimed time.Time, ok bool) {
	i := strings.Index(name, claimMarker)
	parts := strings.Split(name[i+len(claimMarker):], "-")
	if len(parts) != 2 {
		return "", time.Time{}, false
	}
	ns, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "", time.Time{}, false
	}
	return name[:i], time.Unix(0, ns), true
}

// dropFile removes an unclaimed file and counts its spans, unless another
// process claimed or removed it first.
func (s *payloadSpool) dropFile(f spoolFile) {
	if os.Remove(filepath.Join(s.dir, f.name)) == nil {
		s.dropped.Add(uint64(f.spans))
	}
}

func (s *payloadSpool) enforceDiskLocked(now time.Time) {
	files, err := s.list(now)
	if err != nil {
		return
	}
	var total int64
	for _, f := range files {
		total += f.size
	}
	for _, f := range files {
		if total <= s.maxBytes && now.Sub(f.at) <= s.maxAge {
			break
		}
		s.dropFile(f)
		total -= f.size
	}
}

// replay sends what the spool holds, oldest first, and stops at the first
// failure (the collector is unreachable again; the rest stays). It returns the
// number of spans the collector accepted.
func (s *payloadSpool) replay(ctx context.Context, send func(context.Context, []byte) error) (int, error) {
	if s.dir == "" {
		return s.replayMem(ctx, send)
	}
	now := s.now()
	files, err := s.list(now)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		if now.Sub(f.at) > s.maxAge {
			s.dropFile(f)
			continue
		}
		path := filepath.Join(s.dir, f.name)
		claimed := fmt.Sprintf("%s%s%d-%d", path, claimMarker, os.Getpid(), s.now().UnixNano())
		if os.Rename(path, claimed) != nil {
			continue // another process claimed it
		}
		body, err := os.ReadFile(claimed)
		if err != nil {
			_ = os.Remove(claimed)
			s.dropped.Add(uint64(f.spans))
			continue
		}
		if err := send(ctx, body); err != nil {
			if ee, ok := errors.AsType[*ExportError](err); ok && !ee.Transient() {
				// The collector rejects it for good: keeping it would block
				// the spool forever.
				_ = os.Remove(claimed)
				s.dropped.Add(uint64(f.spans))
				continue
			}
			_ = os.Rename(claimed, path)
			return sent, err
		}
		_ = os.Remove(claimed)
		sent += f.spans
	}
	return sent, nil
}

func (s *payloadSpool) replayMem(ctx context.Context, send func(context.Context, []byte) error) (int, error) {
	sent := 0
	for {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		s.mu.Lock()
		s.enforceMemLocked(s.now())
		if len(s.mem) == 0 {
			s.mu.Unlock()
			return sent, nil
		}
		e := s.mem[0]
		s.mem = s.mem[1:]
		s.memBytes -= int64(len(e.body))
		s.mu.Unlock()

		if err := send(ctx, e.body); err != nil {
			if ee, ok := errors.AsType[*ExportError](err); ok && !ee.Transient() {
				s.dropped.Add(uint64(e.spans))
				continue
			}
			s.mu.Lock()
			s.mem = slices.Insert(s.mem, 0, e)
			s.memBytes += int64(len(e.body))
			s.mu.Unlock()
			return sent, err
		}
		sent += e.spans
	}
}

// discardMem empties a memory spool, counting its spans as dropped: called
// when the process is about to lose them.
func (s *payloadSpool) discardMem() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.mem {
		s.dropped.Add(uint64(e.spans))
	}
	s.mem, s.memBytes = nil, 0
}

func (s *payloadSpool) stats() SpoolStats {
	st := SpoolStats{Dropped: s.dropped.Load()}
	if s.dir == "" {
		s.mu.Lock()
		for _, e := range s.mem {
			st.Spans += e.spans
		}
		st.Bytes = s.memBytes
		s.mu.Unlock()
		return st
	}
	files, err := s.list(s.now())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return st
	}
	for _, f := range files {
		st.Spans += f.spans
		st.Bytes += f.size
	}
	return st
}
