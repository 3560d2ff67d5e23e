//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package viewer

import "os"

// terminalColumns is unknown here: COLUMNS or the default applies.
func terminalColumns(*os.File) int { return 0 }
