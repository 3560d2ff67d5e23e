//go:build unix

package exporters

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// A directory spool's files, all in one directory (mode 0700, owned by the
// effective user, checked at each use through a descriptor held open, so a
// directory swapped or re-permissioned after start is refused):
//
//	<ns>-<pid>-<run>-<seq>.<t|m>.<c0|c1>.<dest>.open   being appended to by run <run>
//	<ns>-<pid>-<run>-<seq>.<t|m>.<c0|c1>.<dest>.otlp   sealed: claimable, oldest first
//	<sealed name>.claim-<pid>-<ns>                      claimed by process <pid>
//	state.<t|m>.<dest>                                  the circuit's back-off for <dest>
//
// <dest> identifies the destination (endpoint and credentials, hashed: see
// binding), c1 marks content captured; files of another destination are
// never delivered here. Every file is opened relative to the directory
// descriptor with O_NOFOLLOW and checked to be a regular file of the user;
// files are created O_EXCL with mode 0600. Anything else in the directory
// is garbage: counted and removed.
const (
	extOpen     = ".open"
	extSealed   = ".otlp"
	claimMarker = ".claim-"
	statePrefix = "state."
	// staleClaimAge gives back a claim whose process is alive but is not the
	// claimer any more (its PID reused): every send is bounded by the export
	// timeout, so a live claimer settles well within it. A claim of a dead
	// process is given back at once.
	staleClaimAge = 30 * time.Second
)

type dirSpool struct {
	path     string
	fd       int
	uid      int
	pid      int
	run      string
	dest     [2]string // destination per signal
	capture  string    // "c0" or "c1"
	maxBytes int64
	maxAge   time.Duration
	now      func() time.Time
	drop     dropHook

	mu      sync.Mutex // guards everything below and serializes appends
	seq     int
	cur     [2]*os.File
	curName [2]string
	curSize [2]int64
	bytes   int64 // tracked: read once at open, then kept by this process
	closed  bool

	// garbage counts files and records removed as unreadable.
	garbage int
}

// openDirSpool opens (creating it with mode 0700 if missing) a spool
// directory that must belong to the effective user with mode 0700. dest
// names the destination of each signal, capture whether this run captures
// content.
func openDirSpool(path string, dest [2]string, capture bool, maxBytes int64, maxAge time.Duration,
	now func() time.Time, drop dropHook,
) (*dirSpool, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("otelagent: spool directory %q: cannot create it (%v); set OTELAGENT_SPOOL_DIR to a directory of yours", path, rootErr(err))
	}
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("otelagent: spool directory %q: cannot open it (%v); it must be a directory, not a symbolic link", path, err)
	}
	var run [4]byte
	_, _ = rand.Read(run[:])
	s := &dirSpool{
		path: path, fd: fd, uid: os.Geteuid(), pid: os.Getpid(), run: hex.EncodeToString(run[:]),
		dest: dest, capture: "c0", maxBytes: maxBytes, maxAge: maxAge, now: now, drop: drop,
	}
	if capture {
		s.capture = "c1"
	}
	// A directory of the user's that is too open (an old spool, a new
	// directory under a loose umask) is tightened once, through the
	// descriptor, so the check applies to the directory just verified.
	var st unix.Stat_t
	if unix.Fstat(fd, &st) == nil && int(st.Uid) == s.uid && uint32(st.Mode)&0o777 != 0o700 {
		_ = unix.Fchmod(fd, 0o700)
	}
	if err := s.check(); err != nil {
		_ = unix.Close(fd)
		return nil, err
	}
	// The size at open is read once; from then on this process keeps count.
	s.mu.Lock()
	s.scanLocked(nil, true)
	s.mu.Unlock()
	return s, nil
}

