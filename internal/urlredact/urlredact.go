// Package urlredact makes endpoint URLs safe to print. Endpoints of hosted
// collectors often carry credentials: a password or a token as the user
// name, an api_key or a signature in the query. Everything otelagent prints
// (configuration problems, the exit line, Status, a redirect's target, the
// SDK's lines) goes through URL, so that none of them shows one.
package urlredact

import (
	"net/url"
	"strings"
)

// Marker replaces what is removed.
const Marker = "REDACTED"

// URL returns raw as it may be printed: the password of its userinfo, a
// user name standing alone (it may be a token) and every query value
// replaced by REDACTED, and the fragment removed. Query names stay, so the
// user can still tell which setting is meant. Text that does not parse as
// a URL with a host is printed without what comes before an '@' (user
// information) or after a '?' or '#', so that "localhost:4318" and
// "garbage" still show, but a password or a query does not.
func URL(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.Host == "" {
		cut := false
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			raw, cut = raw[:i], true
		}
		if i := strings.LastIndexByte(raw, '@'); i >= 0 {
			raw = "…" + raw[i:]
		}
		if cut {
			raw += "…"
		}
		return raw
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), Marker)
		} else {
			u.User = url.User(Marker)
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			q[k] = []string{Marker}
		}
		u.RawQuery = q.Encode()
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}
