package setup

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/otelagent/otelagent-go/exporters"
)

// signal names one signal's OTLP settings: its variables' infix and the
// path appended to a generic endpoint.
type signal struct {
	name string // "traces" or "metrics", for messages
	env  string // "TRACES" or "METRICS"
	path string // "/v1/traces"
}

var (
	tracesSignal  = signal{"traces", "TRACES", "/v1/traces"}
	metricsSignal = signal{"metrics", "METRICS", "/v1/metrics"}
)

// otlpResolver resolves the OTLP settings of both signals. A variable both
// signals read is parsed once, and its problem is one line that says which
// signals it affects.
type otlpResolver struct {
	cfg    config
	parsed map[string]*parsedVar
	order  []string
}

type parsedVar struct {
	value any
	err   error
	// fatal problems stop the signal's OTLP export: sending it somewhere
	// unintended, without the credentials or the trust the user meant,
	// would be worse than not sending.
	fatal   bool
	signals []string
}

func newOTLPResolver(cfg config) *otlpResolver {
	return &otlpResolver{cfg: cfg, parsed: map[string]*parsedVar{}}
}

// parse returns name's parsed value, parsing it on first use. ok is false
// when the value is unusable and fatal for sig.
func (r *otlpResolver) parse(name string, sig signal, fatal bool, f func() (any, error)) (any, bool) {
	p, seen := r.parsed[name]
	if !seen {
		v, err := f()
		p = &parsedVar{value: v, err: err, fatal: fatal}
		r.parsed[name] = p
		r.order = append(r.order, name)
	}
	if !contains(p.signals, sig.name) {
		p.signals = append(p.signals, sig.name)
	}
	return p.value, p.err == nil || !p.fatal
}

// problems returns one line per bad variable, in the order they were read.
func (r *otlpResolver) problems() []error {
	var errs []error
	for _, name := range r.order {
		p := r.parsed[name]
		if p.err == nil {
			continue
		}
		if !p.fatal {
			errs = append(errs, p.err)
			continue
		}
		errs = append(errs, fmt.Errorf("%w; %s not exported over OTLP", p.err, strings.Join(p.signals, " and ")))
	}
	return errs
}

// lookup returns the signal's own variable if set, else the generic one,
// and the name of the one it read ("" when neither is set).
func (r *otlpResolver) lookup(sig signal, setting string) (value, name string) {
	if v := r.cfg.getenv(otlpVar(sig.env, setting)); strings.TrimSpace(v) != "" {
		return v, otlpVar(sig.env, setting)
	}
	if v := r.cfg.getenv(otlpVar("", setting)); strings.TrimSpace(v) != "" {
		return v, otlpVar("", setting)
	}
	return "", ""
}

// resolve works out one signal's Endpoint: options first, then the
// signal's own variable, then the generic one, then the default. ok is
// false when a problem stops the signal's OTLP export.
func (r *otlpResolver) resolve(sig signal) (ep exporters.Endpoint, ok bool) {
	ok = true
	fail := func(good bool) {
		if !good {
			ok = false
		}
	}

	ep.Protocol = exporters.ProtocolHTTPProtobuf
	if r.cfg.protocol != "" {
		v, good := r.parse("WithProtocol", sig, true, func() (any, error) { return parseProtocol("WithProtocol", r.cfg.protocol) })
		fail(good)
		ep.Protocol, _ = v.(string)
	} else if raw, name := r.lookup(sig, otlpProtocol); name != "" {
		v, good := r.parse(name, sig, true, func() (any, error) { return parseProtocol(name, raw) })
		fail(good)
		ep.Protocol, _ = v.(string)
	}
	grpc := ep.Protocol == exporters.ProtocolGRPC

	example := DefaultEndpoint
	if grpc {
		example = DefaultGRPCEndpoint
	}
	switch own := otlpVar(sig.env, otlpEndpoint); {
	case r.cfg.endpoint != "":
		v, good := r.parse("WithEndpoint", sig, true, func() (any, error) { return parseEndpoint("WithEndpoint", r.cfg.endpoint, example) })
		fail(good)
		ep.URL = baseURL(v, sig, grpc)
	case strings.TrimSpace(r.cfg.getenv(own)) != "":
		// A signal's own endpoint is used as it is.
		raw := r.cfg.getenv(own)
		ownExample := example + sig.path
		if grpc {
			ownExample = example
		}
		_, good := r.parse(own, sig, true, func() (any, error) { return parseEndpoint(own, raw, ownExample) })
		fail(good)
		if good {
			ep.URL = strings.TrimSpace(raw)
		}
	case strings.TrimSpace(r.cfg.getenv(otlpVar("", otlpEndpoint))) != "":
		name := otlpVar("", otlpEndpoint)
		raw := r.cfg.getenv(name)
		v, good := r.parse(name, sig, true, func() (any, error) { return parseEndpoint(name, raw, example) })
		fail(good)
		ep.URL = baseURL(v, sig, grpc)
	default:
		if grpc {
			ep.URL = DefaultGRPCEndpoint
		} else {
			ep.URL = DefaultEndpoint + sig.path
		}
	}

	if r.cfg.headers != nil {
		ep.Headers = r.cfg.headers
	} else if raw, name := r.lookup(sig, otlpHeaders); name != "" {
		v, good := r.parse(name, sig, true, func() (any, error) { return parseHeaders(name, raw) })
		fail(good)
		ep.Headers, _ = v.(map[string]string)
	}

	ep.Timeout = DefaultExportTimeout
	if r.cfg.exportTimeout > 0 {
		ep.Timeout = r.cfg.exportTimeout
	} else if raw, name := r.lookup(sig, otlpTimeout); name != "" {
		v, _ := r.parse(name, sig, false, func() (any, error) { return parseMillis(name, raw) })
		if d, _ := v.(time.Duration); d > 0 {
			ep.Timeout = d
		}
	}

	if raw, name := r.lookup(sig, otlpCompression); name != "" {
		v, _ := r.parse(name, sig, false, func() (any, error) { return parseCompression(name, raw) })
		ep.Compression, _ = v.(string)
	}

	if raw, name := r.lookup(sig, otlpInsecure); name != "" {
		v, _ := r.parse(name, sig, false, func() (any, error) {
			on, ok := parseBool(raw)
			if !ok {
				return false, fmt.Errorf("otelagent: %s=%q: not a boolean (write true or false); TLS kept", name, raw)
			}
			return on, nil
		})
		ep.Insecure, _ = v.(bool)
	}

	if r.cfg.tlsConfig != nil {
		ep.TLS = r.cfg.tlsConfig.Clone()
	} else {
		cfg, good := r.tlsFromEnv(sig)
		fail(good)
		ep.TLS = cfg
	}
	return ep, ok
}