// check verifies, through the held descriptor, that the directory is the
// user's and private: another user who owns it or can write to it could
// plant requests that would be sent with this user's credentials.
func (s *dirSpool) check() error {
	var st unix.Stat_t
	if err := unix.Fstat(s.fd, &st); err != nil {
		return fmt.Errorf("otelagent: spool directory %q: %v", s.path, err)
	}
	if int(st.Uid) != s.uid {
		return fmt.Errorf("otelagent: spool directory %q is owned by uid %d, not by this user (uid %d); refusing it: set OTELAGENT_SPOOL_DIR to a directory of yours", s.path, st.Uid, s.uid)
	}
	if mode := uint32(st.Mode) & 0o777; mode != 0o700 {
		return fmt.Errorf("otelagent: spool directory %q has mode %#o; refusing it: run chmod 700 %q", s.path, mode, s.path)
	}
	return nil
}

func sigLetter(sig signalKind) string {
	if sig == signalMetrics {
		return "m"
	}
	return "t"
}

type spoolName struct {
	ns      int64
	pid     int
	run     string
	sig     signalKind
	capture string
	dest    string
	ext     string
	claimer int   // claimed files
	claimed int64 // claimed files: unix ns
}

// parseName reads a spool file name; ok is false for anything else.
func parseName(name string) (n spoolName, ok bool) {
	base := name
	if i := strings.Index(name, claimMarker); i >= 0 {
		base = name[:i]
		parts := strings.Split(name[i+len(claimMarker):], "-")
		if len(parts) != 2 {
			return n, false
		}
		var err1, err2 error
		n.claimer, err1 = strconv.Atoi(parts[0])
		n.claimed, err2 = strconv.ParseInt(parts[1], 10, 64)
		if err1 != nil || err2 != nil {
			return n, false
		}
	}
	f := strings.Split(base, ".")
	if len(f) != 5 {
		return n, false
	}
	n.ext = "." + f[4]
	if n.ext != extOpen && n.ext != extSealed || n.ext == extOpen && n.claimer != 0 {
		return n, false
	}
	switch f[1] {
	case "t":
		n.sig = signalTraces
	case "m":
		n.sig = signalMetrics
	default:
		return n, false
	}
	if f[2] != "c0" && f[2] != "c1" {
		return n, false
	}
	n.capture, n.dest = f[2], f[3]
	id := strings.Split(f[0], "-")
	if len(id) != 4 {
		return n, false
	}
	var err1, err2 error
	n.ns, err1 = strconv.ParseInt(id[0], 10, 64)
	n.pid, err2 = strconv.Atoi(id[1])
	if err1 != nil || err2 != nil {
		return n, false
	}
	n.run = id[2]
	return n, true
}

// alive reports whether process pid exists (EPERM: it does, as another user).
func alive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := unix.Kill(pid, 0)
	return err == nil || errors.Is(err, unix.EPERM)
}

type dirEntry struct {
	name string
	n    spoolName
	size int64
}

// scanLocked lists the directory: it seals the files of dead writers, gives
// back claims of dead (or long-stuck) claimers, removes garbage, and returns
// the sealed files of sig for this destination, oldest first. With count it
// also sets the tracked size. Sealed files are sorted by name: oldest first.
func (s *dirSpool) scanLocked(match func(spoolName) bool, count bool) []dirEntry {
	dfd, err := unix.Openat(s.fd, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	d := os.NewFile(uintptr(dfd), s.path)
	entries, _ := d.ReadDir(-1)
	_ = d.Close()
	now := s.now()
	var out []dirEntry
	var total int64
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, statePrefix) || strings.HasPrefix(name, ".state-") {
			continue
		}
		n, ok := parseName(name)
		if !ok || !e.Type().IsRegular() {
			// Planted symbolic links, stray files: never read, never sent.
			if unix.Unlinkat(s.fd, name, 0) == nil {
				s.garbage++
			}
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // claimed or removed by another process meanwhile
		}
		total += info.Size()
		switch {
		case n.claimer != 0:
			if !alive(n.claimer) || now.Sub(time.Unix(0, n.claimed)) > staleClaimAge {
				_ = unix.Renameat(s.fd, name, s.fd, name[:strings.Index(name, claimMarker)])
			}
		case n.ext == extOpen:
			if n.run != s.run && !alive(n.pid) {
				_ = unix.Renameat(s.fd, name, s.fd, strings.TrimSuffix(name, extOpen)+extSealed)
			}
		case match != nil && match(n):
			out = append(out, dirEntry{name: name, n: n, size: info.Size()})
		}
	}
	if count {
		s.bytes = total
	}
	slices.SortFunc(out, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	return out
}

