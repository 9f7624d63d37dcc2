package main

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
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTokenFileRules: a token shorter than 32 characters and a token file
// other users may read are refused, each with the reason; a missing one is
// made random, 0600.
func TestTokenFileRules(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("hunter2\n"), 0o600)
	if _, _, err := loadToken(short); err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Errorf("a 7-character token: %v", err)
	}
	open := filepath.Join(dir, "open")
	os.WriteFile(open, []byte(strings.Repeat("a1", 20)+"\n"), 0o644)
	os.Chmod(open, 0o644)
	if _, _, err := loadToken(open); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a token file readable by others: %v", err)
	}
	made := filepath.Join(dir, "made")
	tok, created, err := loadToken(made)
	if err != nil || !created || len(tok) < minTokenLen {
		t.Fatalf("a new token: %q %v %v", tok, created, err)
	}
	if fi, err := os.Stat(made); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the new token file: %v %v", fi.Mode(), err)
	}
	if again, _, err := loadToken(made); err != nil || again != tok {
		t.Fatalf("reading it back: %q %v", again, err)
	}

	// The daemon itself refuses to start on the short token, exit 2.
	cmd := exec.Command(piidBinary(t), "serve", "--watch", dir, "--data", filepath.Join(dir, "data"),
		"--listen", "127.0.0.1:0", "--token-file", short, "--hash-key-file", keyFileAbs(t))
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "at least 32") {
		t.Fatalf("serve with a short token: %v\n%s", err, out)
	}
}

// selfSigned writes a certificate for 127.0.0.1 and its key, and returns
// their paths and a pool that trusts it.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "piid test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

// TestDaemonTLS: with --tls-cert and --tls-key the API answers HTTPS only,
// and the CLI reaches it with --cacert.
func TestDaemonTLS(t *testing.T) {
	dir := t.TempDir()
	watch := filepath.Join(dir, "watch")
	writeFile(t, filepath.Join(watch, "a.csv"), "email\nanna.rossi@example.it\n")
	cert, key, pool := selfSigned(t, dir)
	d := startDaemonOpts(t, watch, filepath.Join(dir, "data"), false, "--tls-cert", cert, "--tls-key", key)
	if !strings.HasPrefix(d.url, "https://") {
		t.Fatalf("serving at %s, want https", d.url)
	}
	hc := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	d.waitFor("ready over TLS", func() bool {
		resp, err := hc.Get(d.url + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	if resp, err := http.Get("http://" + strings.TrimPrefix(d.url, "https://") + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Fatal("plain HTTP answered on the TLS port")
		}
	}
	if out := d.cli("dpo", 0, "dsar", "list", "--cacert", cert); strings.Contains(out, "certificate") {
		t.Fatalf("the CLI with --cacert: %s", out)
	}
	d.cli("dpo", 3, "dsar", "list") // no CA given: the certificate is not trusted
	d.stop()
}

// TestListenBeyondLoopbackWarns: a daemon reachable from the network says
// so, and without TLS says that the token crosses it in clear.
func TestListenBeyondLoopbackWarns(t *testing.T) {
	dir := t.TempDir()
	watch := filepath.Join(dir, "watch")
	os.MkdirAll(watch, 0o755)
	d := startDaemonOpts(t, watch, filepath.Join(dir, "data"), false, "--listen", "0.0.0.0:0")
	d.waitFor("the warning", func() bool { return strings.Contains(d.log(), "beyond loopback without TLS") })
	d.stop()
}