// baseURL appends the signal's path to a generic endpoint; gRPC uses it as
// it is.
func baseURL(parsed any, sig signal, grpc bool) string {
	u, _ := parsed.(*url.URL)
	if u == nil {
		return ""
	}
	if grpc {
		return u.String()
	}
	return signalURL(u, sig.path)
}

// tlsFromEnv builds the signal's TLS configuration from the CERTIFICATE,
// CLIENT_CERTIFICATE and CLIENT_KEY variables; nil when none is set.
// Reading these files is the only I/O of the configuration step.
func (r *otlpResolver) tlsFromEnv(sig signal) (*tls.Config, bool) {
	caRaw, caName := r.lookup(sig, otlpCertificate)
	certRaw, certName := r.lookup(sig, otlpClientCert)
	keyRaw, keyName := r.lookup(sig, otlpClientKey)
	if caName == "" && certName == "" && keyName == "" {
		return nil, true
	}
	ok := true
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if caName != "" {
		v, good := r.parse(caName, sig, true, func() (any, error) { return loadCA(caName, caRaw) })
		if !good {
			ok = false
		}
		cfg.RootCAs, _ = v.(*x509.CertPool)
	}
	switch {
	case certName != "" && keyName != "":
		key := certName + "+" + keyName
		v, good := r.parse(key, sig, true, func() (any, error) { return loadKeyPair(certName, certRaw, keyName, keyRaw) })
		if !good {
			ok = false
		}
		if c, isCert := v.(tls.Certificate); isCert {
			cfg.Certificates = []tls.Certificate{c}
		}
	case certName != "":
		r.parse(certName+"+", sig, true, func() (any, error) {
			return nil, fmt.Errorf("otelagent: %s is set without %s (set both for mTLS, or neither)", certName, otlpVar(sig.env, otlpClientKey))
		})
		ok = false
	case keyName != "":
		r.parse("+"+keyName, sig, true, func() (any, error) {
			return nil, fmt.Errorf("otelagent: %s is set without %s (set both for mTLS, or neither)", keyName, otlpVar(sig.env, otlpClientCert))
		})
		ok = false
	}
	return cfg, ok
}

func loadCA(name, path string) (any, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("otelagent: %s=%q: cannot read it (%v; write the path of a PEM file of CA certificates)", name, path, unwrapPathError(err))
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("otelagent: %s=%q: no PEM certificate in it (write the path of a PEM file of CA certificates)", name, path)
	}
	return pool, nil
}

func loadKeyPair(certName, certPath, keyName, keyPath string) (any, error) {
	for _, f := range []struct{ name, path string }{{certName, certPath}, {keyName, keyPath}} {
		if _, err := os.Stat(f.path); err != nil {
			return nil, fmt.Errorf("otelagent: %s=%q: cannot read it (%v; write the path of a PEM file)", f.name, f.path, unwrapPathError(err))
		}
	}
	c, err := tls.LoadX509KeyPair(certPath, keyPath)
	if err != nil {
		// The error text of crypto/tls can quote key material: never print it.
		return nil, fmt.Errorf("otelagent: %s=%q and %s=%q: not a PEM certificate and its private key (write the paths of the client certificate and of its key)", certName, certPath, keyName, keyPath)
	}
	return c, nil
}

func parseProtocol(name, raw string) (any, error) {
	switch p := strings.ToLower(strings.TrimSpace(raw)); p {
	case exporters.ProtocolHTTPProtobuf, exporters.ProtocolHTTPJSON, exporters.ProtocolGRPC:
		return p, nil
	}
	return "", fmt.Errorf("otelagent: %s=%q: unknown protocol (write http/protobuf, http/json or grpc)", name, raw)
}

func parseCompression(name, raw string) (any, error) {
	switch c := strings.ToLower(strings.TrimSpace(raw)); c {
	case "gzip":
		return c, nil
	case "none":
		return "", nil
	}
	return "", fmt.Errorf("otelagent: %s=%q: unknown compression (write gzip or none); none used", name, raw)
}
