package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
)

// minTokenLen is the shortest API token the daemon accepts: 32
// characters, as the 64 hex digits it generates are well above.
const minTokenLen = 32

// readSecretFile reads a file that holds a secret (the API token),
// refusing one that others may read or write: whoever reads the token is
// the API's administrator, and whoever writes it chooses it.
func readSecretFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if m := fi.Mode().Perm(); m&0o066 != 0 {
		return nil, fmt.Errorf("%s may be read or written by other users (mode %04o): run chmod 600 on it", path, m)
	}
	return io.ReadAll(f)
}

// loadTLS loads the daemon's certificate and key when both are given.
func loadTLS(certFile, keyFile string) (*tls.Config, error) {
	if certFile == "" && keyFile == "" {
		return nil, nil
	}
	if certFile == "" || keyFile == "" {
		return nil, errors.New("--tls-cert and --tls-key go together")
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert/--tls-key: %v", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// warnIfExposed warns when the API listens beyond loopback, louder
// without TLS: the token and the Art. 15 reports would cross the network
// in clear.
func warnIfExposed(log *slog.Logger, addr net.Addr, tlsOn bool) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP.IsLoopback() {
		return
	}
	if tlsOn {
		log.Warn("the API listens beyond loopback: reachable from the network", "address", addr.String())
		return
	}
	log.Warn("the API listens beyond loopback without TLS: the token and the reports cross the network in clear (use --tls-cert and --tls-key)", "address", addr.String())
}