// openFile opens name in the directory without following a symbolic link,
// and checks it is a regular file of the user.
func (s *dirSpool) openFile(name string, flags int) (*os.File, error) {
	fd, err := unix.Openat(s.fd, name, flags|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil || uint32(st.Mode)&unix.S_IFMT != unix.S_IFREG || int(st.Uid) != s.uid {
		_ = unix.Close(fd)
		return nil, fmt.Errorf("otelagent: spool file %q is not a regular file of this user", name)
	}
	return os.NewFile(uintptr(fd), name), nil
}

func (s *dirSpool) append(sig signalKind, body []byte) error {
	rec := frame(body)
	if int64(len(rec)) > s.maxBytes {
		return errSpoolTooLarge
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("otelagent: spool closed")
	}
	if err := s.check(); err != nil {
		return err
	}
	if s.cur[sig] == nil {
		s.seq++
		name := fmt.Sprintf("%019d-%d-%s-%d.%s.%s.%s%s", s.now().UnixNano(), s.pid, s.run, s.seq,
			sigLetter(sig), s.capture, s.dest[sig], extOpen)
		f, err := s.openFile(name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_APPEND)
		if err != nil {
			return fmt.Errorf("otelagent: spool write: %w", err)
		}
		s.cur[sig], s.curName[sig], s.curSize[sig] = f, name, 0
	}
	// One write: the record is in the file (the kernel's) when it returns,
	// and survives the process being killed.
	if _, err := s.cur[sig].Write(rec); err != nil {
		return fmt.Errorf("otelagent: spool write: %w", err)
	}
	s.curSize[sig] += int64(len(rec))
	s.bytes += int64(len(rec))
	if s.curSize[sig] >= maxBatchBytes {
		s.sealLocked(sig)
	}
	if s.bytes > s.maxBytes {
		s.enforceLocked()
	}
	return nil
}

// sealLocked makes this run's current file of sig claimable.
func (s *dirSpool) sealLocked(sig signalKind) {
	if s.cur[sig] == nil {
		return
	}
	_ = s.cur[sig].Close()
	_ = unix.Renameat(s.fd, s.curName[sig], s.fd, strings.TrimSuffix(s.curName[sig], extOpen)+extSealed)
	s.cur[sig], s.curName[sig], s.curSize[sig] = nil, "", 0
}

// enforceLocked removes the oldest sealed files, of any destination, until
// the directory is within its size bound.
func (s *dirSpool) enforceLocked() {
	for sig := range signalKind(2) {
		s.sealLocked(sig)
	}
	all := s.scanLocked(func(spoolName) bool { return true }, false)
	for _, e := range all {
		if s.bytes <= s.maxBytes {
			return
		}
		s.dropFileLocked(e, dropSpoolFull)
	}
}

// dropFileLocked removes an unclaimed sealed file and counts its items,
// unless another process claimed it first.
func (s *dirSpool) dropFileLocked(e dirEntry, reason string) {
	claimed := fmt.Sprintf("%s%s%d-%d", e.name, claimMarker, s.pid, s.now().UnixNano())
	if unix.Renameat(s.fd, e.name, s.fd, claimed) != nil {
		return
	}
	records, _ := s.readLocked(claimed)
	_ = unix.Unlinkat(s.fd, claimed, 0)
	s.bytes -= e.size
	for _, r := range records {
		n, _ := countItems(e.n.sig, r)
		s.drop(e.n.sig, e.n.run == s.run, n, reason)
	}
}

func (s *dirSpool) readLocked(name string) ([][]byte, int) {
	f, err := s.openFile(name, unix.O_RDONLY)
	if err != nil {
		return nil, 1
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.maxBytes+1))
	if err != nil {
		return nil, 1
	}
	return unframe(data)
}

