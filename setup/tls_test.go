package setup

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

func newTestCA(t *testing.T) *testCA {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "otelagent test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key, pem: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}
}

// issue returns a certificate and key signed by the CA, as PEM, for a
// server on 127.0.0.1 or for a client.
func (ca *testCA) issue(t *testing.T, server bool) (certPEM, keyPEM []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "otelagent test"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	if server {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		tmpl.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder})
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// mtlsServer is an HTTPS server on 127.0.0.1 that requires a client
// certificate signed by clientCA.
func mtlsServer(t *testing.T, ca *testCA) *httptest.Server {
	certPEM, keyPEM := ca.issue(t, true)
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func post(cfg *tls.Config, url string) error {
	tr := &http.Transport{TLSClientConfig: cfg}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	resp, err := c.Post(url, "application/x-protobuf", strings.NewReader(""))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// TestTLSFromEnvironment: the CERTIFICATE, CLIENT_CERTIFICATE and
// CLIENT_KEY variables, generic and per signal, give a TLS configuration
// that verifies a server of the test's CA and authenticates to it (mTLS);
// without them, or with another CA, the handshake fails.
func TestTLSFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	ca := newTestCA(t)
	srv := mtlsServer(t, ca)
	caFile := writeFile(t, dir, "ca.pem", ca.pem)
	clientCert, clientKey := ca.issue(t, false)
	certFile := writeFile(t, dir, "client.pem", clientCert)
	keyFile := writeFile(t, dir, "client-key.pem", clientKey)
	otherCA := writeFile(t, dir, "other.pem", newTestCA(t).pem)

	for _, sig := range []string{"", "TRACES", "METRICS"} {
		env := map[string]string{
			otlpVar(sig, otlpCertificate): caFile,
			otlpVar(sig, otlpClientCert):  certFile,
			otlpVar(sig, otlpClientKey):   keyFile,
		}
		s, problems := resolveEnv(env)
		if len(problems) != 0 {
			t.Fatalf("%v: %v", env, problems)
		}
		for _, sg := range signals {
			ep := sg.get(s)
			configured := sig == "" || sig == sg.sig.env
			if !configured {
				if ep.TLS != nil {
					t.Errorf("%v: %s got a TLS configuration", env, sg.sig.name)
				}
				continue
			}
			if err := post(ep.TLS, srv.URL+sg.sig.path); err != nil {
				t.Errorf("%v: %s: %v", env, sg.sig.name, err)
			}
			// Without the client certificate, the server refuses.
			noClient := ep.TLS.Clone()
			noClient.Certificates = nil
			if err := post(noClient, srv.URL+sg.sig.path); err == nil {
				t.Errorf("%v: %s: the server accepted a client without a certificate", env, sg.sig.name)
			}
		}
	}

	// Another CA does not verify the server.
	s, _ := resolveEnv(map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": otherCA, "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": certFile, "OTEL_EXPORTER_OTLP_CLIENT_KEY": keyFile})
	if err := post(s.tracesOTLP.TLS, srv.URL+"/v1/traces"); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("a server of another CA was trusted: %v", err)
	}

	// A per-signal certificate wins over the generic one.
	s, _ = resolveEnv(map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": otherCA, "OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE": caFile,
		"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": certFile, "OTEL_EXPORTER_OTLP_CLIENT_KEY": keyFile})
	if err := post(s.metricsOTLP.TLS, srv.URL+"/v1/metrics"); err != nil {
		t.Errorf("metrics with their own CA: %v", err)
	}
	if err := post(s.tracesOTLP.TLS, srv.URL+"/v1/traces"); err == nil {
		t.Error("traces used the metrics' CA")
	}

	// WithTLSConfig wins over the variables.
	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	pair, _ := tls.X509KeyPair(clientCert, clientKey)
	s, _ = resolveEnv(map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": otherCA}, WithTLSConfig(&tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}}))
	for _, sg := range signals {
		if err := post(sg.get(s).TLS, srv.URL+sg.sig.path); err != nil {
			t.Errorf("WithTLSConfig, %s: %v", sg.sig.name, err)
		}
	}
}

func TestBadCertificateFiles(t *testing.T) {
	dir := t.TempDir()
	ca := newTestCA(t)
	cert, key := ca.issue(t, false)
	notPEM := writeFile(t, dir, "not.pem", []byte("hello"))
	certFile := writeFile(t, dir, "c.pem", cert)
	otherKey := writeFile(t, dir, "k.pem", func() []byte { _, k := ca.issue(t, false); return k }())
	_ = key
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": notPEM}, `otelagent: OTEL_EXPORTER_OTLP_CERTIFICATE="` + notPEM + `": no PEM certificate in it`},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE": certFile, "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY": otherKey},
			"otelagent: OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE=\"" + certFile + "\" and OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY"},
	}
	for _, tt := range tests {
		s, problems := resolveEnv(tt.env)
		if len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), tt.want) {
			t.Errorf("%v: problems %q, want one starting %q", tt.env, problems, tt.want)
		}
		if contains(s.traces, ExporterOTLP) {
			t.Errorf("%v: traces still exported over OTLP without the TLS the user asked for", tt.env)
		}
	}
}
