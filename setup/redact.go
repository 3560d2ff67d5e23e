package setup

import (
	"net/url"
	"strings"
)

const redacted = "REDACTED"

// credentialParams are query parameter names whose values are secrets:
// endpoints of hosted collectors often carry a key in the URL.
var credentialParams = []string{
	"api_key", "apikey", "api-key", "key", "token", "access_token", "auth", "authorization",
	"secret", "client_secret", "password", "passwd", "pwd", "sig", "signature", "credential",
	"credentials", "session", "code",
}

// redactURL returns an endpoint as it may be printed: the password of its
// userinfo, a user name without a password (https://KEY@host: hosted
// collectors take keys so), the fragment and the values of credential-like
// query parameters (api_key, token, sig, ...) replaced by REDACTED.
// Something that does not parse as a URL is printed without anything after
// a '@', '?' or '#'.
func redactURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Opaque != "" {
		if i := strings.IndexAny(raw, "@?#"); i >= 0 {
			return raw[:i] + "…"
		}
		return raw
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), redacted)
		} else if u.User.Username() != "" {
			u.User = url.User(redacted)
		}
	}
	if u.Fragment != "" {
		u.Fragment, u.RawFragment = redacted, ""
	}
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for name, values := range q {
			if credentialParam(name) {
				for i := range values {
					values[i] = redacted
				}
				changed = true
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}

func credentialParam(name string) bool {
	n := strings.ToLower(name)
	for _, c := range credentialParams {
		if n == c || strings.HasSuffix(n, "_"+c) || strings.HasSuffix(n, "-"+c) {
			return true
		}
	}
	return strings.Contains(n, "secret") || strings.Contains(n, "token") || strings.Contains(n, "password")
}
