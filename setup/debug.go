package setup

import (
	"fmt"
	"io"
	"path/filepath"
)

// openDebug returns where debug output goes, or nil for none. A debug log
// file is always a new file of mode 0600 (see openPrivateFile): what it
// holds is for the user's eyes only.
func openDebug(s settings, p *Pipeline) (io.Writer, error) {
	if s.debugLogFile == "" {
		return s.debug, nil
	}
	f, err := openPrivateFile(filepath.Dir(s.debugLogFile), filepath.Base(s.debugLogFile), false)
	if err != nil {
		return nil, fmt.Errorf("otelagent: debug log %q: %v; debug output off", s.debugLogFile, err)
	}
	p.closers = append(p.closers, f)
	return f, nil
}
