//go:build !unix

package exporters

import (
	"errors"
	"time"
)

// dirSpool needs openat and O_NOFOLLOW to be safe against other local
// users; without them the spool stays in memory.
type dirSpool struct{ memSpool }

func openDirSpool(string, [2]string, bool, int64, time.Duration, func() time.Time, dropHook) (*dirSpool, error) {
	return nil, errors.New("otelagent: a spool directory needs a Unix system; undelivered telemetry stays in memory")
}

func (*dirSpool) size() int64       { return 0 }
func (*dirSpool) garbageCount() int { return 0 }
