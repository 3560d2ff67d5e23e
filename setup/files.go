package setup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// openPrivateFile opens dir/name for writing what telemetry holds, so that
// no other local user can read it, write it or point it elsewhere:
//
//   - dir must be owned by this user (or root) and not writable by others,
//     unless it has the sticky bit (as /tmp does), which stops them from
//     replacing files they do not own;
//   - a new file is created with O_EXCL and mode 0600, without following a
//     symbolic link;
//   - an existing file is appended to (append) only if it is a regular file
//     of this user with mode 0600 and one link; otherwise (append false) an
//     existing file of this user is removed and created anew, so that a
//     descriptor another user opened earlier sees nothing new.
//
// Anything else is refused; the error says what to do.
func openPrivateFile(dir, name string, appendMode bool) (*os.File, error) {
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, name)
	const create = os.O_WRONLY | os.O_CREATE | os.O_EXCL | syscall.O_NOFOLLOW
	f, err := os.OpenFile(path, create, 0o600)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrExist) {
		return nil, reason(err)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, reason(err)
	}
	if err := checkOwnFile(fi); err != nil {
		return nil, err
	}
	if appendMode && fi.Mode().Perm() == 0o600 {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|syscall.O_NOFOLLOW, 0)
		if err != nil {
			return nil, reason(err)
		}
		// The file opened must be the one checked.
		if now, err := f.Stat(); err != nil || !os.SameFile(fi, now) {
			f.Close()
			return nil, errors.New("it changed while being opened; nothing written")
		}
		return f, nil
	}
	if appendMode {
		return nil, fmt.Errorf("it exists with mode %04o, readable by others (remove it, or chmod 600 it)", fi.Mode().Perm())
	}
	// A fresh file: whoever opened the old one keeps only the old one.
	if err := os.Remove(path); err != nil {
		return nil, reason(err)
	}
	f, err = os.OpenFile(path, create, 0o600)
	if err != nil {
		return nil, reason(err)
	}
	return f, nil
}

func checkDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return reason(err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	uid, ok := ownerOf(fi)
	if ok && uid != os.Geteuid() && uid != 0 {
		return fmt.Errorf("directory %s belongs to another user (write it in a directory of yours)", dir)
	}
	if fi.Mode().Perm()&0o022 != 0 && fi.Mode()&fs.ModeSticky == 0 {
		return fmt.Errorf("directory %s is writable by other users (chmod go-w it, or write elsewhere)", dir)
	}
	return nil
}

func checkOwnFile(fi fs.FileInfo) error {
	if fi.Mode()&fs.ModeSymlink != 0 {
		return errors.New("it is a symbolic link (remove it; links are never followed)")
	}
	if !fi.Mode().IsRegular() {
		return errors.New("it is not a regular file (remove it)")
	}
	if uid, ok := ownerOf(fi); ok && uid != os.Geteuid() {
		return errors.New("it belongs to another user (remove it, or write elsewhere)")
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink != 1 {
		return errors.New("it has other hard links (remove it)")
	}
	return nil
}

func ownerOf(fi fs.FileInfo) (int, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}

// reason is an *fs.PathError's operating-system reason, without the path
// the message already names.
func reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, syscall.ELOOP) {
			return errors.New("it is a symbolic link (remove it; links are never followed)")
		}
		return pe.Err
	}
	return err
}