func (s *dirSpool) claim(sig signalKind) (*batch, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(); err != nil {
		return nil, err
	}
	s.sealLocked(sig)
	now := s.now()
	mine := func(n spoolName) bool { return n.sig == sig && n.dest == s.dest[sig] }
	for _, e := range s.scanLocked(mine, false) {
		if now.Sub(time.Unix(0, e.n.ns)) > s.maxAge {
			s.dropFileLocked(e, dropSpoolAge)
			continue
		}
		claimed := fmt.Sprintf("%s%s%d-%d", e.name, claimMarker, s.pid, now.UnixNano())
		if unix.Renameat(s.fd, e.name, s.fd, claimed) != nil {
			continue // another process claimed it
		}
		records, garbage := s.readLocked(claimed)
		s.garbage += garbage
		return &batch{
			sig: sig, records: records, garbage: garbage, name: claimed, size: e.size,
			own: e.n.run == s.run, captured: e.n.capture == "c1",
		}, nil
	}
	return nil, nil
}

func (s *dirSpool) release(b *batch, remove bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if remove {
		if unix.Unlinkat(s.fd, b.name, 0) == nil {
			s.bytes -= b.size
		}
		return
	}
	_ = unix.Renameat(s.fd, b.name, s.fd, b.name[:strings.Index(b.name, claimMarker)])
}

func (s *dirSpool) stateName(sig signalKind) string {
	return statePrefix + sigLetter(sig) + "." + s.dest[sig]
}

func (s *dirSpool) retryUntil(sig signalKind) (time.Time, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := s.openFile(s.stateName(sig), unix.O_RDONLY)
	if err != nil {
		return time.Time{}, ""
	}
	defer f.Close()
	data, _ := io.ReadAll(io.LimitReader(f, 128))
	fields := strings.Fields(string(data))
	if len(fields) != 2 {
		return time.Time{}, ""
	}
	ns, err := strconv.ParseInt(fields[0], 10, 64)
	if err != nil {
		return time.Time{}, ""
	}
	return time.Unix(0, ns), fields[1]
}

func (s *dirSpool) setRetryUntil(sig signalKind, until time.Time, class string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.check() != nil {
		return
	}
	tmp := fmt.Sprintf(".state-%d-%d", s.pid, s.now().UnixNano())
	f, err := s.openFile(tmp, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL)
	if err != nil {
		return
	}
	_, werr := fmt.Fprintf(f, "%d %s\n", until.UnixNano(), class)
	if cerr := f.Close(); werr == nil && cerr == nil {
		if unix.Renameat(s.fd, tmp, s.fd, s.stateName(sig)) == nil {
			return
		}
	}
	_ = unix.Unlinkat(s.fd, tmp, 0)
}

func (s *dirSpool) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	for sig := range signalKind(2) {
		s.sealLocked(sig)
	}
	_ = unix.Close(s.fd)
}

// garbageCount reports files and records removed as unreadable.
func (s *dirSpool) garbageCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.garbage
}

func (s *dirSpool) size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bytes
}

// earlierItems counts the items of sig that earlier runs left in the spool
// for this destination and that are still there: what the exit line calls
// the backlog. It reads and decodes those files, so it is for the end of a
// run that could not deliver, never for Stats.
func (s *dirSpool) earlierItems(sig signalKind) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.check() != nil {
		return 0
	}
	earlier := func(n spoolName) bool { return n.sig == sig && n.dest == s.dest[sig] && n.run != s.run }
	var total uint64
	for _, e := range s.scanLocked(earlier, false) {
		records, _ := s.readLocked(e.name)
		for _, r := range records {
			if n, ok := quickCount(sig, r); ok {
				total += uint64(n)
			}
		}
	}
	return total
}
