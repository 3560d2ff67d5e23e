package setup

import (
	"fmt"
	"io"
	"os"
)

// openDebug returns where debug output goes, or nil for none.
func openDebug(cfg config, p *Pipeline) (io.Writer, error) {
	if cfg.debugLogFile == "" {
		return cfg.debug, nil
	}
	f, err := os.OpenFile(cfg.debugLogFile, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("otelagent: debug log %q: cannot create it (%v); debug output off", cfg.debugLogFile, unwrapPathError(err))
	}
	// The file may have existed with wider permissions; what it will hold
	// is for the user's eyes only.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, fmt.Errorf("otelagent: debug log %q: cannot restrict it to mode 0600 (%v); debug output off", cfg.debugLogFile, unwrapPathError(err))
	}
	p.closers = append(p.closers, f)
	return f, nil
}
