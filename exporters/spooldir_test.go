//go:build unix

package exporters

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

const victimSpoolEnv = "OTELAGENT_EXPORTERS_VICTIM_SPOOL"

// Unused uids: the victim and the other local user.
const (
	victimUID = 54242
	otherUID  = 54243
)

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to act as two local users (CI runs it as root)")
	}
}

// runVictim is the child of TestSpoolRefusesAnotherUsersDirectory: a
// program run by another user that tries to use the spool directory.
func runVictim() {
	_, err := NewDelivery(&Endpoint{URL: "http://127.0.0.1:1/v1/traces"}, nil, WithSpoolDir(os.Getenv(victimSpoolEnv)))
	if err != nil {
		_, _ = io.WriteString(os.Stdout, err.Error())
		os.Exit(0)
	}
	_, _ = io.WriteString(os.Stdout, "accepted")
	os.Exit(0)
}

// A spool directory that belongs to another user is refused, with one line
// that says what to do, by a program running as a non-root user whose
// chmod cannot change the owner.
func TestSpoolRefusesAnotherUsersDirectory(t *testing.T) {
	needRoot(t)
	base := t.TempDir()
	// The test's own directories: the victim must reach its binary.
	for _, d := range []string{filepath.Dir(base), base} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(base, "victim.test")
	data, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	for dir := filepath.Dir(base); dir != "/"; dir = filepath.Dir(dir) {
		if st, err := os.Stat(dir); err == nil && st.Mode().Perm()&0o001 == 0 {
			t.Skipf("%s is not searchable by other users", dir)
		}
	}
	spool := filepath.Join(base, "spool")
	if err := os.Mkdir(spool, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(spool, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(spool, otherUID, otherUID); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), victimSpoolEnv+"="+spool)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: victimUID, Gid: victimUID}}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("victim: %v (%s)", err, out)
	}
	if !strings.Contains(string(out), "owned by uid 54243, not by this user (uid 54242); refusing it") {
		t.Errorf("victim's answer: %q", out)
	}
}

// The same check in process: owned by another user, refused.
func TestSpoolRefusesForeignOwner(t *testing.T) {
	needRoot(t)
	dir := filepath.Join(t.TempDir(), "s")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dir, otherUID, otherUID); err != nil {
		t.Fatal(err)
	}
	_, err := NewDelivery(ep("http://127.0.0.1:1/v1/traces"), nil, WithSpoolDir(dir))
	if err == nil || !strings.Contains(err.Error(), "owned by uid 54243") {
		t.Errorf("err %v", err)
	}
}

// A symbolic link named like a spool file is never followed: its target
// (here a real spooled request) is not sent, and the link is removed.
func TestSpoolIgnoresPlantedSymlink(t *testing.T) {
	srv := newServer(t)
	dir, sealed := spoolOffline(t, srv, 2)
	outside := filepath.Join(t.TempDir(), "target")
	name := sealed[0]
	if err := os.Rename(filepath.Join(dir, name), outside); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(dir))
	h2.shutdown(t, context.Background())
	if srv.Arrivals() != 0 {
		t.Errorf("the symbolic link's target was sent: %d requests", srv.Arrivals())
	}
	if _, err := os.Lstat(filepath.Join(dir, name)); !os.IsNotExist(err) {
		t.Errorf("the planted link is still there: %v", err)
	}
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("the target was touched: %v", err)
	}
	if h2.d.Stats().SpoolGarbage != 1 {
		t.Errorf("garbage %d, want 1", h2.d.Stats().SpoolGarbage)
	}
}

// The directory is checked at each use through the descriptor held open: a
// directory swapped in at the path after start receives nothing, and a
// mode loosened after start makes delivery refuse to write (counted).
func TestSpoolCheckedAtEachUse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	h := newHarness(t, ep(downURL(t, "/v1/traces")), nil, WithSpoolDir(dir))
	h.d.Offline()
	if err := os.Rename(dir, dir+".moved"); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	h.endSpans(2)
	if planted, _ := os.ReadDir(dir); len(planted) != 0 {
		t.Errorf("the swapped-in directory received %d files", len(planted))
	}
	if n := len(spoolSpans(t, dir+".moved")); n != 2 {
		t.Errorf("%d spans in the original directory, want 2", n)
	}
	if err := os.Chmod(dir+".moved", 0o755); err != nil {
		t.Fatal(err)
	}
	h.endSpans(1)
	st := h.d.Stats().Traces
	checkInvariant(t, "refused", st)
	if st.Dropped[dropSpoolError] != 1 || !strings.Contains(h.diag.String(), "mode 0755; refusing it") {
		t.Errorf("stats %+v, diagnostics %q", st, h.diag.String())
	}
	h.shutdown(t, context.Background())
}

// A file claimed by a process that died (killed between claiming and
// deleting it) is given back at once, not after a long stale-claim wait;
// a fresh claim of a live process is left alone.
func TestDeadClaimerGivenBack(t *testing.T) {
	srv := newServer(t)
	dir, sealed := spoolOffline(t, srv, 3)
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip(err)
	}
	for _, name := range sealed {
		claimed := name + claimMarker + strconv.Itoa(dead.Process.Pid) + "-" + strconv.FormatInt(time.Now().UnixNano(), 10)
		if err := os.Rename(filepath.Join(dir, name), filepath.Join(dir, claimed)); err != nil {
			t.Fatal(err)
		}
	}
	h2 := newHarness(t, ep(srv.TracesURL()), nil, WithSpoolDir(dir))
	h2.shutdown(t, context.Background())
	if st := h2.d.Stats().Traces; st.Replayed != 3 || srv.UniqueSpans() != 3 {
		t.Errorf("replayed %d, collector has %d, want 3", st.Replayed, srv.UniqueSpans())
	}
}
